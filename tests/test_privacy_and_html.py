"""A site a public body can publish: no third-party requests, valid HTML, no broken links."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from conftest import LANGUAGES, PROJECT

VNU = PROJECT / "tests" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGE_TYPES = [
    "", "about/", "systemic-practice/", "institutions/", "institutions/asys/", "programmes/", "programmes/sysoma/",
    "countries/", "countries/gb/", "countries/is/", "themes/", "themes/training-accreditation/",
    "benchmarks/", "benchmarks/efta-tic/", "compare/", "glossary/", "contribute/", "contribute/fields/", "404.html",
]
LOADING_ATTRIBUTES = [("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
                      ("iframe", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"),
                      ("image", "href"), ("use", "href"), ("form", "action")]


def prefix(lang: str) -> str:
    return "/" if lang == "en" else f"/{lang}/"


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def parsed(path: Path):
    """A page's element tree. The checks of every page of every language use lxml, which parses some
    fifty times faster than BeautifulSoup's html.parser: it keeps them quick as the site grows."""
    return lxml_html.document_fromstring(path.read_bytes(), parser=lxml_html.HTMLParser(encoding="utf-8"))


def test_no_page_loads_anything_from_another_host(site):
    offending = []
    for path in html_files(site):
        doc = parsed(path)
        for tag, attribute in LOADING_ATTRIBUTES:
            for el in doc.iter(tag):
                value = el.get(attribute) or el.get("xlink:href") or ""
                if re.match(r"^\s*(https?:)?//", value):
                    offending.append(f"{path.relative_to(site)}: <{tag} {attribute}={value}>")
        for link in doc.iter("link"):
            rel = set((link.get("rel") or "").split())
            if rel & {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "icon", "manifest", "modulepreload"}:
                if re.match(r"^\s*(https?:)?//", link.get("href", "")):
                    offending.append(f"{path.relative_to(site)}: <link rel={sorted(rel)} href={link.get('href')}>")
        for el in doc.xpath("//*[@style]"):
            if re.search(r"url\(\s*['\"]?(https?:)?//", el.get("style")):
                offending.append(f"{path.relative_to(site)}: style url()")
    assert not offending, offending[:20]


def test_no_stylesheet_or_script_loads_from_another_host(site):
    offending = []
    for path in sorted(site.rglob("*.css")):
        for m in re.finditer(r"(?:@import\s+(?:url\()?|url\()\s*['\"]?((?:https?:)?//[^'\")\s]+)", path.read_text(encoding="utf-8", errors="replace")):
            offending.append(f"{path.relative_to(site)}: {m.group(1)}")
    known_hosts = ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "google-analytics.com", "googletagmanager.com")
    for path in sorted(site.rglob("*.js")) + sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        offending.extend(f"{path.relative_to(site)}: {host}" for host in known_hosts if host in text)
    assert not offending, offending[:20]


def test_browser_makes_no_request_leaving_the_machine(browser, served):
    local = re.compile(r"^(https?://(127\.0\.0\.1|localhost)[:/]|data:|blob:|about:)")
    seen, outside = [], []
    context = browser.new_context()
    context.on("request", lambda request: (seen.append(request.url), local.match(request.url) or outside.append(request.url)))
    try:
        # One language's pages, opened side by side, each until the network has been idle for 500 ms: every
        # language's pages are walked with each request recorded in test_pages_in_browser.py (published.py's
        # Log.elsewhere).
        tabs = [context.new_page() for _ in PAGE_TYPES]
        for tab, path in zip(tabs, PAGE_TYPES):
            tab.goto(served + prefix("de") + path, wait_until="commit")
        for tab in tabs:
            tab.wait_for_load_state("networkidle")
            tab.close()
        page = context.new_page()
        page.goto(served + "/de/")
        page.locator("input.md-search__input").focus()
        page.keyboard.type("Familie", delay=20)
        page.wait_for_timeout(1000)
    finally:
        context.close()
    # The listener heard: the pages, and the search's first file and a term file (search.js).
    assert len(seen) > len(PAGE_TYPES)
    assert any(url.endswith("/de/search/stepkb.json") for url in seen) and any(re.search(r"/de/search/[^/]+/t/[^/]+\.json$", url) for url in seen)
    assert outside == []


def page_types(site: Path, lang: str) -> list[Path]:
    return [site / prefix(lang).lstrip("/") / (path + "index.html" if path.endswith("/") or path == "" else path) for path in PAGE_TYPES]


@pytest.fixture(scope="module")
def html_checker(site) -> dict[Path, list[str]]:
    """The W3C Nu HTML checker's errors on every page type in every language, by file: one run, since
    starting Java is most of its time. A file it could not read is an error too."""
    assert VNU.is_file(), "vnu.jar is missing: `make test` installs it (npm ci in tests/)"
    files = [file for lang in LANGUAGES for file in page_types(site, lang)]
    # A short run spends most of its processor time in the JIT's optimising compiler: the quick compiler
    # alone halves it, and needs a deeper stack for the checker's schema (it says so when it has too little).
    result = subprocess.run(["java", "-Xss16m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True, timeout=600)
    # The checker always prints its report ({"version": ..., "messages": [...]}) on stderr, and exits 1 when
    # it found an error: no report, or an exit status that disagrees with it, is a failure of the check.
    assert result.stderr.strip().startswith("{"), f"the checker gave no report (exit {result.returncode}): {result.stderr[-500:]}"
    messages = json.loads(result.stderr)["messages"]
    errors: dict[Path, list[str]] = {}
    for m in messages:
        if m.get("type") in ("error", "non-document-error"):
            file = Path(unquote(urlsplit(m.get("url", "")).path))
            errors.setdefault(file, []).append(f"{file.relative_to(site) if file.is_relative_to(site) else file}:{m.get('lastLine')}: {m.get('message')}")
    assert result.returncode == (1 if errors else 0), f"the checker exited {result.returncode} with {len(errors)} files in error"
    return errors


@pytest.mark.xdist_group("html-checker")  # one test process runs the checker, once for every language
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_type_is_valid_html(html_checker, site, lang):
    files = page_types(site, lang)
    assert len(files) == len(PAGE_TYPES) and all(file.is_file() for file in files)
    # Messages the checker gave for a file it was not asked about would otherwise go unseen.
    unknown = [file for file in html_checker if file not in {f for l in LANGUAGES for f in page_types(site, l)}]
    errors = [error for file in files + unknown for error in html_checker.get(file, [])]
    assert not errors, "\n".join(errors[:20])


def test_no_broken_internal_links_or_anchors(site):
    ids: dict[Path, set[str]] = {}

    def targets(doc) -> set[str]:
        return set(doc.xpath("//@id")) | set(doc.xpath("//a/@name"))

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = targets(parsed(path))
        return ids[path]

    broken = []
    checked = 0
    for path in html_files(site):
        page_url = "/" + path.relative_to(site).as_posix()
        doc = parsed(path)
        ids.setdefault(path, targets(doc))
        for a in doc.iter("a"):
            href = a.get("href")
            if href is None:
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith("//"):
                continue  # another site (checked by editors' sources), mailto:
            target = urlsplit(urljoin(page_url, href))
            file = site / unquote(target.path).lstrip("/")
            if target.path.endswith("/") or file.is_dir():
                file = file / "index.html"
            checked += 1
            if not file.is_file():
                broken.append(f"{page_url}: {href}")
            elif target.fragment and target.fragment not in anchors(file):
                broken.append(f"{page_url}: {href} (no #{target.fragment})")
    assert checked > 10000
    assert not broken, f"{len(broken)} broken: {broken[:20]}"
