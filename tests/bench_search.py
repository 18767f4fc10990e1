"""Search at scale, as a reader meets it: measured in headless Chromium on a built site.

For each language: the bytes the search downloads before its first result (gzip-compressed, as a web
server sends them; the search's scripts included), the time from the first keystroke to the first result,
and, once loaded, the time from the last keystroke of a query to its results (median and slowest).

    measure(site, "stepkb")          our index (hooks/stepkb/search_index.py): `make bench` calls this
    python tests/bench_search.py compare [--size 1000]
        builds the benchmark's site three ways and prints the figures the README's decision rests on:
        "stepkb" (ours), "lunr" (the whole-index approach before it: Material's lunr search, one index
        per language, at commit BASELINE) and "pagefind" (Pagefind's chunked index, run on our built
        pages; installed into a temporary virtual environment, never into the project). It also runs
        the query suite (tests/search_queries.tsv) against each on the real site: the pass rate.
"""
from __future__ import annotations

import argparse
import io
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

PROJECT = Path(__file__).resolve().parents[1]
LANGUAGES = ["en", "de", "fr", "it", "nl", "da", "sv", "fi", "es", "pl", "el"]
BASELINE = "d5fedf2"  # the last commit with Material's lunr search (a whole index per language)
PAGEFIND = "pagefind[extended]==1.5.2"
# Words the benchmark's synthetic records use (tests/bench.py), typed as a reader would.
QUERIES = ["supervision", "family therapy", "genogram", "reflecting team", "institute 17"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Served:
    """A built site on a loopback port."""

    def __init__(self, site: Path):
        self.site = site
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def gzip_size(self, url: str) -> int:
        path = self.site / unquote(urlsplit(url).path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        return len(gzip.compress(path.read_bytes(), 6)) if path.is_file() else 0

    def close(self):
        self.server.shutdown()


class _Gzip(_Quiet):
    """Sends text files gzip-compressed when the browser accepts it, as web hosts do."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() or path.suffix not in (".html", ".css", ".js", ".json", ".xml", ".svg"):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path, port: int) -> None:
    """Serves a built site gzip-compressed on 127.0.0.1:port, for Lighthouse (README, "Search")."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Gzip, directory=str(site)))
    print(f"serving {site} on http://127.0.0.1:{port}/ (Ctrl-C stops)")
    server.serve_forever()


def _context(browser, **options):
    """A fresh browser context (empty cache). Material's language selector fetches sitemap.xml under each
    hreflang address of every page (one small file per page and language, hooks/stepkb/sitefiles.py; at
    the commit measured for lunr, the whole site's, 31 MB at 1,000 institutions): not search's cost, and
    it would land in the middle of any measurement, so it is left out."""
    context = browser.new_context(**options)
    context.route("**/sitemap.xml", lambda route: route.abort())
    return context


def _browser(playwright):
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])


def _prefix(lang: str) -> str:
    return "/" if lang == "en" else f"/{lang}/"


# How each engine is driven: the search box, what counts as its files, how to tell its results are shown.
ENGINES = {
    "stepkb": {
        "files": ("/assets/search/", "/search/"),
        "shown": "q => document.querySelector('[data-stepkb-search]').dataset.stepkbShown === q && document.querySelector('li.stepkb-result')",
        "links": "() => [...document.querySelectorAll('li.stepkb-result a')].map(a => a.href)",
    },
    "lunr": {
        "files": ("/assets/javascripts/workers/", "/assets/javascripts/lunr/", "/search/"),
        "shown": "q => document.querySelector('input.md-search__input').value === q && document.querySelector('li.md-search-result__item')",
        "links": "() => [...document.querySelectorAll('li.md-search-result__item > a')].map(a => a.href)",
    },
}

# The reader's last keystroke: the input event (ours searches on it), or the key-up (Material's trigger).
_TIMING = """trigger => {
    const box = document.querySelector('input.md-search__input');
    const list = document.querySelector('.stepkb-search__results, .md-search-result__list');
    const b = window.__stepkbBench = {first: null, last: null, firstResult: null, changed: null};
    const mark = () => { const t = performance.now(); b.first ??= t; b.last = t; };
    box.addEventListener(trigger, mark, true);
    new MutationObserver(() => {
        const t = performance.now();
        b.changed = t;
        if (b.firstResult === null && list.children.length) b.firstResult = t;
    }).observe(list, {childList: true, subtree: true});
}"""


def _settle(page, engine: str, query: str, timeout: float = 30000) -> dict:
    """Waits for the query's results and for the list to stop changing; returns the page's timings."""
    page.wait_for_function(ENGINES[engine]["shown"], arg=query, timeout=timeout, polling="raf")
    page.wait_for_function("() => performance.now() - (window.__stepkbBench.changed || 0) > 400", polling=100, timeout=timeout)
    return page.evaluate("() => window.__stepkbBench")


def _type(page, engine: str, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.fill("")
    if engine == "lunr":
        box.press("End")  # Material searched on key-up only
    box.press_sequentially(query)
    if engine == "lunr":
        box.press("End")


def measure(site: Path, engine: str = "stepkb", languages=LANGUAGES, queries=QUERIES) -> dict[str, dict]:
    """Per language: {"bytes": ..., "first_ms": ..., "median_ms": ..., "max_ms": ...}."""
    from playwright.sync_api import sync_playwright

    served = Served(site)
    out = {}
    try:
        with sync_playwright() as p:
            browser = _browser(p)
            for lang in languages:
                if engine == "pagefind":
                    out[lang] = _measure_pagefind(browser, served, lang, queries)
                    continue
                context = _context(browser, viewport={"width": 1280, "height": 900})
                page = context.new_page()
                fetched = []
                page.on("requestfinished", lambda r: fetched.append(r.url))
                page.goto(served.url + _prefix(lang))
                page.wait_for_load_state("load")
                page.evaluate(_TIMING, "keyup" if engine == "lunr" else "input")
                page.locator("input.md-search__input").click()
                _type(page, engine, queries[0])
                timings = _settle(page, engine, queries[0])
                files = ENGINES[engine]["files"]
                size = sum(served.gzip_size(u) for u in set(fetched) if any(f in urlsplit(u).path for f in files))
                cold, warm = [], []
                for round_ in (cold, warm):  # first with the words' files still to fetch, then with them loaded
                    for query in queries[1:]:
                        _type(page, engine, query)
                        after = _settle(page, engine, query)
                        round_.append(after["changed"] - after["last"])
                out[lang] = {"bytes": size, "first_ms": timings["firstResult"] - timings["first"],
                             "median_ms": statistics.median(warm), "max_ms": max(warm), "cold_max_ms": max(cold)}
                context.close()
            browser.close()
    finally:
        served.close()
    return out


# Pagefind's own interface waits until typing pauses (300 ms) and searches the whole query once: so does
# this (the pause is not counted), from loading pagefind.js to the first results' data.
_PAGEFIND_SEARCH = """async ([query, count]) => {
    const started = performance.now();
    window.__pf ??= await import('/pagefind/pagefind.js');
    const pf = window.__pf;
    await pf.init();
    const found = await pf.search(query);
    const shown = await Promise.all(found.results.slice(0, count).map(r => r.data()));
    return {ms: performance.now() - started, urls: shown.map(d => [d.url, ...(d.sub_results || []).map(s => s.url)])};
}"""


def _measure_pagefind(browser, served, lang, queries) -> dict:
    context = _context(browser)
    page = context.new_page()
    fetched = []
    page.on("requestfinished", lambda r: fetched.append(r.url))
    page.goto(served.url + _prefix(lang))
    page.wait_for_load_state("load")
    first = page.evaluate(_PAGEFIND_SEARCH, [queries[0], 10])
    size = sum(served.gzip_size(u) for u in set(fetched) if "/pagefind/" in urlsplit(u).path)
    cold, warm = [], []
    for round_ in (cold, warm):
        for query in queries[1:]:
            started = time.perf_counter()
            page.evaluate(_PAGEFIND_SEARCH, [query, 10])
            round_.append((time.perf_counter() - started) * 1000)
    context.close()
    return {"bytes": size, "first_ms": first["ms"], "median_ms": statistics.median(warm), "max_ms": max(warm), "cold_max_ms": max(cold)}


def pass_rate(site: Path, engine: str) -> tuple[int, int, list[str]]:
    """The query suite (tests/search_queries.tsv) against a built real site: (passed, total, failures)."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(PROJECT / "tests"))
    from test_search import load_queries

    rows = load_queries()
    served = Served(site)
    failures = []
    try:
        with sync_playwright() as p:
            browser = _browser(p)
            page = _context(browser, viewport={"width": 1280, "height": 900}).new_page()
            current = None
            for row in rows:
                lang = row["lang"]
                if lang != current:
                    page.goto(served.url + _prefix(lang))
                    current = lang
                    if engine != "pagefind":
                        page.locator("input.md-search__input").click()
                if engine == "pagefind":
                    q = row["query"]
                    urls = page.evaluate(_PAGEFIND_SEARCH, [q, row["top"]])["urls"]
                    candidates = [u for group in urls for u in group]
                else:
                    _type(page, engine, row["query"])
                    try:
                        page.wait_for_function(ENGINES[engine]["shown"], arg=row["query"], timeout=8000)
                        page.wait_for_timeout(300)
                        links = page.evaluate(ENGINES[engine]["links"])
                    except Exception:
                        links = []
                    seen = []
                    for link in links:
                        if link not in seen:
                            seen.append(link)
                    candidates = seen[: row["top"]]
                paths = []
                for url in candidates:
                    parts = urlsplit(url)
                    path = parts.path[len(_prefix(lang)):] if parts.path.startswith(_prefix(lang)) else parts.path.lstrip("/")
                    paths.append(path + (f"#{parts.fragment}" if parts.fragment else ""))
                if not set(row["expected"]) & set(paths):
                    failures.append(f"{lang} {row['class']} {row['query']!r}: {paths[:3]}")
            browser.close()
    finally:
        served.close()
    return len(rows) - len(failures), len(rows), failures


def _build(project: Path, site: Path, timings: Path | None = None) -> float:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    if timings:
        env["STEPKB_TIMINGS"] = str(timings)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                   cwd=project, env=env, check=True)
    return time.perf_counter() - started


def _baseline_project(target: Path, institutions: int | None) -> Path:
    """The project at BASELINE (Material's lunr search), with the benchmark's records when asked."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(PROJECT), "archive", BASELINE], capture_output=True, check=True).stdout
    subprocess.run(["tar", "x", "-C", str(target)], input=archive, check=True)
    if institutions:
        sys.path.insert(0, str(PROJECT / "tests"))
        import bench

        bench.make_records(target / "partners", institutions)
    return target


def _pagefind(site: Path, work: Path) -> float:
    """Runs Pagefind on a built site (article text only, as our index); returns its time."""
    venv = work / "pagefind-venv"
    if not venv.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", PAGEFIND], check=True)
    started = time.perf_counter()
    subprocess.run([str(venv / "bin" / "python"), "-m", "pagefind", "--site", str(site), "--root-selector", "article", "--quiet"], check=True)
    return time.perf_counter() - started


def _summary(name: str, figures: dict[str, dict]) -> str:
    worst = max(figures.values(), key=lambda f: f["bytes"])
    return (f"  {name}: bytes before the first result {min(f['bytes'] for f in figures.values()) / 1024:.0f} to "
            f"{worst['bytes'] / 1024:.0f} KB; first result {statistics.median(f['first_ms'] for f in figures.values()):.0f} ms (median of languages), "
            f"slowest {max(f['first_ms'] for f in figures.values()):.0f} ms; from the last keystroke once loaded "
            f"{statistics.median(f['median_ms'] for f in figures.values()):.0f} ms median, {max(f['max_ms'] for f in figures.values()):.0f} ms slowest "
            f"({max(f['cold_max_ms'] for f in figures.values()):.0f} ms slowest when the words' files are still to fetch)")


def compare(size: int, work: Path) -> None:
    sys.path.insert(0, str(PROJECT / "tests"))
    import bench

    ours = bench.project_copy(work / "ours", size)
    ours_site = work / "ours-site"
    _build(ours, ours_site, work / "ours-timings.json")
    hooks = json.loads((work / "ours-timings.json").read_text(encoding="utf-8"))["timings"]
    old = _baseline_project(work / "lunr", size)
    old_site = work / "lunr-site"
    _build(old, old_site, work / "lunr-timings.json")
    old_hooks = json.loads((work / "lunr-timings.json").read_text(encoding="utf-8"))["timings"]
    pagefind_site = work / "pagefind-site"
    subprocess.run(["cp", "-a", str(ours_site), str(pagefind_site)], check=True)
    pagefind_time = _pagefind(pagefind_site, work)
    print(f"{size} institutions, index build time: stepkb {hooks.get('search', 0):.1f} s (collecting and writing, in our hooks); "
          f"lunr {old_hooks.get('search_and_data', 0):.1f} s (splitting, plus Material's indexing inside page building); "
          f"pagefind {pagefind_time:.1f} s (after the build)")
    for name, site in (("stepkb", ours_site), ("lunr", old_site), ("pagefind", pagefind_site)):
        figures = measure(site, name)
        print(_summary(name, figures))
        print("    per language (KB, first-result ms): " + ", ".join(f"{k} {v['bytes'] / 1024:.0f}/{v['first_ms']:.0f}" for k, v in figures.items()))
    # The query suite on the real site, each way.
    real = work / "real-site"
    _build(PROJECT, real)
    old_real = _baseline_project(work / "lunr-real", None)
    old_real_site = work / "lunr-real-site"
    _build(old_real, old_real_site)
    pagefind_real = work / "pagefind-real-site"
    subprocess.run(["cp", "-a", str(real), str(pagefind_real)], check=True)
    _pagefind(pagefind_real, work)
    for name, site in (("stepkb", real), ("lunr", old_real_site), ("pagefind", pagefind_real)):
        passed, total, failures = pass_rate(site, name)
        print(f"  query suite, {name}: {passed}/{total} ({100 * passed / total:.1f}%)")
        for failure in failures[:40]:
            print(f"      {failure}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["compare", "measure", "serve"])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--site", type=Path, help="measure: a built site")
    parser.add_argument("--engine", default="stepkb", choices=["stepkb", "lunr", "pagefind"])
    parser.add_argument("--work", type=Path, help="compare: keep the builds in this (new) folder")
    args = parser.parse_args()
    if args.command == "serve":
        serve(args.site, args.port)
        return 0
    if args.command == "measure":
        for lang, f in measure(args.site, args.engine).items():
            print(lang, f)
        return 0
    if args.work:
        args.work.mkdir(parents=True)
        compare(args.size, args.work)
        return 0
    with tempfile.TemporaryDirectory(prefix="stepkb-search-bench-") as tmp:
        compare(args.size, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
