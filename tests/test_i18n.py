"""Every visible string exists in all three languages with the same format fields."""

from __future__ import annotations

import string

import pytest

from geo import vocab
from geo.i18n import STRINGS, resolve_language, t


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_is_translated_with_the_same_fields(key):
    entry = STRINGS[key]
    assert set(entry) == set(vocab.LANGUAGES), f"{key} lacks {set(vocab.LANGUAGES) - set(entry)}"
    assert all(entry[lang].strip() for lang in vocab.LANGUAGES), key
    assert fields(entry["es"]) == fields(entry["en"]) == fields(entry["ja"]), key


def test_japanese_strings_are_japanese():
    """A copy-pasted English value in the ja column is the commonest translation slip."""
    untranslated = [k for k, e in STRINGS.items()
                    if e["ja"] == e["en"] and any(c.isalpha() for c in e["en"])]
    assert untranslated == []


@pytest.mark.parametrize("table", [vocab.MINERALS, vocab.STATUSES, vocab.SITE_KINDS,
                                   vocab.ROLES, vocab.COMPANY_KINDS, vocab.CONFIDENCE])
def test_vocabulary_labels_exist_in_all_languages(table):
    for term in table.values():
        assert term.en and term.es and term.ja, term.code


def test_t_formats_fields():
    assert t("map.count", "es", n=3, total=10) != t("map.count", "en", n=3, total=10)
    assert "3" in t("map.count", "ja", n=3, total=10)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, ("en", True)), ("", ("en", True)), ("ja", ("ja", True)), (" ES ", ("es", True)),
     ("fr", ("en", False)), ("<script>", ("en", False)), (["ja"], ("en", False))],
)
def test_language_from_url(raw, expected):
    assert resolve_language(raw) == expected
