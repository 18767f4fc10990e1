"""Every generated page in every language, written under docs/<lang>/ only when its content changed.

mkdocs-static-i18n rebuilds each page's File from its path under docs_dir, so generated pages must be
real files there (see the stack notes). They live in git-ignored section folders that only this module
writes to: a stale page (its record deleted) is removed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from babel.core import get_global

from . import dataset, names
from .labels import Labels
from .pagecache import PageCache
from .problems import Problem
from .records import Collection
from .render import SECTIONS, THEMES, Page, Site, render_compare, render_fields, render_glossary, render_index, render_record, render_theme, src_of, url_of
from .search_index import Entry, add_keywords, build, write

FIELDS_PAGE = "contribute/fields.md"  # the field reference, generated from the schemas
COMPARE_PAGE = "compare/index.md"
GLOSSARY_PAGE = "glossary/index.md"
DATA_DIR = "data"  # the downloads, at the site's root (see dataset.py)
# The folders under docs/<lang>/ that only this module writes (git-ignored): stale pages are removed there.
THEMES_FOLDER = "themes"  # one page per regulation theme, every country side by side
GENERATED_FOLDERS = (*SECTIONS.values(), "compare", "glossary", THEMES_FOLDER)


@dataclass
class Written:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    # Pages that could not be made: a fault in our code or templates, reported as `file: what went wrong`
    failed: list[Problem] = field(default_factory=list)


def pages_for(collection: Collection, lang: str, languages: list[str], site: Site | None = None):
    """(path under the language folder, a function making its Markdown, source YAML or None) for every page."""
    labels = Labels(lang)
    site = site or Site(default_lang=languages[0])
    to_root = "../" if lang == languages[0] else "../../"

    def page(url: str) -> Page:
        return Page(lang, url, collection, labels, site)

    if collection.glossary is not None:
        yield GLOSSARY_PAGE, partial(render_glossary, page("glossary/"), languages), collection.glossary.path
    yield COMPARE_PAGE, partial(render_compare, page("compare/"), to_root + DATA_DIR + "/"), None
    for kind, section in SECTIONS.items():
        yield f"{section}/index.md", partial(render_index, kind, page(f"{section}/")), None
    yield f"{THEMES_FOLDER}/index.md", partial(render_theme, "", page(f"{THEMES_FOLDER}/")), None
    for theme in THEMES:
        yield f"{THEMES_FOLDER}/{theme}.md", partial(render_theme, theme, page(f"{THEMES_FOLDER}/{theme}/")), None
    yield FIELDS_PAGE, partial(render_fields, page("contribute/fields/")), None
    for record in collection.all():
        yield src_of(record.kind, record.slug), partial(render_record, record, page(url_of(record.kind, record.slug))), record.path


def failure(where: str, exc: Exception, lang: str | None = None) -> Problem:
    """An unexpected error, in words for the editor who meets it: where, what, and that it is not their fault."""
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    page = f" in {lang}" if lang else ""
    return Problem(where, 0, 0, "", f"its page{page} could not be made ({what}); this is a fault in the site's code, "
                                    "not in the record: please report it with this message")


def write_pages(collection: Collection, docs_dir: Path, languages: list[str], site: Site | None = None, cache: PageCache | None = None,
                only: list[str] | None = None) -> Written:
    """The generated pages of the languages built (`languages`, the default first), written only when
    changed; a stale page (its record deleted) is removed. With a cache (`mkdocs serve`), only pages
    showing a changed record are made. With `only`, just those languages' pages, and stale pages only in
    their folders: the parallel build has each language's process write its own (stepkb.parallel_build)."""
    result = Written()
    keep: set[Path] = set()
    shown = cache.start(collection) if cache else collection
    for lang in only or languages:
        for rel, make, source in pages_for(shown, lang, languages, site):
            target = docs_dir / lang / rel
            keep.add(target)
            try:
                text = cache.page(shown, (lang, rel), make, source) if cache else make()
            except Exception as exc:  # noqa: BLE001  (any fault becomes a message, never a traceback)
                result.failed.append(failure(source or f"docs/{lang}/{rel}", exc, lang))
                continue
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


def _native_language(code: str) -> str:
    """The language a country's own name is written in (CLDR's likely language; English where CLDR has none)."""
    likely = get_global("likely_subtags").get(f"und_{code}")
    return likely.split("_")[0] if likely else "en"


def write_search_index(site_dir: Path, lang: str, languages: list[str], entries: list[Entry], collection: Collection) -> int:
    """One language's search index (search_index.py), under its root; returns its size in bytes."""
    folder = site_dir / ("" if lang == languages[0] else lang) / "search"
    glossary = collection.glossary.data if collection.glossary is not None else None
    # Each country is found by its English name and its own name too (Austria, Österreich on the Finnish site),
    # and by the other names readers use (Holland, England, Großbritannien).
    aliases = {code: [names.country(code, "en"), names.country(code, _native_language(code)), *names.other_country_names(code, lang)]
               for code in collection.countries}
    add_keywords(entries, lang, glossary, aliases)
    meta, terms, documents = build(entries, lang)
    return write(folder, meta, terms, documents, {code: names.country(code, lang) for code in meta["countries"]})
