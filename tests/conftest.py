"""Shared fixtures: the real site built once per test run, parsed pages, a served copy for the browser.

`make test` runs the tests in one process per core (pytest-xdist): the first one that needs the site
builds it, the others wait for it and share it; each process has its own browser.
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from published import Published
from stepkb.generate import GENERATED_FOLDERS
from stepkb.validate import read_partners

PROJECT = Path(__file__).resolve().parents[1]
LANGUAGES = ["en", "de", "fr", "it", "nl", "da", "sv", "fi", "es", "pl", "el"]


def _environment(env: dict | None) -> dict:
    """os.environ with `env` on top; a variable set to None there is left out."""
    merged = {**os.environ, **(env or {})}
    return {key: value for key, value in merged.items() if value is not None}


def run_build(project: Path, site_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project folder, as an editor or CI would run it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=project, capture_output=True, text=True, env=_environment(env), timeout=900,
    )


def run_parallel_build(project: Path, site_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """The same build with every language at once, as `make build` runs it (stepkb.parallel_build)."""
    return subprocess.run(
        [sys.executable, "-m", "stepkb.parallel_build", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=project, capture_output=True, text=True, env=_environment({"PYTHONPATH": str(project / "hooks"), **(env or {})}),
        timeout=900,
    )


def copy_project(target: Path, languages: list[str] | None = None) -> Path:
    """A scratch copy of the project (sources only) for builds that change records.

    With `languages`, only those are built (the others stay configured, as `build: false`): cheaper for a
    test that looks at a few languages only."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "hooks", "partners", "docs"):
        src = PROJECT / name
        if src.is_dir():
            # The generated pages are left out of docs/ only: partners/benchmarks/ shares a name with them.
            generated = GENERATED_FOLDERS if name == "docs" else ()
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("__pycache__", *generated))
        else:
            shutil.copy2(src, target / name)
    if languages is not None:
        config = target / "mkdocs.yml"
        text, count = re.subn(
            r"(- locale: (\w+)\n(?:[ \t]+\w+: .*\n)*?[ \t]+build: )true",
            lambda m: m.group(1) + ("true" if m.group(2) in languages else "false"), config.read_text(encoding="utf-8"),
        )
        assert count == len(LANGUAGES), "mkdocs.yml: every language is expected to say `build: true`"
        config.write_text(text, encoding="utf-8")
    return target


def _shared_folder(tmp_path_factory) -> Path:
    """This test run's temporary folder, common to all its worker processes."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test run with --strict, every language at once as `make build` does.

    SOURCE_DATE_EPOCH is left out, so that the pages are dated as an ordinary build dates them: by the
    commit (tests/test_build.py checks the date and that another day gives the same site)."""
    shared = _shared_folder(tmp_path_factory)
    site_dir, report = shared / "site", shared / "site-build.json"
    with open(shared / "site-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds; the others wait here, then read the report
        if not report.exists():
            result = run_parallel_build(PROJECT, site_dir, {"SOURCE_DATE_EPOCH": None})
            report.write_text(json.dumps({"returncode": result.returncode, "output": result.stdout + result.stderr}), encoding="utf-8")
    outcome = json.loads(report.read_text(encoding="utf-8"))
    assert outcome["returncode"] == 0, outcome["output"]
    warnings = [line for line in outcome["output"].splitlines() if line.startswith("WARNING")]
    assert not warnings, "\n".join(warnings)
    return site_dir


# Tests that build a site of their own start first, so that the test processes run them beside the
# many short ones rather than last (pytest-xdist hands out tests in this order as processes free up).
BUILD_THEIR_OWN_SITE = (
    "tests/test_build.py::test_parallel_build_is_the_sequential_build_made_on_another_day",
    "tests/test_editor_workflow.py::test_new_institution_from_the_scaffold_appears_everywhere",
    "tests/test_build.py::test_a_warning_in_one_language_stops_the_parallel_build",
)


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not item.nodeid.startswith(BUILD_THEIR_OWN_SITE))  # a stable sort: nothing else moves


def url_to_file(site_dir: Path, url: str) -> Path:
    path = site_dir / url.lstrip("/")
    return path / "index.html" if url.endswith("/") or path.is_dir() else path


@pytest.fixture(scope="session")
def records():
    """The real records under partners/, read once; a test that changes one works on a copy."""
    collection, problems = read_partners(PROJECT / "partners", PROJECT, LANGUAGES)
    assert problems == []
    return collection


@pytest.fixture(scope="session")
def page(site):
    """page("/de/institutions/asys/") -> the parsed HTML a reader gets; fails if the page is missing."""

    @functools.cache
    def load(url: str) -> BeautifulSoup:
        path = url_to_file(site, url)
        assert path.is_file(), f"no page at {url} ({path})"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    return load


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class StaticHostHandler(QuietHandler):
    """Answers as a static host does: a file, a folder's index.html, or else the site's 404.html with
    status 404."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serving(folder: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler):
    """A folder served on a free loopback port while the block runs; yields its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served(site):
    """The built site on a loopback port, for the browser tests."""
    with serving(site) as address:
        yield address


def chromium_path() -> str:
    """The browser the tests drive: STEPKB_CHROMIUM when set (CI points it at the runner's Google Chrome),
    else Debian's Chromium headless shell, else Debian's Chromium (`make test` installs both: make
    browser). The headless shell is the same Chromium engine without the desktop browser around it: the
    page walks take a third less CPU in it."""
    configured = os.environ.get("STEPKB_CHROMIUM")
    if configured:
        found = shutil.which(configured)
        if not found:
            pytest.fail(f"STEPKB_CHROMIUM={configured} is not an executable browser")
        return found
    for candidate in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser", shutil.which("chromium") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium is not installed: `make test` installs it from Debian's packages (make browser)")


BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


def launch(driver, *switches: str):
    return driver.chromium.launch(executable_path=chromium_path(), args=BROWSER_ARGS + list(switches))


@pytest.fixture(scope="session")
def browser(playwright_driver):
    b = launch(playwright_driver)
    yield b
    b.close()


@pytest.fixture(scope="session")
def published(site, playwright_driver) -> Published:
    """The real site at the address it was built for, in a browser of its own: a loopback server answers
    for that address (the browser resolves it there), so the pages' absolute links and the theme's
    requests for them reach this site, whatever else listens on the machine."""
    with serving(site, StaticHostHandler) as address:
        site_at = Published(site)
        b = launch(playwright_driver, site_at.resolve_to(address))
        site_at.browser = b
        yield site_at
        b.close()


@pytest.fixture
def browser_page(browser):
    """A fresh tab in the session's browser, closed after the test."""
    tab = browser.new_page()
    yield tab
    tab.close()
