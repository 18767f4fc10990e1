"""A site a public body can publish: no third-party requests, valid HTML, no broken links, reproducible."""
from __future__ import annotations

import filecmp
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import LANGUAGES, PROJECT, run_build

VNU = PROJECT / "tests" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGE_TYPES = [
    "", "about/", "systemic-practice/", "institutions/", "institutions/asys/", "programmes/", "programmes/sysoma/",
    "countries/", "countries/gb/", "compare/", "glossary/", "contribute/", "contribute/fields/", "404.html",
]
LOADING_ATTRIBUTES = [("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
                      ("iframe", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"),
                      ("image", "href"), ("use", "href"), ("form", "action")]


def prefix(lang: str) -> str:
    return "/" if lang == "en" else f"/{lang}/"


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_loads_anything_from_another_host(site):
    offending = []
    for path in html_files(site):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in LOADING_ATTRIBUTES:
            for el in doc.find_all(tag):
                value = el.get(attribute) or el.get("xlink:href") or ""
                if re.match(r"^\s*(https?:)?//", value):
                    offending.append(f"{path.relative_to(site)}: <{tag} {attribute}={value}>")
        for link in doc.find_all("link"):
            rel = set(link.get("rel") or [])
            if rel & {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "icon", "manifest", "modulepreload"}:
                if re.match(r"^\s*(https?:)?//", link.get("href", "")):
                    offending.append(f"{path.relative_to(site)}: <link rel={sorted(rel)} href={link['href']}>")
        for style in doc.find_all(style=True):
            if re.search(r"url\(\s*['\"]?(https?:)?//", style["style"]):
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


def test_browser_makes_no_request_leaving_the_machine(browser_page, served):
    outside = []
    page = browser_page
    page.on("request", lambda request: outside.append(request.url) if not re.match(r"^(https?://(127\.0\.0\.1|localhost)[:/]|data:|blob:|about:)", request.url) else None)
    for lang in ("en", "de", "el"):
        for path in PAGE_TYPES:
            page.goto(served + prefix(lang) + path, wait_until="networkidle")
    page.goto(served + "/de/")
    page.locator("input.md-search__input").focus()
    page.keyboard.type("Familie", delay=20)
    page.wait_for_timeout(1000)
    assert outside == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_type_is_valid_html(site, lang):
    assert VNU.is_file(), "vnu.jar is missing: `make test` installs it (npm ci in tests/)"
    files = []
    for path in PAGE_TYPES:
        file = site / prefix(lang).lstrip("/") / path
        files.append(str(file / "index.html" if path.endswith("/") or path == "" else file))
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split('/site')[-1]}:{m.get('lastLine')}: {m.get('message')}" for m in messages if m.get("type") == "error"]
    assert not errors, "\n".join(errors[:20])
    assert len(files) == len(PAGE_TYPES)


def test_no_broken_internal_links_or_anchors(site):
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            ids[path] = {el["id"] for el in doc.find_all(id=True)} | {el["name"] for el in doc.find_all("a", attrs={"name": True})}
        return ids[path]

    broken = []
    checked = 0
    for path in html_files(site):
        page_url = "/" + path.relative_to(site).as_posix()
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for a in doc.find_all("a", href=True):
            href = a["href"]
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


def test_two_builds_of_the_same_commit_are_identical(site, tmp_path):
    again = tmp_path / "again"
    result = run_build(PROJECT, again)
    assert result.returncode == 0, result.stderr
    comparison = filecmp.dircmp(site, again)
    differences = []

    def walk(c, base=""):
        differences.extend(f"{base}{name}" for name in c.diff_files + c.left_only + c.right_only)
        for name, sub in c.subdirs.items():
            walk(sub, f"{base}{name}/")

    walk(comparison)
    # dircmp compares shallowly by size and time: compare every file's bytes too.
    for path in site.rglob("*"):
        if path.is_file() and (again / path.relative_to(site)).is_file():
            if path.read_bytes() != (again / path.relative_to(site)).read_bytes():
                differences.append(str(path.relative_to(site)))
    assert not sorted(set(differences)), sorted(set(differences))[:20]
    assert (site / "sitemap.xml").is_file() and (site / "search/stepkb.json").is_file()
