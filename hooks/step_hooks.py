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
from mkdocs.structure.files import Files

from stepkb import history, htmlfix, sitefiles, theme
from stepkb.generate import write_data, write_pages, write_search_indexes
from stepkb.labels import Labels, site_languages
from stepkb.render import Page, Site, render_home_map, render_home_start
from stepkb.problems import summary
from stepkb.validate import read_partners

log = logging.getLogger("mkdocs.hooks.stepkb")
# Module state lives as long as `mkdocs serve` does; each outer build resets what it needs.
_state = {"collection": None, "site": None, "default_404": None, "timings": {}}


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
    _state["timings"][name] = _state["timings"].get(name, 0.0) + seconds


def on_config(config):
    configured, labelled = _languages(config), site_languages()
    if sorted(configured) != sorted(labelled):
        raise Abort(
            "The site languages in mkdocs.yml (" + ", ".join(configured) + ") differ from the label files in "
            "hooks/stepkb/labels/ (" + ", ".join(labelled) + "); add or remove a language in both (see README)"
        )
    return config


@event_priority(100)  # before static-i18n reads the files, so the generated pages are there
def on_pre_build(config):
    i18n = _i18n(config)
    if i18n is not None and i18n.building:
        # An inner per-language build: the pages were written by the outer one. The theme writes 404.html
        # at the site's root in every language's build; keep the default language's before it is replaced.
        root_404 = Path(config.site_dir) / "404.html"
        if _state["default_404"] is None and root_404.exists():
            _state["default_404"] = root_404.read_bytes()
        return
    started = time.perf_counter()
    project = Path(config.config_file_path).parent
    collection, problems = read_partners(project / "partners", project, _languages(config))
    if problems:
        for problem in problems:
            log.error(str(problem))
        raise Abort(f"The records have {summary(problems)}; nothing was built. Fix them and build again.")
    languages = _built_languages(config)
    site = Site(
        url=config.site_url or "", repo_url=config.repo_url or "", default_lang=languages[0],
        changed=history.changed_dates(project), today=history.reference_date(project).isoformat(),
    )
    result = write_pages(collection, Path(config.docs_dir), languages, site)
    _state["collection"] = collection
    _state["site"] = site
    _state["timings"] = {}
    _timed("records_and_pages", time.perf_counter() - started)
    log.info(
        f"Records: {len(collection.countries)} countries, {len(collection.institutions)} institutions, "
        f"{len(collection.curricula)} programmes; pages written {result.written}, unchanged {result.unchanged}, "
        f"removed {result.removed} ({_state['timings']['records_and_pages']:.2f} s)"
    )


MAP_MARKER = "<!-- stepkb:map -->"
START_MARKER = "<!-- stepkb:start -->"


def _current_language(config) -> str:
    i18n = _i18n(config)
    return i18n.current_language if i18n else "en"


def on_page_markdown(markdown, page, config, files):
    if (MAP_MARKER in markdown or START_MARKER in markdown) and _state["collection"] is not None:
        lang = _current_language(config)
        # Only the home page carries the markers: its URL is the language's root.
        home = Page(lang, "", _state["collection"], Labels(lang), _state["site"] or Site())
        markdown = markdown.replace(START_MARKER, render_home_start(home)).replace(MAP_MARKER, render_home_map(home))
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
    """Leave each language's build only its own pages and the default language's.

    static-i18n looks at every file under docs/ in every language's build, so with eleven languages each
    build would sort eleven copies of every page: the cost grows with the square of the number of
    languages. A page missing here still gets its language-switcher link and sitemap entry, because
    static-i18n derives them from the default language's page, at the same address in each language.
    """
    i18n = _i18n(config)
    if i18n is None:
        return files
    started = time.perf_counter()
    # The reference language (first in mkdocs.yml) stays: its pages are the fallback for every other.
    languages = _languages(config)
    others = set(languages) - {i18n.current_language, languages[0]}
    keep = Files([f for f in files if f.src_uri.split("/", 1)[0] not in others])
    _timed("files", time.perf_counter() - started)
    return keep


def on_env(env, config, files):
    """The theme's templates get this language's labels (footer, "page not found", palette names)."""
    lang = _current_language(config)
    theme.install(env, config, Labels(lang), lang, _languages(config)[0])
    return env


def on_post_page(output, page, config):
    started = time.perf_counter()
    output = htmlfix.fix(output)
    _timed("pages", time.perf_counter() - started)
    return output


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
    started = time.perf_counter()
    if _state["default_404"] is not None:
        (site / "404.html").write_text(htmlfix.fix(_state["default_404"].decode("utf-8")), encoding="utf-8")
        _state["default_404"] = None
    write_data(_state["collection"], site)
    sitefiles.write(site, config.site_url or "")
    sizes = write_search_indexes(site, _built_languages(config), _state["collection"])
    _timed("search_and_data", time.perf_counter() - started)
    log.info("Search index per language (KB): " + ", ".join(f"{lang} {size / 1024:.0f}" for lang, size in sizes.items()))
    report = os.environ.get("STEPKB_TIMINGS")
    if report:  # the benchmark (tests/bench.py) reads how long our hooks took
        Path(report).write_text(json.dumps({"timings": _state["timings"], "search_index_bytes": sizes}), encoding="utf-8")
