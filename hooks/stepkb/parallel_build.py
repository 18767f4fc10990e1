"""Every language built at the same time, one process per language on the available cores, giving the
same site byte for byte as `mkdocs build`, which builds them one after another.

How `mkdocs build` makes the site (mkdocs-static-i18n 1.3): it builds the default language; then, from
inside its own `on_post_build`, it re-runs MkDocs' whole build for each other language on the same
config, each into `site/<lang>/` plus a few files at the site's root (theme assets, `404.html`,
`sitemap.xml`, the search index). Each of those builds adds its pages to two lists kept across builds:
the search entries (merged into one index at the end, which our hook then splits per language) and the
pages the sitemap lists (so the sitemap written by the last build lists every language).

What this module changes, and nothing else: once the default language's build has written its generated
pages (our hook's `on_pre_build`; each other language's build writes its own), it forks worker processes, each a copy of that build's state, which
run the other languages' builds exactly as static-i18n would, each into a staging folder. static-i18n's
loop then runs as usual, but instead of building a language it takes that language's result from its
worker, in the same order: the log messages (so strict mode counts their warnings), the search entries,
the pages for the sitemap, the hooks' own state registered with `carry` (what they report at the end of
the build), and the `site/<lang>/` folder, moved into place. The sitemap is written once
at the end from every language's pages, as the last sequential build writes it. A test compares the
result with a sequential build, file by file.

Use it with `python -m stepkb.parallel_build build|serve [mkdocs options]` (the Makefile's `build` and
`serve-all`), or by setting STEPKB_JOBS=<processes> for any `mkdocs build` or `mkdocs serve`.
Workers are forked (POSIX only): a fresh interpreter would have to rebuild the config and the hook's
state, and any difference there would show in the pages.
"""
from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority

import mkdocs_static_i18n.plugin as i18n_plugin_module

log = logging.getLogger("mkdocs.hooks.stepkb")
JOBS_VARIABLE = "STEPKB_JOBS"
PLUGIN_NAME = "stepkb/parallel-languages"
_IN_WORKER = False  # set in the forked workers: their builds are the per-language ones, never parallel again


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def requested_jobs(environ=os.environ) -> int:
    """How many worker processes STEPKB_JOBS asks for: a number, or `auto` for one per core."""
    value = environ.get(JOBS_VARIABLE, "").strip().lower()
    if value == "auto":
        return available_cores()
    return int(value) if value.isdigit() else 0


def attach(config) -> bool:
    """Make this build parallel when STEPKB_JOBS asks for more than one process (called in on_config
    of the default language's build); whether it is."""
    jobs = requested_jobs()
    i18n = config.plugins.get("i18n")
    if _IN_WORKER or jobs < 2 or i18n is None or i18n.building or len(i18n.build_languages) < 2 or not hasattr(os, "fork"):
        return False
    if PLUGIN_NAME not in config.plugins:
        config.plugins[PLUGIN_NAME] = ParallelLanguages(jobs)
    return True


# State a hook collects while a language is built (our hook: each language's search index size and its
# CPU timings), which a sequential build keeps in the main process and a worker would keep to itself.
# name -> (take, give): `take()`, in a worker, returns what was collected since it was last called and
# forgets it (picklable data); `give(data)`, in the main process, adds it when static-i18n's loop reaches
# that language, so that it arrives in the sequential build's order.
_CARRIED: dict = {}


def carry(name: str, take, give) -> None:
    """Register (or replace) a piece of hook state that crosses from the workers to the main process."""
    _CARRIED[name] = (take, give)


@dataclass
class LanguageResult:
    """What one language's build hands back to the main process (all plain, picklable data)."""

    language: str
    staging: str
    log_records: list = field(default_factory=list)
    search_entries: list = field(default_factory=list)
    sitemap_files: list = field(default_factory=list)
    carried: dict = field(default_factory=dict)
    error: str | None = None


class ParallelLanguages(BasePlugin):
    """Registered by `attach` for the default language's (outer) build only."""

    def __init__(self, jobs: int):
        super().__init__()
        self.jobs = jobs
        self.executor: ProcessPoolExecutor | None = None
        self.futures: dict = {}
        self.staging: Path | None = None
        self.env = self.files = self.nav = None
        self._original_build = None

    # --- the default language's build -------------------------------------------------------------
    # The workers inherit this plugin with the config; in their (per-language) builds it does nothing.

    @staticmethod
    def _outer(config) -> bool:
        return not _IN_WORKER and not config.plugins["i18n"].building

    @event_priority(-1000)  # after every other pre_build: our hook has written the generated pages
    def on_pre_build(self, config):
        if not self._outer(config):
            return
        i18n = config.plugins["i18n"]
        languages = [lang for lang in i18n.build_languages if lang != i18n.current_language]
        site_dir = Path(config.site_dir).resolve()
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        # Next to the site, on the same disk, so that a language's folder moves into it by renaming.
        self.staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-languages-", dir=site_dir.parent))
        global _WORKER_CONFIG, _WORKER_STAGING
        _WORKER_CONFIG, _WORKER_STAGING = config, self.staging
        workers = min(self.jobs, len(languages))
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_start_worker)
        # Submitted in static-i18n's order, so that the languages it asks for first are built first.
        self.futures = {lang: self.executor.submit(_build_language, lang) for lang in languages}
        _WORKER_CONFIG = None
        log.info(f"Building {len(languages)} languages in {workers} processes beside the default language")
        # static-i18n's loop calls `build(config, dirty=...)` once per language: take the result instead.
        self._original_build = i18n_plugin_module.build
        i18n_plugin_module.build = self._collect

    @event_priority(-1000)
    def on_nav(self, nav, config, files):
        if self._outer(config):
            self.nav = nav
        return nav

    @event_priority(-1000)
    def on_env(self, env, config, files):
        if self._outer(config):
            self.env, self.files = env, files
        return env

    def _collect(self, config, dirty: bool = False) -> None:
        """Stands for one language's build in static-i18n's loop (i18n.current_language names it)."""
        i18n = config.plugins["i18n"]
        lang = i18n.current_language
        try:
            result: LanguageResult = self.futures[lang].result()
        except Exception as error:  # the worker process died (killed, out of memory)
            raise Abort(f"The build of language '{lang}' stopped: {error}") from None
        for record in result.log_records:
            record.msg = record.msg.replace(result.staging, config.site_dir)  # as the sequential build says it
            logging.getLogger(record.name).handle(record)
        if result.error is not None:
            raise Abort(result.error)
        # What the language's own build adds in its on_post_build (static-i18n's extend_search_entries)
        # and on_files (the pages its sitemap lists).
        i18n.search_entries.extend(result.search_entries)
        i18n.i18n_files_per_language[lang] = [_stand_in(f) for f in result.sitemap_files]
        for name, data in result.carried.items():
            _CARRIED[name][1](data)
        target = Path(config.site_dir) / lang
        if target.exists():  # a dirty build (mkdocs serve --dirty) keeps the previous site
            shutil.rmtree(target)
        built = Path(result.staging) / lang
        if built.exists():
            shutil.move(str(built), str(target))

    @event_priority(-150)  # after static-i18n's loop (-100), before our hook's search and downloads (-200)
    def on_post_build(self, config):
        if not self._outer(config):
            return
        try:
            if "sitemap.xml" in config.theme.static_templates and self.env is not None:
                # The sequential build's last language writes the sitemap of every language built.
                mkdocs_build._build_theme_template("sitemap.xml", self.env, self.files, config, self.nav)
        finally:
            self._finish()

    def on_build_error(self, error):
        if not _IN_WORKER:
            self._finish()

    def _finish(self) -> None:
        if self._original_build is not None:
            i18n_plugin_module.build = self._original_build
            self._original_build = None
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
        self.env = self.files = self.nav = None


# --- in a worker ---------------------------------------------------------------------------------

_WORKER_CONFIG = None  # the outer build's config, inherited by the forked workers
_WORKER_STAGING: Path | None = None


class _Collector(logging.Handler):
    """Keeps a worker's log records, to be logged by the main process in the languages' order."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        # Formatted here: the arguments and tracebacks may not survive the trip between processes.
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


_COLLECTOR = _Collector()


def _start_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True
    # The main process prints what the workers log, once and in order; strict mode counts it there.
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(_COLLECTOR)
    # What the main process had collected before the fork is its own: a worker hands back only its languages'.
    for take, _ in _CARRIED.values():
        take()


def _build_language(lang: str) -> LanguageResult:
    """One language's build, as static-i18n runs it from its loop, into a staging folder of its own."""
    config = _WORKER_CONFIG
    i18n = config.plugins["i18n"]
    staging = _WORKER_STAGING / lang
    result = LanguageResult(lang, str(staging))
    _COLLECTOR.records = result.log_records
    config.site_dir = str(staging)
    i18n.current_language, i18n.building = lang, True
    entries_before = len(i18n.search_entries)
    try:
        mkdocs_build.build(config, dirty=False)
    except BaseException as error:  # handed to the main process, which stops the build with it
        result.error = str(error) if isinstance(error, Abort) else "".join(traceback.format_exception(error)).rstrip()
    result.search_entries = i18n.search_entries[entries_before:]
    del i18n.search_entries[entries_before:]  # a worker builds several languages: keep memory flat
    result.sitemap_files = [_sitemap_file(f) for f in i18n.i18n_files_per_language.pop(lang, [])]
    result.carried = {name: take() for name, (take, _) in _CARRIED.items()}
    _COLLECTOR.records = []
    return result


# --- the sitemap's view of a page ------------------------------------------------------------------
# static-i18n's sitemap template (custom_i18n_sitemap/sitemap.xml) reads, for each file a language built:
# file.url, file.page (is_link, canonical_url, abs_url, update_date) and file.alternates (each one's url
# and page). Those values cross from the worker to the main process, which renders the same template.

def _page_values(page) -> dict | None:
    if page is None:
        return None
    return {"is_link": getattr(page, "is_link", False), "canonical_url": page.canonical_url,
            "abs_url": page.abs_url, "update_date": page.update_date}


def _sitemap_file(file) -> dict:
    return {
        "url": file.url,
        "page": _page_values(file.page),
        "alternates": [(lang, {"url": alt.url, "page": _page_values(alt.page)}) for lang, alt in file.alternates.items()],
    }


def _stand_in(values: dict) -> SimpleNamespace:
    def item(v):
        return SimpleNamespace(url=v["url"], page=SimpleNamespace(**v["page"]) if v["page"] is not None else None)

    file = item(values)
    file.alternates = {lang: item(alt) for lang, alt in values["alternates"]}
    return file


# --- command line ----------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stepkb.parallel_build",
        description="mkdocs build or serve with every language built at once, one process per language.",
        epilog="Other options are passed to mkdocs, e.g. build --strict -d site, serve --dev-addr 127.0.0.1:8000.",
    )
    parser.add_argument("command", choices=["build", "serve"])
    parser.add_argument("-j", "--jobs", type=int, default=available_cores(),
                        help="worker processes (default: one per available core, here %(default)s)")
    args, mkdocs_args = parser.parse_known_args(argv)
    os.environ[JOBS_VARIABLE] = str(max(args.jobs, 1))
    from mkdocs.__main__ import cli

    return cli([args.command, *mkdocs_args], standalone_mode=True)


if __name__ == "__main__":
    sys.exit(main())
