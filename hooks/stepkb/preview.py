"""`make serve`: one build per save, a quick preview, and problems shown in the browser.

- One build per save. MkDocs' server rebuilds on any change under docs/, and each build writes the
  pages generated from the records there: a save caused a second build. The server watches the
  hand-written pages instead (`watch_paths`); the records are watched through `watch:` in mkdocs.yml.
- Quick. Serve builds with `--dirty`: MkDocs renders only pages whose Markdown changed since the last
  build, and the generator writes a page only when its content changed, so a record edit renders the few
  pages that show it (pagecache.py makes only those). Pages that draw on records without being generated
  (the home page's map) are made stale on purpose (`force_rebuild`); the search entries of pages not
  rendered again are kept from the last build (step_hooks); the search indexes and the downloads are made after the browser has
  been told to reload (`Background`); the server hears of a save at once instead of within half a second
  (`inotify_watcher`).
- Problems in the browser. A build that finds problems does not stop (the server would wait without
  a word until the next good build): every page of the served site is replaced by a page listing the
  problems (`show_problems`), which reloads itself like any page; the next good build puts the pages back
  (`restore`) before MkDocs decides which ones to render again.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path

import jinja2

from .labels import Labels
from .problems import Problem, summary
from .render import _environment

HELD = ".stepkb-held"  # beside the served site: the pages a problem page stands in for


def watch_paths(docs_dir: Path, generated: tuple[str, ...]) -> list[tuple[Path, bool]]:
    """(path, recursive) for every hand-written part of docs/, leaving out the generated folders.

    A language folder is watched without its subfolders, and each hand-written subfolder on its own;
    a folder added while the server runs is watched from the next start. The field reference
    (contribute/fields.md, generated from the schemas) sits in a hand-written folder: a schema edit still
    builds twice."""
    paths: list[tuple[Path, bool]] = [(docs_dir, False)]
    for entry in sorted(docs_dir.iterdir()):
        if not entry.is_dir() or entry.name.startswith("."):
            continue
        paths.append((entry, False))
        for sub in sorted(entry.iterdir()):
            if sub.is_dir() and sub.name not in generated and not sub.name.startswith("."):
                paths.append((sub, True))
    return paths


class _DirtyNotice(logging.Filter):
    """MkDocs warns on every --dirty build that navigation may be inaccurate: true, and known, for a preview."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


def quiet_dirty_notice() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DirtyNotice) for f in logger.filters):
        logger.addFilter(_DirtyNotice())


def force_rebuild(dest_paths: list[str]) -> None:
    """Make MkDocs render these pages again in a --dirty build: it renders a page whose output is missing."""
    for path in dest_paths:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def write_search_atomically(site_dir: Path, write) -> dict:
    """Make the per-language search indexes (write: given a folder, writes them under it) in a folder beside
    the site, then swap each language's search folder into place: a reader's page never fetches a
    half-written index."""
    stage = Path(tempfile.mkdtemp(prefix=".stepkb-search-", dir=site_dir.parent))
    try:
        sizes = write(stage)
        for made in sorted(p for p in stage.rglob("search") if p.is_dir()):
            target = site_dir / made.relative_to(stage)
            old = target.with_name(".search-old")
            shutil.rmtree(old, ignore_errors=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                os.replace(target, old)
            os.replace(made, target)
            shutil.rmtree(old, ignore_errors=True)
        return sizes
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _page_of(entry: dict) -> str:
    return entry.get("location", "").split("#", 1)[0]


class Background:
    """One piece of work at a time after a build (the downloads), so that the browser can reload first."""

    def __init__(self):
        self._thread: threading.Thread | None = None

    def run(self, work) -> None:
        self.wait()
        self._thread = threading.Thread(target=work, name="stepkb-preview", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None


def inotify_watcher(server, config_file: str | None) -> bool:
    """Let the server learn of a save at once: MkDocs polls every half second, which is a third of the
    time an editor waits for the preview. Done only while the server has not started watching; the
    configuration file's watch moves to the new watcher, the others are added after this."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    observer = getattr(server, "observer", None)
    if not isinstance(observer, PollingObserver) or observer.is_alive() or Observer is PollingObserver:
        return False
    if config_file:
        server.unwatch(config_file)
    server.observer = _changes_only(Observer)()
    if config_file:
        server.watch(config_file)
    return True


CHANGES = ("created", "deleted", "modified", "moved")


def _changes_only(observer_class):
    """An observer that passes on changes only: inotify also reports a file being opened or read, which
    every build does (MkDocs rebuilds on any event it hears of, so it would build again and again)."""
    from watchdog.events import FileSystemEventHandler

    class _Changes(FileSystemEventHandler):
        def __init__(self, handler):
            self._handler = handler

        def dispatch(self, event):
            if event.event_type in CHANGES:
                self._handler.dispatch(event)

    class ChangesObserver(observer_class):
        def schedule(self, event_handler, path, *args, **kwargs):
            return super().schedule(_Changes(event_handler), path, *args, **kwargs)

    return ChangesObserver


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory. MkDocs makes a new template environment for every build of
    `mkdocs serve`, so the theme's templates would be compiled again on every save; Jinja checks each
    template's source, so an edited template is compiled anew."""

    def __init__(self):
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = MemoryBytecodeCache()


def problem_page(problems: list[Problem], lang: str) -> str:
    labels = Labels(lang)
    return _environment().get_template("preview-problems.html.j2").render(
        lang=lang, L=labels, problems=[str(p) for p in problems], count=summary(problems))


def _held(site_dir: Path) -> Path:
    return site_dir.with_name(site_dir.name + HELD)


def show_problems(site_dir: Path, html: str) -> int:
    """Put the problem page in place of every page of the served site; returns how many it stands in for."""
    held = _held(site_dir)
    page = held / "problems.html"
    held.mkdir(exist_ok=True)
    page.write_text(html, encoding="utf-8")
    count = 0
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir)
        keep = held / "pages" / rel
        if not keep.exists():
            keep.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, keep)
        else:
            path.unlink()
        shutil.copyfile(page, path)
        count += 1
    return count


def restore(site_dir: Path) -> None:
    """Put back the pages a problem page stood in for (with their dates, so that --dirty trusts them)."""
    held = _held(site_dir)
    pages = held / "pages"
    if pages.is_dir():
        for keep in pages.rglob("*.html"):
            os.replace(keep, site_dir / keep.relative_to(pages))
    shutil.rmtree(held, ignore_errors=True)


def discard(site_dir: Path) -> None:
    shutil.rmtree(_held(site_dir), ignore_errors=True)
