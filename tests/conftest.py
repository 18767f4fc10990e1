"""Shared fixtures: the real site built once per session, parsed pages, a served copy for the browser."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from stepkb.generate import GENERATED_FOLDERS

PROJECT = Path(__file__).resolve().parents[1]
LANGUAGES = ["en", "de", "fr", "it", "nl", "da", "sv", "fi", "es", "pl", "el"]


def run_build(project: Path, site_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project folder, as an editor or CI would run it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=project, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=900,
    )


def copy_project(target: Path) -> Path:
    """A scratch copy of the project (sources only) for builds that change records."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "hooks", "partners", "docs"):
        src = PROJECT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("__pycache__", *GENERATED_FOLDERS))
        else:
            shutil.copy2(src, target / name)
    return target


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once with --strict."""
    site_dir = tmp_path_factory.mktemp("site")
    result = run_build(PROJECT, site_dir)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    warnings = [line for line in output.splitlines() if line.startswith("WARNING")]
    assert not warnings, "\n".join(warnings)
    return site_dir


def url_to_file(site_dir: Path, url: str) -> Path:
    path = site_dir / url.lstrip("/")
    return path / "index.html" if url.endswith("/") or path.is_dir() else path


@pytest.fixture(scope="session")
def page(site):
    """page("/de/institutions/asys/") -> the parsed HTML a reader gets; fails if the page is missing."""

    @functools.cache
    def load(url: str) -> BeautifulSoup:
        path = url_to_file(site, url)
        assert path.is_file(), f"no page at {url} ({path})"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    return load


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def served(site):
    """The built site on a loopback port, for the browser tests."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def chromium_path() -> str:
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser", shutil.which("chromium") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium is not installed: `make test` installs it from Debian's packages (make browser)")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


@pytest.fixture
def browser_page(browser):
    """A fresh tab in the session's browser, closed after the test."""
    tab = browser.new_page()
    yield tab
    tab.close()
