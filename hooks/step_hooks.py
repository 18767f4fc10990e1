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

from stepkb import history, htmlfix, parallel_build, preview, sitefiles, theme
from stepkb.comparison import completeness
from stepkb.generate import GENERATED_FOLDERS, failure, write_data, write_pages, write_search_index
from stepkb.labels import Labels, site_languages
from stepkb.language_files import own_and_default
from stepkb.pagecache import PageCache
from stepkb.problems import summary
from stepkb.render import Page, Site, render_home_map, render_home_start
from stepkb.search_index import entries_from_page
from stepkb.source_date import source_date
from stepkb.validate import Cache, read_partners

log = logging.getLogger("mkdocs.hooks.stepkb")
# Module state lives as long as `mkdocs serve` does; each outer build resets what it needs.
# "search": each language's search entries by page address, collected as pages are rendered; `mkdocs serve --dirty`
# renders only changed pages, so there they are kept from build to build.
_state = {"collection": None, "default_404": None, "timings": {}, "serving": False, "dirty": False, "cache": None, "pages": None,
          "problems": [], "search": {}, "search_sizes": {}, "site": None, "source_date": None, "parallel": False}


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


def on_startup(command, dirty):
    # `mkdocs serve` keeps this module between builds: a cache of the records, and a page for problems.
    serving = command == "serve"
    _state.update(serving=serving, dirty=dirty, cache=Cache() if serving else None, pages=PageCache() if serving else None,
                  search={}, background=preview.Background())
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
    i18n = _i18n(config)
    if i18n is None or not i18n.building:  # the default language's build: once per site build
        _state["source_date"] = source_date(Path(config.config_file_path).parent)
        # Every language at once, when STEPKB_JOBS asks for it (make build, make serve-all).
        _state["parallel"] = parallel_build.attach(config)
        if _state["parallel"]:
            parallel_build.carry("stepkb", _take_language_state, _add_language_state)
    return config


def _take_language_state() -> dict:
    """In a parallel build's worker: what the languages it built since the last call added to the search
    sizes and timings, which the main process reports at the end of the build as the sequential build
    does, and, in `mkdocs serve` (make serve-all), their search entries, from which the main process
    writes every language's index after the reload (_after_reload)."""
    taken = {"search": _state["search"], "search_sizes": _state["search_sizes"], "timings": _state["timings"]}
    _state["search"], _state["search_sizes"], _state["timings"] = {}, {}, {}
    return taken


def _add_language_state(taken: dict) -> None:
    _state["search"].update(taken["search"])  # each language's pages, all of them: a worker's build is never --dirty
    _state["search_sizes"].update(taken["search_sizes"])
    for name, seconds in taken["timings"].items():
        _timed(name, seconds)


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
            write_pages(_state["collection"], Path(config.docs_dir), _built_languages(config), _state["site"], only=[i18n.current_language])
            _timed("records_and_pages", time.process_time() - started)
        root_404 = Path(config.site_dir) / "404.html"
        if _state["default_404"] is None and root_404.exists():
            _state["default_404"] = root_404.read_bytes()
        return
    started = time.process_time()
    project = Path(config.config_file_path).parent
    _state["site_dir"] = config.site_dir
    if _state["serving"]:
        _state["background"].wait()  # the last build's downloads
        preview.restore(Path(config.site_dir))  # the pages a problem page stood in for, before MkDocs looks at them
    try:
        collection, problems = read_partners(project / "partners", project, _languages(config), cache=_state["cache"])
        result = None
        if not problems:
            languages = _built_languages(config)
            site = Site(
                url=config.site_url or "", repo_url=config.repo_url or "", default_lang=languages[0],
                changed=history.changed_dates(project), today=history.reference_date(project).isoformat(),
            )
            _state["site"] = site
            result = write_pages(collection, Path(config.docs_dir), languages, site, _state["pages"], only=languages[:1] if _state["parallel"] else None)
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
    if not _state["serving"]:
        _state["search"], _state["search_sizes"] = {}, {}
    _timed("records_and_pages", time.process_time() - started)
    log.info(
        f"Records: {len(collection.countries)} countries, {len(collection.institutions)} institutions, "
        f"{len(collection.curricula)} programmes; pages written {result.written}, unchanged {result.unchanged}, "
        f"removed {result.removed} ({_state['timings']['records_and_pages']:.2f} s)"
    )
    done = completeness(list(collection.curricula.values()))
    log.info(f"Comparison: {done.share:.0%} of the programmes' core cells are known ({done.known} of {done.total})")


MAP_MARKER = "<!-- stepkb:map -->"
START_MARKER = "<!-- stepkb:start -->"


def on_page_markdown(markdown, page, config, files):
    if (MAP_MARKER in markdown or START_MARKER in markdown) and _state["collection"] is not None:
        lang = _current_language(config)
        # Only the home page carries the markers: its URL is the language's root.
        home = Page(lang, "", _state["collection"], Labels(lang), _state["site"] or Site())
        try:
            markdown = markdown.replace(START_MARKER, render_home_start(home)).replace(MAP_MARKER, render_home_map(home))
        except Exception as exc:  # noqa: BLE001
            _fault(page.file.src_uri, exc)
    source = page.meta.get("stepkb_source")
    if source:
        # The page is generated: an edit belongs in its YAML record, not in the Markdown.
        edit_root = (config.edit_uri or "").rstrip("/").removesuffix(Path(config.docs_dir).name)
        page.edit_url = f"{config.repo_url.rstrip('/')}/{edit_root.strip('/')}/{source}"
    elif page.meta.get("stepkb_index"):
        page.edit_url = None
    # Our search index (on_page_content) replaces Material's, whose plugin stays for the header's search
    # box: Material's "exclude" spares its plugin indexing every page for nothing.
    search = page.meta.get("search")
    page.meta["stepkb_search"] = not (isinstance(search, dict) and search.get("exclude"))
    page.meta["search"] = {"exclude": True}
    return markdown


def _current_language(config) -> str:
    i18n = _i18n(config)
    return i18n.current_language if i18n else "en"


def on_page_content(html, page, config, files):
    """Collects the page's search entries (hooks/stepkb/search_index.py); written after its language's build."""
    if not page.meta.get("stepkb_search"):
        return html
    started = time.process_time()
    lang = _current_language(config)
    url = page.url[len(lang) + 1:] if page.url.startswith(lang + "/") else page.url
    try:
        _state["search"].setdefault(lang, {})[url] = entries_from_page(html, url, page.title or "", page.meta, lang)
    except Exception as exc:  # noqa: BLE001
        _fault(page.file.src_uri, exc)
    _timed("search", time.process_time() - started)
    return html


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
                    home = Page(lang, "", _state["collection"], Labels(lang), _state["site"] or Site())
                    current = render_home_start(home) + render_home_map(home)
                except Exception as exc:  # noqa: BLE001
                    _fault(f.src_uri, exc)
                    continue
                if maps.get(f.src_uri) != current:
                    maps[f.src_uri] = current
                    preview.force_rebuild([f.abs_dest_path])
    return nav


def on_env(env, config, files):
    """The theme's templates get this language's labels (footer, "page not found", palette names, the search
    panel in hooks/theme/partials/search.html)."""
    lang = _current_language(config)
    env.globals["stepkb_label"] = Labels(lang)
    theme.install(env, config, env.globals["stepkb_label"], lang, _languages(config)[0])
    if _state["serving"]:
        env.bytecode_cache = preview.TEMPLATE_CACHE  # the theme's templates, compiled once per `mkdocs serve`
    return env


def on_post_page(output, page, config):
    started = time.process_time()
    try:
        output = htmlfix.fix(output, permalink_title=Labels(_current_language(config))("heading.permalink"))
    except Exception as exc:  # noqa: BLE001
        _fault(page.file.src_uri, exc)
    _timed("pages", time.process_time() - started)
    return output


@event_priority(-200)  # after static-i18n has built every language and merged their search entries
def on_post_build(config):
    i18n = _i18n(config)
    site = Path(config.site_dir)
    if not _state["serving"]:
        # Each language's build ends here: its pages are all collected.
        _state["search_sizes"].update(_write_search(site, _languages(config)))
        _state["search"] = {}
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
    started = time.process_time()
    try:
        # The default language's page, kept before the other languages' builds replaced it; in a parallel
        # or one-language build nothing replaced it.
        default_404 = _state["default_404"] if _state["default_404"] is not None else _read(site / "404.html")
        if default_404 is not None:
            (site / "404.html").write_text(htmlfix.fix(default_404.decode("utf-8")), encoding="utf-8")
        _state["default_404"] = None
        # Material's own index, unused: each language has ours (its search plugin stays for the header's search box).
        (site / "search" / "search_index.json").unlink(missing_ok=True)
        if _state["serving"]:
            # The preview reloads first; the search indexes and the downloads follow a moment later.
            collection, languages = _state["collection"], _languages(config)
            _state["background"].run(lambda: _after_reload(collection, site, languages))
        else:
            write_data(_state["collection"], site)
            sitefiles.write(site, config.site_url or "")
    except Exception as exc:  # noqa: BLE001
        _fault("site", exc)
    _timed("data", time.process_time() - started)
    _show_problems(config)
    # In the languages' order, whichever build or process wrote each index first.
    sizes = {lang: _state["search_sizes"][lang] for lang in _languages(config) if lang in _state["search_sizes"]}
    if sizes:
        log.info("Search index per language (KB): " + ", ".join(f"{lang} {size / 1024:.0f}" for lang, size in sizes.items()))
    report = os.environ.get("STEPKB_TIMINGS")
    if report:  # the benchmark (tests/bench.py) reads how long our hooks took
        Path(report).write_text(json.dumps({"timings": _state["timings"], "search_index_bytes": sizes}), encoding="utf-8")


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def _write_search(site: Path, languages: list[str]) -> dict[str, int]:
    """The search index of each language whose pages were collected; returns each one's size in bytes."""
    sizes = {}
    started = time.process_time()
    for lang, pages in _state["search"].items():
        entries = [entry for page_entries in pages.values() for entry in page_entries]
        sizes[lang] = write_search_index(site, lang, languages, entries, _state["collection"])
    _timed("search", time.process_time() - started)
    return sizes


def _show_problems(config) -> None:
    """In `mkdocs serve`, every page of a build that met problems shows them, in the previewed language."""
    if _state["serving"] and _state["problems"]:
        lang = _built_languages(config)[0]
        pages = preview.show_problems(Path(config.site_dir), preview.problem_page(_state["problems"], lang))
        log.info(f"The {pages} pages of the preview show the problems until they are fixed.")


def _after_reload(collection, site: Path, languages: list[str]) -> None:
    """The downloads and the search indexes of a preview, made while the browser reloads (`mkdocs serve`)."""
    try:
        write_data(collection, site)
        sizes = preview.write_search_atomically(site, lambda folder: _write_search(folder, languages))
        log.info("Search index per language (KB): " + ", ".join(f"{lang} {size / 1024:.0f}" for lang, size in sizes.items()))
    except Exception as exc:  # noqa: BLE001
        log.error(str(failure("site", exc)))
