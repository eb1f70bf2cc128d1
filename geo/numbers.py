"""Numbers, money and dates as each reader writes them, from CLDR through Babel.

Peru's Spanish groups thousands with a comma and uses a decimal point (1,234,567.5), unlike
Spain's; CLDR knows that and we do not want to: the locale per UI language is the one choice
made here.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_skeleton
from babel.numbers import format_compact_decimal, format_decimal

LOCALES = {"en": "en", "es": "es_PE", "ja": "ja_JP"}


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, "en")


def format_number(value: float, lang: str, decimals: int = 1) -> str:
    """Whole numbers without decimals, others to ``decimals`` places at most."""
    pattern = "#,##0" if float(value).is_integer() else "#,##0." + "#" * max(decimals, 1)
    return format_decimal(value, format=pattern, locale=locale_of(lang))


def format_billions(musd: float, lang: str) -> str:
    """A large US$ amount in millions the way each press says it: US$ 17.3 bn (English),
    US$ 17,300 millones (Peruvian Spanish, as Gestión writes), 173億米ドル (Japanese, CLDR's
    compact form)."""
    if lang == "ja":
        return format_compact_decimal(musd * 1e6, locale=locale_of(lang),
                                      fraction_digits=0) + "米ドル"
    if lang == "es":
        return f"US$ {format_number(musd, lang)} millones"
    return f"US$ {format_number(round(musd / 1000, 1), lang)} bn"


def format_as_of(value: str, lang: str) -> str:
    """A source date (YYYY, YYYY-MM or YYYY-MM-DD) in the reader's words: Sep 2025 /
    set. 2025 / 2025年9月. Anything else is shown as written."""
    parts = value.split("-") if isinstance(value, str) else []
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return value
    if len(numbers) == 1 and len(parts[0]) == 4:
        return format_skeleton("y", dt.date(numbers[0], 1, 1), locale=locale_of(lang))
    if len(numbers) == 2:
        return format_skeleton("yMMM", dt.date(numbers[0], numbers[1], 1), locale=locale_of(lang))
    if len(numbers) == 3:
        return format_skeleton("yMMMd", dt.date(*numbers), locale=locale_of(lang))
    return value
