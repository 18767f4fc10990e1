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

from stepkb import htmlfix, preview
from stepkb.comparison import completeness
from stepkb.generate import GENERATED_FOLDERS, failure, write_data, write_pages, write_search_indexes
from stepkb.labels import Labels, site_languages
from stepkb.pagecache import PageCache
from stepkb.problems import summary
from stepkb.render import Page, render_home_map
from stepkb.validate import Cache, read_partners

log = logging.getLogger("mkdocs.hooks.stepkb")
# Module state lives as long as `mkdocs serve` does; each outer build resets what it needs.
_state = {"collection": None, "default_404": None, "timings": {}, "serving": False, "dirty": False, "cache": None, "pages": None, "problems": []}


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


def on_startup(command, dirty):
    # `mkdocs serve` keeps this module between builds: a cache of the records, and a page for problems.
    serving = command == "serve"
    _state.update(serving=serving, dirty=dirty, cache=Cache() if serving else None, pages=PageCache() if serving else None,
                  search=preview.SearchEntries(), background=preview.Background())
    if command == "serve" and dirty:
        preview.quiet_dirty_notice()


def on_serve(server, config, builder):
    """Watch the hand-written pages, not the generated ones: writing those must not start a second build."""
    server.unwatch(config.docs_dir)
    preview.inotify_watcher(server, config.config_file_path)
    for path, recursive in preview.watch_paths(Path(config.docs_dir), GENERATED_FOLDERS):
        server.watch(str(path), recursive=recursive)
    return server


def on_shutdown():
    if _state.get("background"):
        _state["background"].wait()
    if _state.get("site_dir"):
        preview.discard(Path(_state["site_dir"]))


def _fault(where: str, exc: Exception) -> None:
    """An unexpected error in our code: `file: what went wrong`, never a traceback; the preview shows it."""
    problem = failure(where, exc)
    log.error(str(problem))
    if not _state["serving"]:
        raise Abort(f"{problem}\nNothing was published.")
    _state["problems"].append(problem)


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
    _state["site_dir"] = config.site_dir
    if _state["serving"]:
        _state["background"].wait()  # the last build's downloads
        preview.restore(Path(config.site_dir))  # the pages a problem page stood in for, before MkDocs looks at them
    try:
        collection, problems = read_partners(project / "partners", project, _languages(config), cache=_state["cache"])
        result = None
        if not problems:
            result = write_pages(collection, Path(config.docs_dir), _built_languages(config), _state["pages"])
            problems = result.failed
    except Exception as exc:  # noqa: BLE001  (a fault of ours, shown as a message)
        collection, result, problems = None, None, [failure("partners", exc)]
    _state["problems"] = list(problems)
    if problems:
        for problem in problems:
            log.error(str(problem))
        if _state["serving"]:
            log.error(f"The records have {summary(problems)}; the preview shows them until they are fixed.")
            return
        raise Abort(f"The records have {summary(problems)}; nothing was built. Fix them and build again.")
    _state["collection"] = collection
    _state["timings"] = {}
    _timed("records_and_pages", time.perf_counter() - started)
    log.info(
        f"Records: {len(collection.countries)} countries, {len(collection.institutions)} institutions, "
        f"{len(collection.curricula)} programmes; pages written {result.written}, unchanged {result.unchanged}, "
        f"removed {result.removed} ({_state['timings']['records_and_pages']:.2f} s)"
    )
    done = completeness(list(collection.curricula.values()))
    log.info(f"Comparison: {done.share:.0%} of the programmes' core cells are known ({done.known} of {done.total})")


MAP_MARKER = "<!-- stepkb:map -->"


def on_page_markdown(markdown, page, config, files):
    if MAP_MARKER in markdown and _state["collection"] is not None:
        i18n = _i18n(config)
        lang = i18n.current_language if i18n else "en"
        # Only the home page carries the marker: its URL is the language's root.
        home = Page(lang, "", _state["collection"], Labels(lang))
        try:
            markdown = markdown.replace(MAP_MARKER, render_home_map(home))
        except Exception as exc:  # noqa: BLE001
            _fault(page.file.src_uri, exc)
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


@event_priority(-200)  # after static-i18n's own handler: the files and their output paths are final
def on_nav(nav, config, files):
    if _state["serving"] and _state["dirty"] and _state["collection"] is not None:
        # A --dirty build renders only changed Markdown; the home page's map shows the records too: the
        # page is rendered again when its map would change.
        maps = _state.setdefault("maps", {})
        for f in files.documentation_pages():
            if f.src_uri.endswith("index.md") and f.src_uri.count("/") <= 1 and MAP_MARKER in Path(f.abs_src_path).read_text(encoding="utf-8"):
                lang = f.src_uri.split("/")[0] if "/" in f.src_uri else _built_languages(config)[0]
                try:
                    current = render_home_map(Page(lang, "", _state["collection"], Labels(lang)))
                except Exception as exc:  # noqa: BLE001
                    _fault(f.src_uri, exc)
                    continue
                if maps.get(f.src_uri) != current:
                    maps[f.src_uri] = current
                    preview.force_rebuild([f.abs_dest_path])
    return nav


def on_env(env, config, files):
    if _state["serving"]:
        env.bytecode_cache = preview.TEMPLATE_CACHE  # the theme's templates, compiled once per `mkdocs serve`
    return env


def on_post_page(output, page, config):
    started = time.perf_counter()
    try:
        output = htmlfix.fix(output)
    except Exception as exc:  # noqa: BLE001
        _fault(page.file.src_uri, exc)
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
        _show_problems(config)
        return
    started = time.perf_counter()
    sizes = {}
    try:
        if _state["default_404"] is not None:
            (site / "404.html").write_text(htmlfix.fix(_state["default_404"].decode("utf-8")), encoding="utf-8")
            _state["default_404"] = None
        if _state["serving"]:
            # The preview reloads first; the search indexes and the downloads follow a moment later.
            merged = _state["search"].merged(site)
            _state["background"].run(lambda: _after_reload(_state["collection"], site, _built_languages(config), merged))
        else:
            write_data(_state["collection"], site)
            sizes = write_search_indexes(site, _built_languages(config), _state["collection"])
    except Exception as exc:  # noqa: BLE001
        _fault("site", exc)
    _timed("search_and_data", time.perf_counter() - started)
    _show_problems(config)
    if sizes:
        log.info("Search index per language (KB): " + ", ".join(f"{lang} {size / 1024:.0f}" for lang, size in sizes.items()))
    report = os.environ.get("STEPKB_TIMINGS")
    if report:  # the benchmark (tests/bench.py) reads how long our hooks took
        Path(report).write_text(json.dumps({"timings": _state["timings"], "search_index_bytes": sizes}), encoding="utf-8")


def _show_problems(config) -> None:
    """In `mkdocs serve`, every page of a build that met problems shows them, in the previewed language."""
    if _state["serving"] and _state["problems"]:
        lang = _built_languages(config)[0]
        pages = preview.show_problems(Path(config.site_dir), preview.problem_page(_state["problems"], lang))
        log.info(f"The {pages} pages of the preview show the problems until they are fixed.")


def _after_reload(collection, site: Path, languages: list[str], merged: dict | None) -> None:
    """The downloads and the search indexes of a preview, made while the browser reloads (`mkdocs serve`)."""
    try:
        write_data(collection, site)
        if merged is not None:
            sizes = preview.write_search_atomically(site, merged, lambda folder: write_search_indexes(folder, languages, collection))
            log.info("Search index per language (KB): " + ", ".join(f"{lang} {size / 1024:.0f}" for lang, size in sizes.items()))
    except Exception as exc:  # noqa: BLE001
        log.error(str(failure("site", exc)))
