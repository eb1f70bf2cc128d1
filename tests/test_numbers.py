"""Numbers, money and dates follow each reader's CLDR conventions (Peru's Spanish: 1,234,567.5)."""

import pytest

from geo.numbers import format_as_of, format_billions, format_number


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "1,234,567.5"), ("es", "1,234,567.5"), ("ja", "1,234,567.5")])
def test_peru_groups_thousands_with_commas_like_english(lang, expected):
    assert format_number(1234567.5, lang) == expected


def test_whole_numbers_have_no_decimals_and_fractions_keep_one():
    assert format_number(430000.0, "es") == "430,000"
    assert format_number(33.75, "en") == "33.8"
    assert format_number(33.75, "en", decimals=2) == "33.75"


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "US$ 64.1 bn"), ("es", "US$ 64,071 millones"), ("ja", "641億米ドル")])
def test_portfolio_money_reads_like_each_press(lang, expected):
    assert format_billions(64071, lang) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [
    ("2025-09", "en", "Sep 2025"), ("2025-09", "ja", "2025年9月"),
    ("2025-09-23", "ja", "2025年9月23日"), ("2024", "es", "2024"),
    ("not a date", "es", "not a date"), ("", "en", "")])
def test_source_dates_in_the_readers_words(value, lang, expected):
    assert format_as_of(value, lang) == expected


def test_spanish_month_is_spanish():
    assert "2025" in format_as_of("2025-09", "es")
    assert format_as_of("2025-09", "es") != format_as_of("2025-09", "en")
