"""Interface labels: one YAML file per site language in labels/, flat dotted keys, English the reference."""
from __future__ import annotations

import string
from functools import cache
from pathlib import Path

import yaml
from babel import Locale
from markupsafe import Markup, escape

from .names import number

LABEL_DIR = Path(__file__).parent / "labels"
REFERENCE = "en"


def site_languages() -> list[str]:
    """Every language that has a label file, the reference first."""
    others = sorted(p.stem for p in LABEL_DIR.glob("*.yml") if p.stem != REFERENCE)
    return [REFERENCE, *others]


@cache
def _table(lang: str) -> dict[str, str]:
    path = LABEL_DIR / f"{lang}.yml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Labels:
    """Label lookup for one language, falling back to English for a key not yet translated."""

    def __init__(self, lang: str):
        self.lang = lang
        self._own = _table(lang)
        self._reference = _table(REFERENCE)

    def __call__(self, key: str, **values) -> str:
        text = self._own.get(key)
        if text is None:
            text = self._reference[key]  # a missing reference key is a bug: let it raise
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self._own or key in self._reference

    def count(self, key: str, count: int, strong: bool = False, **values) -> str:
        """A label that agrees with a number: key.<CLDR plural category>, e.g. key.one, key.few, key.other.

        Each language has the categories its grammar needs (Polish one, few, many, other; English one,
        other); {count} is the number, written the language's way."""
        category = plural_category(self.lang, count)
        chosen = f"{key}.{category}" if f"{key}.{category}" in self._own else f"{key}.other"
        if chosen not in self._own:
            chosen = f"{key}.{plural_category(REFERENCE, count)}"
        text = self._own.get(chosen) or self._reference[chosen]
        if strong:  # the number set off in <strong>, the rest escaped: HTML
            return Markup(escape(text)).format(count=Markup("<strong>{}</strong>").format(number(count, self.lang)), **values)
        return text.format(count=number(count, self.lang), **values)

    def markup(self, key: str, **values) -> Markup:
        """A label as HTML, with {placeholders} filled by values: a Markup value (a link made by a
        template) is kept, any other value is escaped."""
        return Markup(escape(self(key))).format(**values)


def plural_category(lang: str, count: int) -> str:
    """CLDR's plural category of a whole number in a language: "one", "few", "many" or "other"."""
    return Locale.parse(lang).plural_form(count)


def plural_categories(lang: str) -> set[str]:
    """Every category a language's plural rule can give a whole number."""
    return {plural_category(lang, n) for n in range(0, 200)}


def missing_keys(lang: str) -> list[str]:
    """Keys the reference has and this language lacks, or whose placeholders differ."""
    ref, own = _table(REFERENCE), _table(lang)
    return sorted(k for k, v in ref.items() if k not in own or placeholders(own[k]) != placeholders(v))
