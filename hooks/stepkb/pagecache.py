"""Pages kept between the builds of `mkdocs serve`, made again only when a record they show has changed.

Which records a page shows is observed, not declared: the page is rendered with a collection that notes
every record a template or the renderer takes from it (`Tracking`). On the next build, a page is made
again if one of those records (or one of its translations) changed, if it took records in a way that
cannot be followed, or if records were added or removed; otherwise its Markdown from the last build is
used. A template that starts showing another record's data is thereby covered without a change here.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from .records import Collection, Record

EVERYTHING = None  # a page whose records could not be followed depends on all of them


class _Seen:
    def __init__(self):
        self.paths: set[str] | None = set()

    def add(self, record) -> None:
        if self.paths is not None and isinstance(record, Record):
            self.paths.add(record.path)

    def everything(self) -> None:
        self.paths = EVERYTHING


class _TrackedTable(Mapping):
    """A {key: Record} table that notes each record taken from it (not the keys looked at)."""

    def __init__(self, table: dict, seen: _Seen):
        self._table, self._seen = table, seen

    def __getitem__(self, key):
        record = self._table[key]
        self._seen.add(record)
        return record

    def __contains__(self, key) -> bool:
        return key in self._table

    def __iter__(self) -> Iterator:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


class Tracking:
    """A Collection as render sees it, noting the records taken from it into `seen`."""

    def __init__(self, collection: Collection):
        self._collection = collection
        self.seen = _Seen()
        self.countries = _TrackedTable(collection.countries, _Proxy(self))
        self.institutions = _TrackedTable(collection.institutions, _Proxy(self))
        self.curricula = _TrackedTable(collection.curricula, _Proxy(self))
        self.benchmarks = _TrackedTable(collection.benchmarks, _Proxy(self))

    @property
    def glossary(self):
        self.seen.add(self._collection.glossary)
        return self._collection.glossary

    @property
    def places(self):
        self.seen.add(self._collection.places)
        return self._collection.places

    def place(self, name: str, lang: str) -> tuple[str, str]:
        self.seen.add(self._collection.places)
        return self._collection.place(name, lang)

    def all(self):
        for record in self._collection.all():
            self.seen.add(record)
            yield record

    def in_country(self, kind: str, code: str) -> list[Record]:
        found = self._collection.in_country(kind, code)
        for record in found:
            self.seen.add(record)
        return found

    def curricula_of(self, institution: str) -> list[Record]:
        found = self._collection.curricula_of(institution)
        for record in found:
            self.seen.add(record)
        return found

    def __getattr__(self, name):
        # Anything else the collection offers (added later) cannot be followed: the page depends on everything.
        self.seen.everything()
        return getattr(self._collection, name)


class _Proxy:
    """Lets the tables note into whatever `seen` their collection holds while a page is rendered."""

    def __init__(self, tracking: Tracking):
        self._tracking = tracking

    def add(self, record) -> None:
        self._tracking.seen.add(record)


def versions(collection: Collection) -> dict[str, tuple]:
    """Each record's version: its data and its translations' data, by identity (a file read again is new data)."""
    out = {}
    records = list(collection.all()) + ([collection.glossary] if collection.glossary else []) + list(collection.others.values())
    for record in records:
        out[record.path] = (id(record.data), tuple(sorted((lang, id(tr.data)) for lang, tr in record.translations.items())))
    return out


class PageCache:
    """Markdown of the pages of the last build, with the records each one took."""

    def __init__(self):
        self._pages: dict[tuple, tuple[frozenset[str] | None, str]] = {}
        self._versions: dict[str, tuple] = {}
        self._changed: set[str] | None = EVERYTHING
        self.made = 0
        self.kept = 0

    def start(self, collection: Collection) -> Tracking:
        """Begin a build: note which records changed since the last one; returns the collection to render with."""
        now = versions(collection)
        if set(now) != set(self._versions):
            self._changed = EVERYTHING  # a record added or removed changes lists anywhere
        else:
            self._changed = {path for path, version in now.items() if self._versions[path] != version}
        self._versions = now
        self.made = self.kept = 0
        return Tracking(collection)

    def page(self, tracking: Tracking, key: tuple, make: Callable[[], str], source: str | None) -> str:
        """A page's Markdown: kept from the last build, or made now (`source`: the record the page is of)."""
        hit = self._pages.get(key)
        if hit is not None and self._changed is not EVERYTHING and hit[0] is not EVERYTHING and not (hit[0] & self._changed):
            self.kept += 1
            return hit[1]
        tracking.seen = _Seen()
        try:
            text = make()
        except Exception:
            self._pages.pop(key, None)
            raise
        paths = tracking.seen.paths
        self._pages[key] = (EVERYTHING if paths is EVERYTHING else frozenset(paths | ({source} if source else set())), text)
        self.made += 1
        return text
