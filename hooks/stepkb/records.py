"""Finding and loading the record files under partners/.

    partners/<cc>/country.yml                         a country (cc: ISO code, lower case)
    partners/<cc>/<institution>/institution.yml       an institution (folder name: its slug)
    partners/<cc>/<institution>/curricula/<slug>.yml  a programme it provides
    <any of these>.<lang>.yml beside the record       its translation into a site language
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import schemas
from .problems import Problem
from .yamlfile import Document, Position, parse_bytes

KINDS = ("country", "institution", "curriculum", "benchmark")
BENCHMARK_FOLDER = "benchmarks"  # partners/benchmarks/<slug>.yml: training standards
_TRANSLATION = re.compile(r"^(?P<base>.+)\.(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?)$")


@dataclass
class Source:
    """One YAML file: where it is, and what it holds."""

    path: str  # relative to the project folder, for messages and edit links
    data: dict
    positions: dict[tuple, Position]
    key_positions: dict[tuple, Position]
    reported: set[tuple] = field(default_factory=set)  # fields the reader has reported already (see yamlfile.Document)

    def where(self, parts: tuple, key: bool = False) -> Position:
        """The line and column of a field, or of the nearest enclosing one that exists."""
        table = self.key_positions if key else self.positions
        while parts:
            if parts in table:
                return table[parts]
            if parts in self.positions:
                return self.positions[parts]
            parts = parts[:-1]
        return self.positions.get((), (1, 1))


@dataclass
class Translation(Source):
    lang: str = ""
    kind: str = ""


@dataclass
class Record(Source):
    kind: str = ""
    slug: str = ""
    country: str = ""  # folder country code, upper case
    institution: str = ""  # provider slug, for curricula
    translations: dict[str, Translation] = field(default_factory=dict)

    def text(self, name: str, lang: str) -> tuple[str | None, str]:
        """A translatable field in a language: (text, the language it is really in)."""
        tr = self.translations.get(lang)
        if tr is not None and tr.data.get(name):
            return tr.data[name], lang
        value = self.data.get(name)
        return (value, "en") if value else (None, lang)


@dataclass
class Collection:
    countries: dict[str, Record] = field(default_factory=dict)  # by upper-case code
    institutions: dict[str, Record] = field(default_factory=dict)  # by slug
    curricula: dict[str, Record] = field(default_factory=dict)  # by slug
    benchmarks: dict[str, Record] = field(default_factory=dict)  # by slug
    glossary: Record | None = None  # partners/glossary.yml
    others: dict[str, Record] = field(default_factory=dict)  # other single-file kinds (partners/<kind>.yml), by kind

    @property
    def places(self) -> Record | None:
        """partners/places.yml: place names in every site language."""
        return self.others.get("places")

    def place(self, name: str, lang: str) -> tuple[str, str]:
        """A place's name in a language, and the language it is really in (English where none is given)."""
        entry = (self.places.data if self.places is not None else {}).get(name) or {}
        return (entry[lang], lang) if lang in entry else (name, "en")

    def all(self):
        yield from self.countries.values()
        yield from self.institutions.values()
        yield from self.curricula.values()
        yield from self.benchmarks.values()

    # The lookups below are built once, on first use, after every record has been added.
    @cached_property
    def _by_country(self) -> dict[str, dict[str, list[Record]]]:
        grouped: dict[str, dict[str, list[Record]]] = {"institution": {}, "curriculum": {}}
        for kind, table in (("institution", self.institutions), ("curriculum", self.curricula)):
            for slug in sorted(table):
                grouped[kind].setdefault(table[slug].country, []).append(table[slug])
        return grouped

    @cached_property
    def _by_institution(self) -> dict[str, list[Record]]:
        index: dict[str, list[Record]] = {}
        for slug in sorted(self.curricula):
            record = self.curricula[slug]
            for owner in [record.institution, *(record.data.get("partners") or [])]:
                index.setdefault(owner, []).append(record)
        return index

    def in_country(self, kind: str, code: str) -> list[Record]:
        """Institutions or curricula ("institution", "curriculum") of one country, by slug."""
        return self._by_country[kind].get(code, [])

    def curricula_of(self, institution: str) -> list[Record]:
        """Programmes an institution provides or takes part in, by slug."""
        return self._by_institution.get(institution, [])


@dataclass
class _Found:
    kind: str
    path: Path
    rel: str
    slug: str
    country: str
    institution: str
    lang: str | None  # set for translation files
    base_rel: str  # the record a translation belongs to


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _walk(folder: str, parts: tuple = ()):
    """(parts under the folder, is a link, is a file) for every entry, sorted, without entering linked
    or hidden folders. os.scandir: a build walks every record folder, and pathlib costs a stat or two more per file."""
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        here = parts + (entry.name,)
        if entry.is_symlink():
            yield here, True, entry.is_dir()
        elif entry.is_dir():
            yield from _walk(entry.path, here)
        else:
            yield here, False, entry.is_file()


def discover(partners_dir: Path, project_dir: Path) -> tuple[list[_Found], list[Problem]]:
    found: list[_Found] = []
    problems: list[Problem] = []
    if not partners_dir.is_dir():
        return found, [Problem(_rel(partners_dir, project_dir) if partners_dir.is_relative_to(project_dir) else str(partners_dir), 0, 0, "", "the records folder does not exist; expected a folder of country folders")]
    prefix = _rel(partners_dir, project_dir)
    for parts, is_link, is_file_or_dir in _walk(str(partners_dir)):
        rel = prefix + "/" + "/".join(parts)
        name = parts[-1]
        if is_link:
            # A link can point anywhere, outside the repository too: what it points at would be published.
            what = "folder" if is_file_or_dir else "file"
            problems.append(Problem(rel, 0, 0, "", f"is a symbolic link to a {what}; records must be real files and folders inside partners/, replace the link with a copy of what it points to"))
            continue
        if not is_file_or_dir:
            continue
        if name.endswith(".yaml"):
            problems.append(Problem(rel, 0, 0, "", "records end in .yml; rename the file to " + name[:-5] + ".yml"))
            continue
        if not name.endswith(".yml"):
            continue  # READMEs and images may sit beside records
        stem = name[:-4]
        lang = None
        m = _TRANSLATION.match(stem)
        if m:
            stem, lang = m.group("base"), m.group("lang")
        kind = None
        country = parts[0].upper() if len(parts) > 1 else ""
        slug = institution = ""
        if len(parts) == 1 and stem in schemas.single_file_kinds() and lang is None:
            kind, slug = stem, stem  # partners/glossary.yml, and any other file that has a schema of its own
        elif len(parts) == 2 and parts[0] == BENCHMARK_FOLDER:
            kind, slug, country = "benchmark", stem, ""
        elif len(parts) == 2 and stem == "country":
            kind, slug = "country", parts[0]
        elif len(parts) == 3 and stem == "institution":
            kind, slug, institution = "institution", parts[1], parts[1]
        elif len(parts) == 4 and parts[2] == "curricula":
            kind, slug, institution = "curriculum", stem, parts[1]
        if kind is None:
            problems.append(Problem(rel, 0, 0, "", "is not where a record can be; expected partners/<cc>/country.yml, partners/<cc>/<institution>/institution.yml, partners/<cc>/<institution>/curricula/<programme>.yml, partners/benchmarks/<benchmark>.yml, partners/glossary.yml or partners/places.yml"))
            continue
        base_rel = rel.rsplit("/", 1)[0] + "/" + stem + ".yml"
        found.append(_Found(kind, partners_dir.joinpath(*parts), rel, slug, country, institution, lang, base_rel))
    return found, problems


def read_document(path: Path) -> Document:
    return parse_bytes(path.read_bytes())


def load(partners_dir: Path, project_dir: Path, read: Callable[[Path], Document] = read_document) -> tuple[list[Record], list[Translation], list[Problem]]:
    """Read every record and translation. Returns what could be read and every problem met.

    Records and translations come back unvalidated (see validate.py); a file that cannot be read at
    all is reported here and left out. `read` turns a file into a Document (a cache may stand in).
    """
    found, problems = discover(partners_dir, project_dir)
    records: list[Record] = []
    translations: list[tuple[_Found, Translation]] = []
    for item in found:
        try:
            doc = read(item.path)
        except OSError as exc:
            problems.append(Problem(item.rel, 0, 0, "", f"cannot be read ({exc.strerror}); check the file"))
            continue
        problems.extend(Problem(item.rel, e.line, e.column, e.field, e.message) for e in doc.errors)
        if doc.data is None:
            continue
        if item.lang is None:
            records.append(Record(item.rel, doc.data, doc.positions, doc.key_positions, doc.reported, kind=item.kind, slug=item.slug, country=item.country, institution=item.institution))
        else:
            translations.append((item, Translation(item.rel, doc.data, doc.positions, doc.key_positions, doc.reported, lang=item.lang)))
    by_path = {r.path: r for r in records}
    attached: list[Translation] = []
    for item, tr in translations:
        base = by_path.get(item.base_rel)
        if base is None:
            if not (project_dir / item.base_rel).exists():
                problems.append(Problem(tr.path, 0, 0, "", f"is a translation of a record that does not exist; expected {item.base_rel} beside it"))
            continue  # a base that exists but could not be read is reported already
        tr.kind = base.kind
        base.translations[tr.lang] = tr
        attached.append(tr)
    return records, attached, problems
