"""Our browser JavaScript run in Node for the tests that need no page (tests/js/search.mjs), and the
built site those tests read: the shared test site, or, while `make mutants` runs, the one it built once
(STEPKB_ASSET_SITE), so that a mutant of the JavaScript costs no site build."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT, QuietHandler, serving

ASSETS = PROJECT / "docs" / "assets"
HARNESS = PROJECT / "tests" / "js" / "search.mjs"


def node(*args: str) -> dict:
    result = subprocess.run(["node", "--experimental-default-type=module", "--no-warnings", str(HARNESS), *args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def search(index_root: Path, lang: str, *queries: str) -> dict[str, list[str]]:
    """{query: the first results' addresses, relative to the language's root}, as search.js ranks them."""
    return node(str(ASSETS / "search"), str(index_root), lang, *queries)


def normalise(lang: str, *words: str) -> dict[str, list[str]]:
    """{word: [folded, term, English term, Latin spelling]}, as normalise.js makes them."""
    return node(str(ASSETS / "search"), "--normalise", lang, *words)


@pytest.fixture(scope="session")
def built_site(request) -> Path:
    prebuilt = os.environ.get("STEPKB_ASSET_SITE")
    return Path(prebuilt) if prebuilt else request.getfixturevalue("site")


class _SourceAssets(QuietHandler):
    """The built site, with /assets/ read from docs/assets/ (the same bytes after a build, and a mutant's
    changed file while `make mutants` runs)."""

    def translate_path(self, path):
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if clean.startswith("/assets/") and (ASSETS / clean[len("/assets/"):]).is_file():
            return str(ASSETS / clean[len("/assets/"):])
        return super().translate_path(path)


@pytest.fixture(scope="session")
def served(built_site):
    """The built site on a loopback port for the browser tests, its scripts taken from docs/assets/."""
    with serving(built_site, _SourceAssets) as address:
        yield address
