"""`make serve` as an editor uses it: one build per save, the edit in the browser, problems as a page.

Runs the real `mkdocs serve` (with the Makefile's options) on a scratch copy of the project and drives the
previewed page in Chromium while the record file is edited.
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_project

RECORD = "partners/at/asys/institution.yml"
SERVE_OPTIONS = ["--livereload", "--dirty", "--no-strict"]  # as in the Makefile's serve target


def makefile_serve_options() -> list[str]:
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    line = next(l for l in makefile.splitlines() if "mkdocs serve" in l and "BUILD_ONLY_LOCALE" in l)
    return [opt for opt in line.split() if opt.startswith("--") and opt != "--dev-addr"]


class Server:
    """`make serve` (one language) by default; with `every_language`, `make serve-all`."""

    def __init__(self, project: Path, lang: str = "", every_language: bool = False):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        sock.close()
        self.log_path = project / "serve.log"
        self.log = open(self.log_path, "w", encoding="utf-8")
        address = ["--dev-addr", f"127.0.0.1:{self.port}"]
        if every_language:  # as the Makefile's serve-all: every language at once, two processes
            command = [sys.executable, "-m", "stepkb.parallel_build", "serve", "--livereload", "--jobs", "2", *address]
            env = {**os.environ, "PYTHONPATH": str(project / "hooks")}
        else:
            command = [sys.executable, "-m", "mkdocs", "serve", *SERVE_OPTIONS, *address]
            env = {**os.environ, "BUILD_ONLY_LOCALE": lang}
        self.process = subprocess.Popen(command, cwd=project, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 240
        while "Serving on" not in self.text():
            assert self.process.poll() is None and time.time() < deadline, self.text()
            time.sleep(0.2)

    def text(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def builds(self) -> int:
        return self.text().count("Building documentation")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def test_the_makefile_serves_as_this_test_does():
    assert makefile_serve_options() == SERVE_OPTIONS


def save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def search_index(server: Server, root: str = "") -> dict[str, str]:
    """A language's search index as the browser fetches it (hooks/stepkb/search_index.py): page address ->
    its entry's title and the text it holds for snippets."""
    def get(path):
        return json.loads(urllib.request.urlopen(f"http://127.0.0.1:{server.port}/{root}search/{path}").read())

    meta = get("stepkb.json")
    documents = [get(f"{meta['version']}/d/{n}.json") for n in range(meta["count"])]
    return {doc["u"]: " ".join([doc["t"], *(text for block in doc["b"] for text in block)]) for doc in documents}


def search_index_holds(server: Server, url: str, words: str, timeout: float = 20) -> dict[str, str]:
    """The index, once it holds `words` at `url`: it is written just after the reload (step_hooks._after_reload)."""
    deadline = time.time() + timeout
    while True:
        try:
            index = search_index(server)
        except urllib.error.HTTPError:  # a term or entry file of an index being replaced
            index = {}
        if words in index.get(url, "") or time.time() > deadline:
            return index
        time.sleep(0.5)


def test_an_edit_shows_once_built_and_a_bad_edit_shows_its_problems_until_fixed(project, browser_page):
    server = Server(project, "en")
    try:
        record = project / RECORD
        original = record.read_text(encoding="utf-8")
        browser_page.goto(f"http://127.0.0.1:{server.port}/institutions/asys/")
        time.sleep(1.5)  # the server's file watcher looks every half second

        # a valid edit: one build, and the page reloads with the new text
        before = server.builds()
        save(record, re.sub(r"(?m)^summary: .*$", "summary: A first edit, seen in the preview.", original, count=1))
        browser_page.wait_for_function("document.body && document.body.innerText.includes('A first edit, seen in the preview.')", timeout=30000)
        time.sleep(2)  # long enough for a second build to start, if a save caused one
        assert server.builds() - before == 1, server.text()
        # the search index still holds every page, though --dirty rendered only the edited one, with its new text
        index = search_index_holds(server, "institutions/asys/", "A first edit, seen in the preview.")
        assert "A first edit, seen in the preview." in index["institutions/asys/"]
        assert {"", "countries/at/", "institutions/asys/", "programmes/sysoma/", "glossary/"} <= set(index)
        assert len(index) > 200, len(index)  # every page of the language, not the one just rendered

        # a bad edit: the page is replaced by the problems, in the previewed language, and reloads by itself
        save(record, original.replace("kind: association", "kind: club"))
        browser_page.wait_for_selector("#stepkb-problems", timeout=30000)
        assert browser_page.title() == "The preview cannot be updated: the records have problems"
        assert browser_page.locator("html").get_attribute("lang") == "en"
        assert browser_page.locator("#stepkb-problems li").all_inner_texts() == [
            "partners/at/asys/institution.yml:6:7: kind: 'club' is not valid here; expected one of association, university, "
            "university-of-applied-sciences, local-authority, health-service, training-institute, professional-body"]
        assert "Traceback" not in server.text()

        # another page of the preview shows them too, and so does an address that has no page
        browser_page.goto(f"http://127.0.0.1:{server.port}/countries/at/")
        assert browser_page.locator("#stepkb-problems li").count() == 1
        browser_page.goto(f"http://127.0.0.1:{server.port}/institutions/not-yet-written/")
        assert browser_page.locator("#stepkb-problems li").count() == 1
        browser_page.goto(f"http://127.0.0.1:{server.port}/countries/at/")

        # fixed: the page comes back by itself
        save(record, re.sub(r"(?m)^summary: .*$", "summary: Fixed, and back in the preview.", original, count=1))
        browser_page.wait_for_function("document.body && document.body.innerText.includes('Austria')", timeout=30000)
        browser_page.goto(f"http://127.0.0.1:{server.port}/institutions/asys/")
        assert "Fixed, and back in the preview." in browser_page.inner_text("article")
        assert browser_page.locator("#stepkb-problems").count() == 0

        # a new country (every EU and EEA country has a record; Serbia has none): the home page's map
        # shades it, though the home page's own text did not change
        browser_page.goto(f"http://127.0.0.1:{server.port}/")
        assert browser_page.locator('svg a[data-code="AT"]').count() == 1
        assert browser_page.locator('svg a[data-code="RS"]').count() == 0
        time.sleep(1)
        serbia = (project / "partners/at/country.yml").read_text(encoding="utf-8").replace("code: AT", "code: RS")
        (project / "partners/rs").mkdir()
        save(project / "partners/rs/country.yml", serbia)
        browser_page.wait_for_selector('svg a[data-code="RS"]', timeout=30000)
    finally:
        server.stop()


def test_problems_show_in_the_previewed_language(project, browser_page):
    record = project / RECORD
    save(record, record.read_text(encoding="utf-8").replace("name: Arbeitskreis", 'name: "Arbeitskreis', 1))
    server = Server(project, "de")
    try:
        browser_page.goto(f"http://127.0.0.1:{server.port}/")
        assert browser_page.locator("html").get_attribute("lang") == "de"
        assert browser_page.title() == "Die Vorschau kann nicht aktualisiert werden: Die Datensätze enthalten Fehler"
        problems = browser_page.locator("#stepkb-problems li").all_inner_texts()
        assert problems == [
            'partners/at/asys/institution.yml:2:7: the double quote (") that opens this value is not closed on this line; '
            'add the closing " at the end of the value']
    finally:
        server.stop()


def test_serve_all_writes_every_languages_search_index(tmp_path):
    # `make serve-all` builds the other languages in worker processes; their search entries must reach the
    # process that writes the indexes after the reload, or every language but the default has none.
    project = copy_project(tmp_path / "project", languages=["en", "de"])
    server = Server(project, every_language=True)
    try:
        deadline = time.time() + 30
        while "Search index per language" not in server.text():
            assert server.process.poll() is None and time.time() < deadline, server.text()
            time.sleep(0.2)
        german = search_index(server, "de/")
        assert "institutions/asys/" in german and "programmes/sysoma/" in german and len(german) > 200
        assert "Arbeitskreis" in german["institutions/asys/"]
        assert "Traceback" not in server.text()
    finally:
        server.stop()
