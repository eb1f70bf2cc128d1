"""Sentences that come from the data, in English, Spanish and Japanese, from one memory.

``data/translations.csv`` is a translation memory keyed by the English sentence, as gettext
keys by msgid: the data rows stay in English (one diff per fact), a sentence used twice is
translated once, and an edited English sentence has no translation until someone writes one.
The loader turns any untranslated sentence into a load error naming file, line and column,
and an entry no data row uses into an error too, so the memory cannot rot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo.paths import data_dir

LANGS = ("es", "ja")
MEMORY_FILE = "translations.csv"
MEMORY_COLUMNS = ("en", "es", "ja")
# Free-text columns a reader sees, per data file. Vocabulary columns (status, basis of a trade
# figure, ...) are translated by geo.vocab instead.
TRANSLATED = {
    "sites.csv": ("confidence_note",),
    "companies.csv": ("peru_presence",),
    "stakes.csv": ("note",),
    "production.csv": ("basis", "note"),
    "trade.csv": ("period", "note"),
    "milestones.csv": ("note",),
    "portfolio.csv": ("note",),
    "protected_areas.csv": ("note",),
    "indigenous_reserves.csv": ("note",),
}
# Free-text fields of each layer in data/layers/catalog.json (titles and methods are written
# per language in the catalog itself).
CATALOG_FILE = "layers/catalog.json"
CATALOG_FIELDS = ("source", "licence", "accuracy")
# The base map's credits: data/base/catalog.json (written by geo.basedata) and the outline.
BASE_CATALOG_FILE = "base/catalog.json"
BASE_FIELDS = ("source", "licence")
FIRST_DATA_LINE = 2


@dataclass(frozen=True)
class Gap:
    """One sentence the memory cannot serve (or one entry nobody uses)."""

    file: str
    line: int | None
    column: str | None
    message: str


class Memory(Mapping):
    """English sentence → {"es": ..., "ja": ...}."""

    def __init__(self, entries: dict[str, dict[str, str]]):
        self._entries = entries

    def __getitem__(self, en: str) -> dict[str, str]:
        return self._entries[en]

    def __iter__(self):
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def text(self, en: str, lang: str) -> str:
        """The sentence in ``lang``; English when asked for English or when the memory has
        nothing (the loader has already refused data with gaps, so that is user input)."""
        if not en or lang not in LANGS:
            return en
        return self._entries.get(en, {}).get(lang) or en


def read_memory(path: Path) -> tuple[Memory, list[Gap]]:
    """The memory and what is wrong with it: a missing language, a sentence twice."""
    if not path.is_file():
        return Memory({}), [Gap(path.name, None, None, f"file not found in {path.parent}")]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    gaps = [Gap(path.name, None, c, "required column is missing")
            for c in MEMORY_COLUMNS if c not in frame.columns]
    if gaps:
        return Memory({}), gaps
    entries: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    for n, (en, es, ja) in enumerate(zip(frame["en"], frame["es"], frame["ja"], strict=True)):
        line = n + FIRST_DATA_LINE
        if not en.strip():
            gaps.append(Gap(path.name, line, "en", "value is required"))
            continue
        if en in entries:
            gaps.append(Gap(path.name, line, "en",
                            f"sentence already translated on line {first_line[en]}"))
            continue
        for lang, text in (("es", es), ("ja", ja)):
            if not text.strip():
                gaps.append(Gap(path.name, line, lang, f"no {_LANG_NAMES[lang]} translation"))
        entries[en] = {"es": es, "ja": ja}
        first_line[en] = line
    return Memory(entries), gaps


_LANG_NAMES = {"es": "Spanish", "ja": "Japanese"}


def untranslated(frame: pd.DataFrame, file: str, memory: Memory) -> list[Gap]:
    """Every reader-facing sentence of ``file`` that the memory lacks, by line and column."""
    gaps = []
    for column in TRANSLATED.get(file, ()):
        if column not in frame.columns:
            continue
        for i, value in frame[column].items():
            if value and value not in memory:
                gaps.append(Gap(file, int(i) + FIRST_DATA_LINE, column,
                                f"no Spanish or Japanese for {_quote(value)}: add it to "
                                f"{MEMORY_FILE}"))
    return gaps


def catalog_sentences(catalog: dict, fields: tuple[str, ...] = CATALOG_FIELDS
                      ) -> list[tuple[str, str, str]]:
    """(entry id, field, English) for every free-text field of a catalog."""
    return [(key, f, entry[f]) for key, entry in catalog.items()
            for f in fields if isinstance(entry.get(f), str) and entry[f]]


def untranslated_catalog(catalog: dict, memory: Memory, file: str = CATALOG_FILE,
                         fields: tuple[str, ...] = CATALOG_FIELDS) -> list[Gap]:
    return [Gap(file, None, f"{key}.{f}",
                f"no Spanish or Japanese for {_quote(en)}: add it to {MEMORY_FILE}")
            for key, f, en in catalog_sentences(catalog, fields) if en not in memory]


@lru_cache(maxsize=1)
def shipped_memory() -> Memory:
    """The memory as shipped, for code that has no Atlas at hand (the layer catalog)."""
    return read_memory(data_dir() / MEMORY_FILE)[0]


def unused(memory: Memory, frames: dict[str, pd.DataFrame], extra: set[str] = frozenset()
           ) -> list[Gap]:
    """Entries no data row uses any more: left behind when an English sentence was edited."""
    used = set(extra)
    for file, frame in frames.items():
        for column in TRANSLATED.get(file, ()):
            if column in frame.columns:
                used.update(frame[column])
    lines = {en: n + FIRST_DATA_LINE for n, en in enumerate(memory)}
    return [Gap(MEMORY_FILE, lines[en], "en",
                f"{_quote(en)} is used by no data row; delete it or fix the data")
            for en in memory if en not in used]


def add_translations(frame: pd.DataFrame, file: str, memory: Memory) -> pd.DataFrame:
    """``<column>_es`` and ``<column>_ja`` beside each translated column, so pages pick a
    column by language instead of looking sentences up row by row."""
    out = frame.copy()
    for column in TRANSLATED.get(file, ()):
        if column in out.columns:
            for lang in LANGS:
                out[f"{column}_{lang}"] = out[column].map(lambda v, lg=lang: memory.text(v, lg))
    return out


def localized(row: Mapping, column: str, lang: str) -> str:
    """A row's sentence in ``lang``, falling back to English for rows that never had
    translations (a visitor's upload, a test fixture)."""
    if lang in LANGS:
        value = row.get(f"{column}_{lang}")
        if isinstance(value, str) and value:
            return value
    value = row.get(column)
    return value if isinstance(value, str) else ""


def _quote(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "…")


def localized_column(frame: pd.DataFrame, column: str, lang: str) -> pd.Series:
    """A whole column in ``lang`` (see ``add_translations``); English when there is none."""
    return frame[f"{column}_{lang}"] if f"{column}_{lang}" in frame else frame[column]


def site_name(site: Mapping, lang: str) -> str:
    """A Japanese reader gets the katakana name the Japanese press uses; everyone else the
    Spanish-based name of the data."""
    if lang == "ja":
        value = site.get("name_ja")
        if isinstance(value, str) and value:
            return value
    return site["name"]


def site_names(sites: pd.DataFrame, lang: str) -> pd.Series:
    if lang == "ja" and "name_ja" in sites:
        return sites["name_ja"].where(sites["name_ja"].fillna("") != "", sites["name"])
    return sites["name"]
