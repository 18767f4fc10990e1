"""Interface labels: one YAML file per site language in labels/, flat dotted keys, English the reference."""
from __future__ import annotations

import string
from functools import cache
from pathlib import Path

import yaml

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


def missing_keys(lang: str) -> list[str]:
    """Keys the reference has and this language lacks, or whose placeholders differ."""
    ref, own = _table(REFERENCE), _table(lang)
    return sorted(k for k, v in ref.items() if k not in own or placeholders(own[k]) != placeholders(v))
