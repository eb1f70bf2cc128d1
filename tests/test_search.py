"""The search finds what a visitor means however they type it, ranks names above context, and
never breaks on what a stranger types."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import search as s
from geo.load import load_atlas
from geo.paths import DATA_DIR
from geo.search import Hit, build_index, normalise, search


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(DATA_DIR)


@pytest.fixture(scope="module")
def index(atlas):
    return build_index(atlas)


def top(index, query, lang="en", limit=8):
    return [h.id for h in search(index, query, lang, limit)]


def first(index, query, lang="en"):
    hits = search(index, query, lang)
    assert hits, f"nothing found for {query!r}"
    return hits[0]


# --- normalise ---------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("Bayóvar", "bayovar"),
    ("BAYÓVAR", "bayovar"),
    ("  Cerro   Verde \t", "cerro verde"),
    ("cerro-verde", "cerro verde"),
    ("Raúl–Condestable", "raul condestable"),
    ("Freeport-McMoRan", "freeport mcmoran"),
    ("Cañariaco", "canariaco"),
    ("Straße", "strasse"),
    ("ｙａｎａｃｏｃｈａ", "yanacocha"),          # full-width Latin
    ("ﾏﾃﾘｱﾙ", "マテリアル"),                     # half-width katakana
    ("まてりある", "マテリアル"),                  # hiragana folds to katakana
    ("がぎぐ", "ガギグ"),                          # voicing marks are not accents
    ("ﾊﾟﾝ", "パン"),
    ("三菱ＵＦＪ銀行", "三菱ufj銀行"),
    ("パンパシフィック・カッパー", "パンパシフィック カッパー"),
    ("yana\u00adcocha", "yanacocha"),             # soft hyphen is invisible
    ("yana\x00\x1bcocha", "yanacocha"),
    ("<script>alert(1)</script>", "script alert 1 script"),
    ("{{7*7}}", "7 7"),
    ("", ""),
    (None, ""),
    (float("nan"), ""),
    (42, "42"),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_normalise_truncates_long_input():
    assert len(normalise("a" * 10_000)) == s.MAX_QUERY
    assert normalise("x" * 199 + "yz") == "x" * 199 + "y"
    assert len(normalise("㍿" * 200)) == s.MAX_QUERY          # NFKC makes it four times longer
    assert normalise(normalise("㍿" * 200)) == normalise("㍿" * 200)


# --- the examples a visitor types, on the real data --------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("yanacocha", "yanacocha"),
    ("Bayovar", "bayovar"),
    ("cerro verde", "cerro_verde"),
    ("Cerro  Verde!", "cerro_verde"),
    ("cerro-verde", "cerro_verde"),
    ("cerroverde", "cerro_verde"),
    ("quella", "quellaveco"),
    ("veco", "quellaveco"),                       # inside a word
    ("miski mayo", "bayovar"),                    # a word in brackets
    ("condestable", "condestable"),
    ("Freeport–McMoRan", "freeport_mcmoran"),
    ("mitsui kinzoku", "mitsui_mining_smelting"),
    ("canariaco", "canariaco"),
    ("ｙａｎａｃｏｃｈａ", "yanacocha"),
])
def test_finds_by_name(index, query, expected):
    assert first(index, query).id == expected


@pytest.mark.parametrize("query", ["BAYÓVAR", "bayovar ", "Bayovar", "  bAyÓvAr", "ＢＡＹＯＶＡＲ"])
def test_spellings_of_one_name_agree(index, query):
    assert search(index, query, "en") == search(index, "Bayovar", "en")
    assert first(index, query).id == "bayovar"


def test_mitsubishi_finds_both_companies_and_their_sites(index):
    hits = search(index, "mitsubishi", "en")
    assert [h.id for h in hits[:2]] == ["mitsubishi_corp", "mitsubishi_materials"]  # by name
    assert all(h.kind == "company" for h in hits[:2])
    corp = hits[0]
    assert {"quellaveco", "antamina"} <= set(corp.site_ids)
    # biggest stake first (Quellaveco 40 %, Antamina 10 %; its Fospac 30 % ended in 2017), and the
    # map flies there
    assert corp.site_ids == ("quellaveco", "antamina")
    quellaveco = search(index, "quellaveco", "en")[0]
    assert (corp.lat, corp.lon) == (quellaveco.lat, quellaveco.lon)
    assert hits[1].site_ids == ("zafranal",)
    # MUFG Bank names Mitsubishi only in a later word, so it comes after both
    assert "mufg_bank" in [h.id for h in hits[2:]]


@pytest.mark.parametrize(("query", "expected"), [
    ("三菱商事", "mitsubishi_corp"),
    ("住友金属鉱山", "sumitomo_metal_mining"),
    ("丸紅", "marubeni"),
    ("日立製作所", "hitachi"),
    ("国際協力銀行", "jbic"),
    ("エネルギー・金属鉱物資源機構", "jogmec"),
    ("ぱんぱしふぃっく", "pan_pacific_copper"),  # hiragana for パンパシフィック
    ("ﾊﾟﾝﾊﾟｼﾌｨｯｸ", "pan_pacific_copper"),        # half-width katakana
    ("まてりある", "mitsubishi_materials"),
    ("ﾏﾃﾘｱﾙ", "mitsubishi_materials"),
])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_finds_companies_by_japanese_name(index, query, expected, lang):
    hit = first(index, query, lang)
    assert (hit.kind, hit.id) == ("company", expected)


def test_japanese_prefix_finds_the_group(index, atlas):
    ids = top(index, "三菱", "ja")
    expected = set(atlas.companies.loc[atlas.companies["name_ja"].str.startswith("三菱"), "id"])
    assert expected == {"mitsubishi_corp", "mitsubishi_materials", "mufg_bank"}
    assert set(ids) == expected
    assert set(top(index, "住友")) == {"sumitomo_corp", "sumitomo_metal_mining"}


def test_labels_follow_the_language(index):
    assert first(index, "三菱商事", "en").label == "Mitsubishi Corporation"
    assert first(index, "三菱商事", "ja").label == "三菱商事 / Mitsubishi Corporation"
    assert first(index, "Bayovar", "en").label == "Bayóvar (Miski Mayo) · Piura"
    assert first(index, "Bayovar", "xx").label == "Bayóvar (Miski Mayo) · Piura"
    # the index itself is language-free: the same things are found in every language
    assert top(index, "cerro", "en") == top(index, "cerro", "ja") == top(index, "cerro", "es")


def test_site_hit_points_at_the_site(index, atlas):
    hit = first(index, "yanacocha")
    row = atlas.sites.set_index("id").loc["yanacocha"]
    assert (hit.kind, hit.site_ids) == ("site", ("yanacocha",))
    assert (hit.lat, hit.lon) == (row["lat"], row["lon"])


def test_every_site_and_company_finds_itself(index, atlas):
    for kind, frame in (("site", atlas.sites), ("company", atlas.companies)):
        for id_, name in zip(frame["id"], frame["name"], strict=True):
            hit = first(index, name)
            assert (hit.kind, hit.id, hit.score) == (kind, id_, s.EXACT), name


# --- ranking -----------------------------------------------------------------------------

def test_tiers_in_order(index):
    hits = search(index, "yanacocha", "en")
    assert [(h.id, h.score) for h in hits] == [
        ("yanacocha", s.EXACT),                   # the name
        ("yanacocha_sulfuros", s.PREFIX),         # a name that starts with it
        ("conga", s.CONTEXT_WORD),                # operated by Minera Yanacocha
    ]


def test_names_beat_operators_and_departments(index):
    hits = search(index, "glencore", "en", limit=20)
    assert (hits[0].kind, hits[0].id) == ("company", "glencore")
    assert {"antapaccay", "coroccohuayco", "tintaya"} <= {h.id for h in hits[1:]}
    assert all(h.score == s.CONTEXT_WORD for h in hits[1:])
    pasco = search(index, "pasco", "en", limit=20)
    assert pasco[0].id == "cerro_de_pasco"        # a mine named so, before the department
    assert {"atacocha", "huaron", "el_brocal"} <= {h.id for h in pasco[1:]}
    assert all(h.score < s.SUBSTRING for h in pasco[1:])


def test_scores_never_rise_and_ties_go_by_name(index):
    for query in ("cerro", "mi", "mitsu", "minera", "san", "co", "la"):
        hits = search(index, query, "en", limit=50)
        assert hits, query
        keys = [(-h.score, normalise(h.label.split(" · ")[0])) for h in hits]
        assert keys == sorted(keys), query


def test_word_prefix_beats_substring(index):
    ids = top(index, "verde", limit=20)
    # "Cerro Verde" has it as a word; "Trapiche" only through its operator El Molle Verde
    assert ids.index("cerro_verde") < ids.index("trapiche")


def test_one_character_matches_only_the_start_of_a_name(index):
    hits = search(index, "q", "en", limit=50)
    assert {"quellaveco", "quechua", "quiruvilca"} <= {h.id for h in hits}
    assert all(h.score in (s.EXACT, s.PREFIX) for h in hits)
    assert "cerro_verde" not in top(index, "v", limit=50)   # "Verde" is a later word
    assert top(index, "ve", limit=50)                          # two letters search words too


def test_nothing_for_nonsense(index):
    assert search(index, "zzzz", "en") == []
    assert search(index, "qqqqqqqqqqqqqq", "ja") == []


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_limit(index, limit):
    assert len(search(index, "minera", "en", limit)) == limit
    assert len(search(index, "a", "en", limit)) == limit


def test_default_limit(index):
    assert len(search(index, "minera", "en")) == s.DEFAULT_LIMIT
    assert search(index, "cerro", "en", 0) == search(index, "cerro", "en", -3) == []


# --- hostile input -----------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    None, "", "   ", "\t\n", "\x00", "\x1b[31m", "<script>alert(1)</script>", "{{7*7}}",
    "${7*7}", "<b>cerro</b>", "' OR 1=1 --", "%00", "\ud800", "a" * 10_000, "🙂" * 300,
    "\u202eocohcanay", 12, 3.5, float("nan"), ["yanacocha"], b"yanacocha",
])
def test_hostile_queries_never_raise_or_change_labels(index, query):
    labels = {e.label(lang) for e in index.entries for lang in ("en", "es", "ja")}
    for lang in ("en", "es", "ja", None, "<x>"):
        for hit in search(index, query, lang):
            assert isinstance(hit, Hit)
            assert hit.label in labels


def test_markup_in_a_query_is_just_its_words(index):
    assert top(index, "<cerro-verde>")[0] == "cerro_verde"
    assert top(index, "{{quellaveco}}")[0] == "quellaveco"
    assert "<" not in "".join(h.label for h in search(index, "<script>", "en", 50))


def test_long_query_is_cut_not_refused(index):
    assert top(index, "yanacocha" + " " * 500)[0] == "yanacocha"
    assert top(index, "yanacocha " + "z" * 500) == []


def test_bad_limit_falls_back(index):
    expected = search(index, "minera", "en")
    assert search(index, "minera", "en", "x") == search(index, "minera", "en", None) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_fuzz(query):
    index = _FUZZ_INDEX
    hits = search(index, query, "ja", 5)
    assert len(hits) <= 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert normalise(normalise(query)) == normalise(query)


# --- a hand-made atlas for the edges the real data does not have -------------------------

def tiny():
    sites = pd.DataFrame({
        "id": ["alpha", "bravo", "charlie", "delta"],
        "name": ["Alpha Norte", "Bravo (Alpha group)", "Charlie", "Delta"],
        "name_ja": ["アルファ・ノルテ", "", None, float("nan")],
        "lat": [-10.0, -11.0, float("nan"), -13.0],
        "lon": [-75.0, -76.0, -77.0, -78.0],
        "department": ["Puno", "Cusco", "", "Puno"],
        "operator": ["Nihon Trading", None, "Alpha Ops", ""],
    })
    companies = pd.DataFrame({
        "id": ["nihon", "local", "empty"],
        "name": ["Nihon Trading", "Local Mining", "Empty Holdings"],
        "name_ja": ["日本商事", "", ""],
        "country": ["JP", "PE", "GB"],
    })
    stakes = pd.DataFrame({
        "site_id": ["bravo", "delta", "alpha", "alpha", "charlie", "delta"],
        "company_id": ["local", "local", "local", "nihon", "local", "nihon"],
        "role": ["equity", "equity", "offtake", "equity", "equity", "finance"],
        "share_pct": [float("nan"), float("nan"), float("nan"), 50.0, 70.0, float("nan")],
    })
    return SimpleNamespace(sites=sites, companies=companies, stakes=stakes)


def test_tiny_company_sites_biggest_share_then_japanese_first():
    index = build_index(tiny())
    local = first(index, "local mining")
    # Charlie 70 %; then the Japanese-linked Delta (equity) and Alpha (only offtake), then Bravo
    assert local.site_ids == ("charlie", "delta", "alpha", "bravo")
    assert local.lat is None and local.lon is None     # Charlie has no published latitude
    nihon = first(index, "nihon trading")
    assert (nihon.kind, nihon.site_ids, nihon.lat, nihon.lon) == (
        "company", ("alpha", "delta"), -10.0, -75.0)
    empty = first(index, "empty")
    assert (empty.site_ids, empty.lat, empty.lon) == ((), None, None)


def test_tiny_site_japanese_names_are_used_when_there():
    index = build_index(tiny())
    hit = first(index, "あるふぁ", "ja")
    assert (hit.id, hit.label) == ("alpha", "アルファ・ノルテ / Alpha Norte · プーノ県")
    assert first(index, "alpha", "ja").label == "アルファ・ノルテ / Alpha Norte · プーノ県"
    assert first(index, "charlie", "ja").label == "Charlie"   # no name_ja, no department
    assert first(index, "日本", "ja").label == "日本商事 / Nihon Trading"


def test_tiny_brackets_are_words_not_names():
    index = build_index(tiny())
    hits = search(index, "alpha", "en")
    assert [(h.id, h.score) for h in hits] == [
        ("alpha", s.PREFIX), ("bravo", s.WORD_PREFIX), ("charlie", s.CONTEXT_WORD)]


def test_tiny_without_optional_columns():
    atlas = tiny()
    atlas.sites = atlas.sites.drop(columns=["name_ja", "operator"])
    atlas.companies = atlas.companies.drop(columns=["name_ja"])
    index = build_index(atlas)
    assert first(index, "alpha").id == "alpha"
    assert first(index, "nihon").id == "nihon"
    assert search(index, "日本", "ja") == []
    assert top(index, "puno") == ["alpha", "delta"]    # department, alphabetical


def test_index_answers_many_queries(index):
    """Built once, reused: the explorer calls search on every rerun (timing is in the report)."""
    queries = [name[:n] for name in ("yanacocha", "mitsubishi", "cerro verde", "三菱商事")
               for n in range(1, 10)] * 28
    assert len(queries) >= 1000
    results = [search(index, q, "en") for q in queries[:1000]]
    assert all(isinstance(r, list) for r in results)
    assert results[8][0].id == "yanacocha"
    assert not any(math.isnan(h.score) for r in results for h in r)


_FUZZ_INDEX = build_index(tiny())
