"""Country and language names, dates and numbers, localised from CLDR (Babel)."""
from __future__ import annotations

from datetime import date
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date, format_interval
from babel.numbers import format_decimal


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@lru_cache(maxsize=4096)
def country(code: str, lang: str) -> str:
    return _locale(lang).territories.get(code.upper(), code.upper())


def language(code: str, lang: str) -> str:
    name = _locale(lang).languages.get(code, code)
    # CLDR writes language names in lower case in many languages; in a list or table cell they start one.
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=16384)
def number(value: float | int, lang: str) -> str:
    return format_decimal(value, locale=_locale(lang))


def day(iso: str, lang: str) -> str:
    return format_date(date.fromisoformat(iso), format="long", locale=_locale(lang))


def days(start: str, end: str, lang: str) -> str:
    """A span of days, as CLDR writes one in this language ("28–31 Oct 2010")."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    if first == last:
        return format_date(first, format="long", locale=_locale(lang))
    return format_interval(first, last, skeleton="yMMMd", locale=_locale(lang))
