"""Country and language names, dates and numbers, localised from CLDR (Babel)."""
from __future__ import annotations

import unicodedata
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import yaml

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_currency, format_decimal, format_percent
from babel.units import format_unit


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@lru_cache(maxsize=4096)
def country(code: str, lang: str) -> str:
    return _locale(lang).territories.get(code.upper(), code.upper())


@cache
def _other_country_names() -> dict[str, dict[str, list[str]]]:
    with (Path(__file__).parent / "data" / "country-names.yml").open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def other_country_names(code: str, lang: str) -> list[str]:
    """Names readers search a country by besides CLDR's (data/country-names.yml): the language's and English ones."""
    names = _other_country_names().get(code.upper(), {})
    return list(dict.fromkeys(names.get(lang, []) + names.get("en", [])))


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


@lru_cache(maxsize=4096)
def duration(months: float, lang: str) -> str:
    """A length of time in words, in whole years where it is whole years ("4 Jahre", "18 mois")."""
    if months % 12 == 0:
        return _unit(int(months // 12), "duration-year", lang)
    return _unit(months, "duration-month", lang)


def _unit(value: float, unit: str, lang: str) -> str:
    """A value with its unit in words; CLDR lacks some long forms (Italian years, Dutch hours), where
    Babel prints the unit's identifier: the short form, which those languages write out, stands in."""
    text = format_unit(value, unit, length="long", locale=_locale(lang))
    return format_unit(value, unit, length="short", locale=_locale(lang)) if unit in text else text


@lru_cache(maxsize=16384)
def hours(value: float, lang: str) -> str:
    """A number of hours in words ("1.472 Stunden")."""
    return _unit(value, "duration-hour", lang)


def money(amount: float, currency: str, lang: str) -> str:
    """An amount of money as the language writes it, without cents when it has none."""
    pattern = _locale(lang).currency_formats["standard"].pattern
    if float(amount).is_integer():
        pattern = pattern.replace(".00", "")
    return format_currency(amount, currency, format=pattern, locale=_locale(lang), currency_digits=False)


def month(value: str, lang: str) -> str:
    """A month ("2026-10") or a day ("2026-10-01") as the language writes it."""
    if len(value) == 7:
        return format_skeleton("yMMMM", date.fromisoformat(value + "-01"), locale=_locale(lang))
    return day(value, lang)


_NON_LATIN = {"el", "bg", "ru", "uk", "sr", "mk", "be", "he", "ar", "ka", "hy"}


def latin_script(lang: str) -> bool:
    """Whether a language is written in the Latin alphabet (names in other scripts get an English form)."""
    return lang not in _NON_LATIN


@cache
def official_language(territory: str) -> str:
    """The most used official language of a country (CLDR), for names written in it; en when unknown."""
    from babel.languages import get_official_languages

    found = get_official_languages(territory, de_facto=True) if territory else ()
    return found[0] if found else "en"


def percent(share: float, lang: str) -> str:
    return format_percent(share, locale=_locale(lang))


# Letters a language sorts as letters of their own, after a base letter (CLDR's tailorings, simplified):
# Swedish and Finnish put å ä ö after z, Danish and Norwegian æ ø å, Polish ą after a, ł after l and so
# on, Spanish ñ after n. Every other accent is ignored, as in the root collation.
_OWN_LETTERS = {
    "sv": {"å": "z\x7f1", "ä": "z\x7f2", "æ": "z\x7f2", "ö": "z\x7f3", "ø": "z\x7f3"},
    "fi": {"å": "z\x7f1", "ä": "z\x7f2", "ö": "z\x7f3"},
    "da": {"æ": "z\x7f1", "ä": "z\x7f1", "ø": "z\x7f2", "ö": "z\x7f2", "å": "z\x7f3"},
    "pl": {"ą": "a\x7f", "ć": "c\x7f", "ę": "e\x7f", "ł": "l\x7f", "ń": "n\x7f", "ó": "o\x7f", "ś": "s\x7f", "ź": "z\x7f1", "ż": "z\x7f2"},
    "es": {"ñ": "n\x7f"},
}
_FOLDED = {"ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ı": "i"}


def collation_key(text: str, lang: str) -> str:
    """A key that sorts words in a language's alphabetical order ("Słowacja" before "Szwecja" in Polish,
    "återkoppling" after "zon" in Swedish), ignoring case and other accents."""
    own = _OWN_LETTERS.get(lang, {})
    out = []
    for char in str(text).casefold():
        if char in own:
            out.append(own[char])
            continue
        char = _FOLDED.get(char, char)
        out.append("".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)))
    return "".join(out)
