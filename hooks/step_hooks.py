"""MkDocs hooks for the STEP knowledge base: thin handlers over the stepkb package.

mkdocs-static-i18n runs MkDocs' whole build once per language on the same config, so every handler
here is idempotent and the records are read, validated and written once, in the outer build.
"""
from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from stepkb import htmlfix, parallel_build
from stepkb.generate import write_data, write_pages, write_search_indexes
from stepkb.labels import Labels, site_languages
from stepkb.language_files import own_and_default
from stepkb.render import Page, render_home_map
from stepkb.problems import summary
from stepkb.source_date import source_date
from stepkb.validate import read_partners

log = logging.getLogger("mkdocs.hooks.stepkb")
# Module state lives as long as `mkdocs serve` does; each outer build resets what it needs.
_state = {"collection": None, "default_404": None, "timings": {}, "source_date": None, "parallel": False}


def _i18n(config):
    return config.plugins.get("i18n")


def _languages(config) -> list[str]:
    i18n = _i18n(config)
    return [lang.locale for lang in i18n.config.languages] if i18n else ["en"]


def _built_languages(config) -> list[str]:
    """The languages this build makes, the default (served at the root) first.

    All of them normally; one with BUILD_ONLY_LOCALE (`make serve` previews one language)."""
    i18n = _i18n(config)
    if i18n is None:
        return ["en"]
    default = i18n.default_language
    return [default] + [lang for lang in i18n.build_languages if lang != default]


def _timed(name: str, seconds: float) -> None:
    # CPU time (time.process_time): the benchmark sets it against whole builds' CPU time, which unlike
    # wall time does not depend on what else the machine is running.
    _state["timings"][name] = _state["timings"].get(name, 0.0) + seconds


def on_config(config):
    configured, labelled = _languages(config), site_languages()
    if sorted(configured) != sorted(labelled):
        raise Abort(
            "The site languages in mkdocs.yml (" + ", ".join(configured) + ") differ from the label files in "
            "hooks/stepkb/labels/ (" + ", ".join(labelled) + "); add or remove a language in both (see README)"
        )
    i18n = _i18n(config)
    if i18n is None or not i18n.building:  # the default language's build: once per site build
        _state["source_date"] = source_date(Path(config.config_file_path).parent)
        # Every language at once, when STEPKB_JOBS asks for it (make build, make serve-all).
        _state["parallel"] = parallel_build.attach(config)
    return config


def on_pre_page(page, config, files):
    # The sitemap's lastmod: the commit's date, so that one commit builds the same site on any day.
    if _state["source_date"]:
        page.update_date = _state["source_date"]
    return page


@event_priority(100)  # before static-i18n reads the files, so the generated pages are there
def on_pre_build(config):
    # static-i18n points each page's language switcher at that page by setting `config.extra.alternate`
    # as an attribute, which outlives the build, while it resets only the dict entry; the attribute
    # wins in templates. Left in place, each language's "page not found" page (rendered before the pages)
    # would link to the last page the previous build rendered.
    vars(config.extra).pop("alternate", None)
    i18n = _i18n(config)
    if i18n is not None and i18n.building:
        # An inner per-language build: the pages were written by the outer one, or, in a parallel build,
        # are written here, each language by its own process. The theme writes 404.html at the site's
        # root in every language's build; keep the default language's before it is replaced.
        if _state["parallel"]:
            started = time.process_time()
            write_pages(_state["collection"], Path(config.docs_dir), _built_languages(config), only=[i18n.current_language])
            _timed("records_and_pages", time.process_time() - started)
        root_404 = Path(config.site_dir) / "404.html"
        if _state["default_404"] is None and root_404.exists():
            _state["default_404"] = root_404.read_bytes()
        return
    started = time.process_time()
    project = Path(config.config_file_path).parent
    collection, problems = read_partners(project / "partners", project, _languages(config))
    if problems:
        for problem in problems:
            log.error(str(problem))
        raise Abort(f"The records have {summary(problems)}; nothing was built. Fix them and build again.")
    built = _built_languages(config)
    result = write_pages(collection, Path(config.docs_dir), built, only=built[:1] if _state["parallel"] else None)
    _state["collection"] = collection
    _state["timings"] = {}
    _timed("records_and_pages", time.process_time() - started)
    log.info(
        f"Records: {len(collection.countries)} countries, {len(collection.institutions)} institutions, "
        f"{len(collection.curricula)} programmes; pages written {result.written}, unchanged {result.unchanged}, "
        f"removed {result.removed} ({_state['timings']['records_and_pages']:.2f} s)"
    )


MAP_MARKER = "<!-- stepkb:map -->"


def on_page_markdown(markdown, page, config, files):
    if MAP_MARKER in markdown and _state["collection"] is not None:
        i18n = _i18n(config)
        lang = i18n.current_language if i18n else "en"
        # Only the home page carries the marker: its URL is the language's root.
        home = Page(lang, "", _state["collection"], Labels(lang))
        markdown = markdown.replace(MAP_MARKER, render_home_map(home))
    source = page.meta.get("stepkb_source")
    if source:
        # The page is generated: an edit belongs in its YAML record, not in the Markdown.
        edit_root = (config.edit_uri or "").rstrip("/").removesuffix(Path(config.docs_dir).name)
        page.edit_url = f"{config.repo_url.rstrip('/')}/{edit_root.strip('/')}/{source}"
    elif page.meta.get("stepkb_index"):
        page.edit_url = None
    return markdown


@event_priority(-50)  # before static-i18n (-100) sorts the files into languages
def on_files(files, config):
    """Leave each language's build only its own pages and the default language's (see language_files)."""
    i18n = _i18n(config)
    if i18n is None:
        return files
    started = time.process_time()
    keep = own_and_default(files, i18n.current_language, _languages(config))
    _timed("files", time.process_time() - started)
    return keep


def on_post_page(output, page, config):
    started = time.process_time()
    output = htmlfix.fix(output)
    _timed("pages", time.process_time() - started)
    return output


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


@event_priority(-200)  # after static-i18n has built every language and merged their search entries
def on_post_build(config):
    i18n = _i18n(config)
    site = Path(config.site_dir)
    if i18n is not None and i18n.building:
        # Each language keeps its own "page not found" page, at /<lang>/404.html.
        root_404 = site / "404.html"
        if root_404.exists():
            (site / i18n.current_language).mkdir(exist_ok=True)
            (site / i18n.current_language / "404.html").write_text(htmlfix.fix(root_404.read_text(encoding="utf-8")), encoding="utf-8")
        return
    if _state["collection"] is None:
        return
    started = time.process_time()
    # The default language's page, kept before the other languages' builds replaced it; in a parallel
    # or one-language build nothing replaced it.
    default_404 = _state["default_404"] if _state["default_404"] is not None else _read(site / "404.html")
    if default_404 is not None:
        (site / "404.html").write_text(htmlfix.fix(default_404.decode("utf-8")), encoding="utf-8")
    _state["default_404"] = None
    write_data(_state["collection"], site)
    sizes = write_search_indexes(site, _built_languages(config), _state["collection"])
    _timed("search_and_data", time.process_time() - started)
    log.info("Search index per language (KB): " + ", ".join(f"{lang} {size / 1024:.0f}" for lang, size in sizes.items()))
    report = os.environ.get("STEPKB_TIMINGS")
    if report:  # the benchmark (tests/bench.py) reads how long our hooks took
        Path(report).write_text(json.dumps({"timings": _state["timings"], "search_index_bytes": sizes}), encoding="utf-8")
