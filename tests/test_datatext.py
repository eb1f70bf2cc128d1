"""Every sentence from the data exists in English, Spanish and Japanese, or nothing loads."""

from __future__ import annotations

import pytest

from geo.datatext import localized, site_name, site_names
from geo.load import DataError, load_atlas


def problems_of(data_dir) -> list[str]:
    with pytest.raises(DataError) as info:
        load_atlas(data_dir)
    return [str(p) for p in info.value.problems]


def test_a_new_english_sentence_without_translation_names_file_line_and_column(data_copy):
    data_dir = data_copy("sites.csv", "town centre", "plant location from a report")
    problems = problems_of(data_dir)
    assert any(p.startswith("sites.csv, line 4, column 'confidence_note': no Spanish or Japanese "
                            "for 'plant location from a report'") for p in problems), problems


def test_an_edited_sentence_leaves_its_old_translation_unused(data_copy):
    data_dir = data_copy("sites.csv", "town centre", "town center")
    problems = problems_of(data_dir)
    assert any("column 'confidence_note': no Spanish or Japanese for 'town center'" in p
               for p in problems), problems
    data_copy("translations.csv", "town centre,", "town center,")
    assert load_atlas(data_dir).sites.set_index("id").at["charlie", "confidence_note_es"] == (
        "centro del pueblo")


def test_an_entry_nobody_uses_is_an_error(data_copy):
    path = data_copy.dir / "translations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "no such sentence,nada,なし\n",
                    encoding="utf-8")
    problems = problems_of(data_copy.dir)
    assert problems == [("translations.csv, line 8, column 'en': 'no such sentence' is used by "
                         "no data row; delete it or fix the data")]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("town centre,centro del pueblo,町の中心", "town centre,,町の中心",
     "translations.csv, line 2, column 'es': no Spanish translation"),
    ("district only,solo el distrito,地区のみ", "district only,solo el distrito,",
     "translations.csv, line 3, column 'ja': no Japanese translation"),
    ("district only,solo el distrito,地区のみ", "town centre,otra,別",
     "translations.csv, line 3, column 'en': sentence already translated on line 2"),
])
def test_the_memory_itself_is_checked(data_copy, old, new, expected):
    problems = problems_of(data_copy("translations.csv", old, new))
    assert expected in problems, problems


def test_pages_get_each_sentence_in_the_readers_language(mini_atlas):
    charlie = mini_atlas.sites.set_index("id").loc["charlie"]
    assert localized(charlie, "confidence_note", "es") == "centro del pueblo"
    assert localized(charlie, "confidence_note", "ja") == "町の中心"
    assert localized(charlie, "confidence_note", "en") == "town centre"
    assert localized({"note": "an upload's own text"}, "note", "ja") == "an upload's own text"


def test_japanese_readers_see_the_japanese_site_name(mini_atlas):
    alpha = mini_atlas.sites.set_index("id").loc["alpha"]
    assert site_name(alpha, "ja") == "アルファ銅山(テスト)"
    assert site_name(alpha, "es") == "Alpha Copper (test)"
    assert list(site_names(mini_atlas.sites, "ja"))[:2] == ["アルファ銅山(テスト)",
                                                            "ブラボー亜鉛(テスト)"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    (",cited,https://example.org/alpha-ja,", ",cited,,",
     "sites.csv, line 2, column 'name_ja_source_url': a cited Japanese name needs the page"),
    (",cited,https://example.org/alpha-ja,", ",guessed,,",
     "sites.csv, line 2, column 'name_ja_basis': unknown basis of the Japanese name 'guessed'"),
    ("アルファ銅山(テスト)", "", "sites.csv, line 2, column 'name_ja': value is required"),
])
def test_every_site_has_a_japanese_name_and_says_where_it_came_from(data_copy, old, new, expected):
    problems = problems_of(data_copy("sites.csv", old, new))
    assert any(p.startswith(expected) for p in problems), problems


def test_shipped_data_has_every_sentence_in_three_languages(real_atlas):
    for frame, column in [(real_atlas.sites, "confidence_note"),
                          (real_atlas.companies, "peru_presence"), (real_atlas.stakes, "note")]:
        english = frame[column] != ""
        for lang in ("es", "ja"):
            assert (frame.loc[english, f"{column}_{lang}"] != "").all()
        assert (frame.loc[english, f"{column}_ja"] != frame.loc[english, column]).any()


def test_base_map_credits_are_translated_too(real_atlas):
    from geo.sources import base_map_credits
    for source, licence in base_map_credits():
        for lang in ("es", "ja"):
            assert real_atlas.memory.text(source, lang) != source
            assert real_atlas.memory.text(licence, lang) != licence
