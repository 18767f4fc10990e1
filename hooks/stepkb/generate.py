"""Every generated page in every language, written under docs/<lang>/ only when its content changed.

mkdocs-static-i18n rebuilds each page's File from its path under docs_dir, so generated pages must be
real files there (see the stack notes). They live in git-ignored section folders that only this module
writes to: a stale page (its record deleted) is removed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import dataset
from .labels import Labels
from .records import Collection
from .render import SECTIONS, Page, render_compare, render_fields, render_glossary, render_index, render_record, src_of, url_of
from .search_index import dumps, split

FIELDS_PAGE = "contribute/fields.md"  # the field reference, generated from the schemas
COMPARE_PAGE = "compare/index.md"
GLOSSARY_PAGE = "glossary/index.md"
DATA_DIR = "data"  # the downloads, at the site's root (see dataset.py)
# The folders under docs/<lang>/ that only this module writes (git-ignored): stale pages are removed there.
GENERATED_FOLDERS = (*SECTIONS.values(), "compare", "glossary")


@dataclass
class Written:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def pages_for(collection: Collection, lang: str, languages: list[str]):
    """(path under the language folder, Markdown, source YAML or None) for every generated page."""
    labels = Labels(lang)
    to_root = "../" if lang == languages[0] else "../../"
    if collection.glossary is not None:
        yield GLOSSARY_PAGE, render_glossary(Page(lang, "glossary/", collection, labels), languages), collection.glossary.path
    yield COMPARE_PAGE, render_compare(Page(lang, "compare/", collection, labels), to_root + DATA_DIR + "/"), None
    for kind, section in SECTIONS.items():
        page = Page(lang, f"{section}/", collection, labels)
        yield f"{section}/index.md", render_index(kind, page), None
    yield FIELDS_PAGE, render_fields(Page(lang, "contribute/fields/", collection, labels)), None
    for record in collection.all():
        page = Page(lang, url_of(record.kind, record.slug), collection, labels)
        yield src_of(record.kind, record.slug), render_record(record, page), record.path


def write_pages(collection: Collection, docs_dir: Path, languages: list[str], only: list[str] | None = None) -> Written:
    """The generated pages of the languages built (`languages`, the default first), written only when
    changed; a stale page (its record deleted) is removed.

    With `only`, just those languages' pages, and stale pages only in their folders: the parallel build
    has each language's process write its own (stepkb.parallel_build)."""
    result = Written()
    keep: set[Path] = set()
    for lang in only or languages:
        for rel, text, _source in pages_for(collection, lang, languages):
            target = docs_dir / lang / rel
            keep.add(target)
            data = text.encode("utf-8")
            try:
                if target.read_bytes() == data:
                    result.unchanged += 1
                    continue
            except FileNotFoundError:
                target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            result.written += 1
    for lang_dir in docs_dir.iterdir():
        if not lang_dir.is_dir() or (only is not None and lang_dir.name not in only):
            continue
        for section in GENERATED_FOLDERS:
            folder = lang_dir / section
            if folder.is_dir():
                for stale in folder.rglob("*.md"):
                    if stale not in keep:
                        stale.unlink()
                        result.removed += 1
    return result


def write_data(collection: Collection, site_dir: Path) -> list[str]:
    """The open-data downloads, written into the built site; returns their file names."""
    folder = site_dir / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    downloads = dataset.files(collection)
    for name, text in downloads.items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
    return sorted(downloads)


def write_search_indexes(site_dir: Path, languages: list[str], collection: Collection) -> dict[str, int]:
    """Split the merged search index into one per language; returns each one's size in bytes."""
    merged_path = site_dir / "search" / "search_index.json"
    if not merged_path.exists():
        return {}
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    glossary = collection.glossary.data if collection.glossary is not None else None
    sizes = {}
    for lang, index in split(merged, languages, languages[0], glossary).items():
        target = site_dir / ("" if lang == languages[0] else lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = dumps(index).encode("utf-8")
        target.write_bytes(data)
        sizes[lang] = len(data)
    return sizes
