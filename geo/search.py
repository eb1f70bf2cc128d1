"""Find a site or a company by the name a visitor remembers, however they type it.

Visitors at a booth type names half-remembered, without accents ("Bayovar"), in capitals, with
a hyphen where the data has a space, or in Japanese — from a Japanese keyboard, which may send
hiragana, full-width Latin or half-width katakana. Every piece of text, the data's and the
query's, goes through one ``normalise`` so that these all meet in the middle.

The explorer reruns its script on every click, so the work that does not depend on the query
(normalising 190 names, joining companies to their sites) is done once in ``build_index``; the
page caches the index and ``search`` only compares short strings, in well under a millisecond.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from geo import vocab

# Longer than any name in the data; anything longer is a paste or an attack, and cutting it
# keeps the cost of a query bounded whatever arrives.
MAX_QUERY = 200
DEFAULT_LIMIT = 8

# Tiers, best first. A name the visitor typed in full beats one they are still typing, which
# beats a later word of a name, which beats a fragment inside a word. Operator and department
# come last: they describe a site rather than name it, and they repeat the names of other
# things — "Minera Yanacocha" operates Conga, "Pasco" is a department and a mine, a company's
# name is the operator of several sites — so a visitor who types a name must see that thing
# first, and only then the sites it runs or the sites in that region.
EXACT = 100
PREFIX = 80
WORD_PREFIX = 60
SUBSTRING = 40
CONTEXT_WORD = 20
CONTEXT_SUBSTRING = 10

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
_HIRAGANA_TO_KATAKANA.update({0x309D: 0x30FD, 0x309E: 0x30FE})  # iteration marks ゝゞ
# Kana voicing marks survive accent stripping: ガ is not カ, while é is e for our visitors.
_KANA_VOICING = {"\u3099", "\u309a"}
_PARENTHETICAL = re.compile(r"\([^)]*\)?")


def normalise(text: object) -> str:
    """One spelling for every way of typing a name, so comparing is plain string work.

    NFKC folds full-width Latin and half-width katakana; hiragana becomes katakana because
    the data writes company names in katakana and kanji while a Japanese keyboard starts in
    hiragana; accents go because a visitor on an English keyboard cannot type them; any
    punctuation or run of spaces becomes one space, and invisible characters vanish.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    text = (text if isinstance(text, str) else str(text))[:MAX_QUERY]
    text = unicodedata.normalize("NFKC", text).translate(_HIRAGANA_TO_KATAKANA).casefold()
    out = []
    for char in unicodedata.normalize("NFD", text):
        if char.isalnum() or char in _KANA_VOICING:
            out.append(char)
        elif char.isspace() or unicodedata.category(char)[0] in "PSZ":
            out.append(" ")
        # accents (combining marks), control, format, private-use and lone surrogate
        # characters are dropped
    # NFKC can lengthen text (㍿ is four characters), so the bound is applied again at the end
    return " ".join(unicodedata.normalize("NFC", "".join(out)).split())[:MAX_QUERY].rstrip()


@dataclass(frozen=True)
class Hit:
    kind: str                     # "site" | "company"
    id: str
    label: str                    # plain text in the UI language; the page escapes it
    site_ids: tuple[str, ...]     # the site itself, or the company's sites, biggest stake first
    lat: float | None             # of site_ids[0], for flying the map there
    lon: float | None
    score: int


@dataclass(frozen=True)
class _Entry:
    kind: str
    id: str
    sort_key: str
    labels: tuple[tuple[str, str], ...]   # (lang, label)
    site_ids: tuple[str, ...]
    lat: float | None
    lon: float | None
    names: tuple[str, ...]                # whole names, normalised
    compact_names: tuple[str, ...]        # the same without spaces
    words: tuple[str, ...]
    context_words: tuple[str, ...]
    context_compact: tuple[str, ...]
    blob: str                             # everything searchable, for a cheap first rejection

    def label(self, lang: str) -> str:
        labels = dict(self.labels)
        return labels.get(lang) or labels["en"]


@dataclass(frozen=True)
class SearchIndex:
    """Everything ``search`` needs, computed once per atlas; immutable, so a page can cache it."""

    entries: tuple[_Entry, ...]
    # Every entry's blob end to end, and where each starts: one str.find over this skips the
    # entries that cannot match without a Python step per entry, which is most of the cost.
    haystack: str = ""
    starts: tuple[int, ...] = ()

    def __len__(self) -> int:
        return len(self.entries)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def _plain(text: str) -> str:
    """Labels come from reviewed data, but a stray control character must not reach a page."""
    return "".join(c for c in text if unicodedata.category(c) not in {"Cc", "Cf", "Cs"})


def _number(value: object) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _column(frame: pd.DataFrame, name: str) -> list[str]:
    """A column as clean strings; a missing one (a smaller or older frame) reads as empty."""
    if name not in frame.columns:
        return [""] * len(frame)
    return [_text(v) for v in frame[name]]


def _names(*texts: str) -> list[str]:
    """The whole-name spellings a visitor might type in full.

    The name before any bracket counts as a whole name ("Bayóvar" for "Bayóvar (Miski Mayo)"),
    and so does each side of a slash ("Quelcaya / Quilcaya"). What is inside the brackets is
    only a word of the name: "Cerro de Pasco (Volcan)" must not rank as exactly "Volcan".
    """
    names: list[str] = []
    for text in texts:
        if not text:
            continue
        core = _PARENTHETICAL.sub(" ", text)
        for candidate in (text, core, *core.split("/")):
            norm = normalise(candidate)
            if norm and norm not in names:
                names.append(norm)
    return names


def _entry(kind: str, id_: str, name: str, name_ja: str, labels: dict[str, str],
           site_ids: tuple[str, ...], position: tuple[float | None, float | None],
           context: tuple[str, ...] = ()) -> _Entry:
    names = _names(name, name_ja)
    words = tuple(dict.fromkeys(w for n in names for w in n.split()))
    context_norm = [c for c in (normalise(t) for t in context) if c]
    compact_names = tuple(n.replace(" ", "") for n in names)
    context_compact = tuple(c.replace(" ", "") for c in context_norm)
    return _Entry(
        kind=kind, id=id_, sort_key=normalise(name) or id_,
        labels=tuple((lang, _plain(labels.get(lang) or labels["en"])) for lang in vocab.LANGUAGES),
        site_ids=site_ids, lat=position[0], lon=position[1],
        names=tuple(names), compact_names=compact_names, words=words,
        context_words=tuple(dict.fromkeys(w for c in context_norm for w in c.split())),
        context_compact=context_compact,
        blob="\x00".join((*names, *compact_names, *context_norm, *context_compact)),
    )


def _company_sites(stakes: pd.DataFrame, site_ids: set[str], japan_linked: set[str],
                   site_names: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Each company's sites, the ones it holds most of first, then the Japanese-linked ones.

    The first site is where the map flies, so it should be the company's biggest holding;
    among sites of equal (or unpublished) share the Japanese-linked one is what this atlas is
    about. A site with several roles counts once, under its best.
    """
    role_rank = {code: i for i, code in enumerate(vocab.ROLES)}
    best: dict[str, dict[str, tuple]] = {}
    companies = _column(stakes, "company_id")
    sites = _column(stakes, "site_id")
    roles = _column(stakes, "role")
    shares = (list(stakes["share_pct"]) if "share_pct" in stakes.columns
              else [None] * len(stakes))
    for company, site, role, share in zip(companies, sites, roles, shares, strict=True):
        if not company or site not in site_ids:
            continue
        number = _number(share)
        key = (-(number if number is not None else -1.0), site not in japan_linked,
               role_rank.get(role, len(role_rank)), normalise(site_names.get(site, site)), site)
        held = best.setdefault(company, {})
        if site not in held or key < held[site]:
            held[site] = key
    return {company: tuple(s for s, _ in sorted(held.items(), key=lambda kv: kv[1]))
            for company, held in best.items()}


def build_index(atlas) -> SearchIndex:
    """Normalise every name once; ``search`` then only compares short strings.

    Takes anything with ``sites``, ``companies`` and ``stakes`` frames (an ``Atlas``); columns
    it does not find, such as a ``name_ja`` for sites, are simply not searched.
    """
    sites, companies, stakes = atlas.sites, atlas.companies, atlas.stakes
    site_ids = _column(sites, "id")
    site_names = dict(zip(site_ids, _column(sites, "name"), strict=True))
    japanese = {c for c, country in zip(_column(companies, "id"), _column(companies, "country"),
                                        strict=True) if country == vocab.JAPAN}
    japan_linked = {s for s, c in zip(_column(stakes, "site_id"), _column(stakes, "company_id"),
                                      strict=True) if c in japanese}
    lats = list(sites["lat"]) if "lat" in sites.columns else [None] * len(sites)
    lons = list(sites["lon"]) if "lon" in sites.columns else [None] * len(sites)
    positions = {}
    for site, lat, lon in zip(site_ids, lats, lons, strict=True):
        lat, lon = _number(lat), _number(lon)
        # half a position is no place to fly to
        positions[site] = (lat, lon) if lat is not None and lon is not None else (None, None)

    entries: list[_Entry] = []
    for id_, name, name_ja, department, operator in zip(
            site_ids, _column(sites, "name"), _column(sites, "name_ja"),
            _column(sites, "department"), _column(sites, "operator"), strict=True):
        if not id_:
            continue
        name = name or id_
        where = f" · {department}" if department else ""
        where_ja = f" · {vocab.department_name(department, 'ja')}" if department else ""
        labels = {"en": name + where,
                  "ja": (f"{name_ja} / {name}" if name_ja else name) + where_ja}
        entries.append(_entry("site", id_, name, name_ja, labels, (id_,), positions[id_],
                              context=(operator, department)))

    held = _company_sites(stakes, set(site_ids), japan_linked, site_names)
    for id_, name, name_ja in zip(_column(companies, "id"), _column(companies, "name"),
                                  _column(companies, "name_ja"), strict=True):
        if not id_:
            continue
        name = name or id_
        own = held.get(id_, ())
        labels = {"en": name, "ja": f"{name_ja} / {name}" if name_ja else name}
        entries.append(_entry("company", id_, name, name_ja, labels, own,
                              positions[own[0]] if own else (None, None)))
    starts, offset = [], 0
    for entry in entries:
        starts.append(offset)
        offset += len(entry.blob) + 1
    return SearchIndex(entries=tuple(entries), haystack="\x01".join(e.blob for e in entries),
                       starts=tuple(starts))


def _candidates(index: SearchIndex, token: str) -> list[_Entry]:
    """Only entries containing the query's longest word can match at all; finding them with
    ``str.find`` over one string costs no Python step for the many that cannot."""
    found, pos = [], index.haystack.find(token)
    while pos >= 0:
        i = bisect.bisect_right(index.starts, pos) - 1
        found.append(index.entries[i])
        if i + 1 >= len(index.starts):
            break
        pos = index.haystack.find(token, index.starts[i + 1])
    return found


def _score(entry: _Entry, query: str, compact: str, tokens: tuple[str, ...],
           prefix_only: bool) -> int:
    """The entry's best tier for this query, 0 for none.

    Spaces are compared both kept and dropped, so "cerroverde" and "anta kori" still meet
    "Cerro Verde" and "AntaKori".
    """
    best = 0
    for name, squeezed in zip(entry.names, entry.compact_names, strict=True):
        if query == name or compact == squeezed:
            return EXACT
        if name.startswith(query) or squeezed.startswith(compact):
            best = PREFIX
    if best or prefix_only:
        return best
    if all(any(w.startswith(t) for w in entry.words) for t in tokens):
        return WORD_PREFIX
    if any(compact in squeezed for squeezed in entry.compact_names):
        return SUBSTRING
    if all(any(w.startswith(t) for w in entry.context_words) for t in tokens):
        return CONTEXT_WORD
    if any(compact in squeezed for squeezed in entry.context_compact):
        return CONTEXT_SUBSTRING
    return 0


def search(index: SearchIndex, query: object, lang: str = vocab.LANGUAGES[0],
           limit: int = DEFAULT_LIMIT) -> list[Hit]:
    """The best ``limit`` matches, best tier first and alphabetical within a tier.

    Japanese names are searched whatever the UI language: a visitor may type 三菱 on the
    English page. A one-character query only matches the start of a name, because one letter
    is the start of a word in almost every name and would list noise while the visitor types.
    Nothing here raises on odd input: it is what the visitor typed, not something to check.
    """
    text = normalise(query)
    try:
        limit = int(limit)
    except (TypeError, ValueError, OverflowError):
        limit = DEFAULT_LIMIT
    if not text or limit <= 0:
        return []
    compact = text.replace(" ", "")
    tokens = tuple(dict.fromkeys(text.split()))
    prefix_only = len(compact) == 1
    lang = lang if lang in vocab.LANGUAGES else vocab.LANGUAGES[0]
    scored = []
    rarest = max(tokens, key=len)
    others = [t for t in tokens if t != rarest]
    for entry in _candidates(index, rarest):
        if others and not all(t in entry.blob for t in others):
            continue
        score = _score(entry, text, compact, tokens, prefix_only)
        if score:
            scored.append((-score, entry.sort_key, entry.kind, entry.id, entry))
    best = heapq.nsmallest(limit, scored, key=lambda row: row[:4])
    return [Hit(kind=e.kind, id=e.id, label=e.label(lang), site_ids=e.site_ids,
                lat=e.lat, lon=e.lon, score=-neg) for neg, _, _, _, e in best]
