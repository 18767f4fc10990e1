"""Which record texts still need translating: missing translation files, missing fields, stale ones.

A translation file records which English text it translates in its first line,

    # translation of institution.yml, English text 3f2a9c1b

where the number is a fingerprint of the record's English translatable fields. When the English text
changes, the fingerprint no longer matches and the translation is reported as stale, so that a
translator knows what to redo; the site keeps showing the old translation meanwhile.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .records import Collection, Record
from .schemas import translatable

_STAMP = re.compile(r"^# translation of (?P<file>\S+), English text (?P<hash>[0-9a-f]{8})\s*$")


def fingerprint(record: Record) -> str:
    """Eight hex digits that change whenever one of the record's English translatable texts changes."""
    texts = {name: record.data[name] for name in translatable(record.kind) if record.data.get(name)}
    return hashlib.sha1(json.dumps(texts, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:8]


def stamp_line(record: Record) -> str:
    return f"# translation of {Path(record.path).name}, English text {fingerprint(record)}"


@dataclass(frozen=True)
class Gap:
    record: str  # the English record's path
    lang: str
    what: str  # "missing", "stale" or "missing fields: a, b"

    def __str__(self) -> str:
        return f"{self.record} [{self.lang}]: {self.what}"


def gaps(collection: Collection, project: Path, languages: list[str]) -> list[Gap]:
    """Every translation that is missing, lacks a field the English has, or translates older text."""
    out: list[Gap] = []
    for record in collection.all():
        fields = [name for name in translatable(record.kind) if record.data.get(name)]
        if not fields:
            continue
        for lang in languages:
            tr = record.translations.get(lang)
            if tr is None:
                out.append(Gap(record.path, lang, "missing"))
                continue
            lacking = [name for name in fields if not tr.data.get(name)]
            if lacking:
                out.append(Gap(record.path, lang, "missing fields: " + ", ".join(lacking)))
            first = (project / tr.path).read_text(encoding="utf-8").split("\n", 1)[0]
            match = _STAMP.match(first)
            if not match or match.group("hash") != fingerprint(record):
                out.append(Gap(record.path, lang, "stale"))
    return out


def stamp(record: Record, lang: str, project: Path) -> bool:
    """Mark a record's translation as translating today's English text; returns whether it changed."""
    tr = record.translations.get(lang)
    if tr is None:
        return False
    path = project / tr.path
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    body = rest if first.startswith("# ") else text
    new = stamp_line(record) + "\n" + body
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True
