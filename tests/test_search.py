"""Search in the reader's own language, in real headless Chromium, typed into Material's search box."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import LANGUAGES


def search(page, served: str, lang: str, query: str) -> list[str]:
    """The result pages (paths, in order, one per page) a reader gets for a query typed on the home page."""
    page.goto(f"{served}/{'' if lang == 'en' else lang + '/'}")
    box = page.locator("input.md-search__input")
    box.focus()
    page.wait_for_timeout(800)  # the search worker loads the language's index
    box.press_sequentially(query, delay=15)
    # Characters outside the US keyboard (Greek, ó) are typed without key events; Material reads the
    # box on keyup, as it does when a reader presses any key: End gives it one.
    box.press("End")
    try:
        page.wait_for_selector("li.md-search-result__item", timeout=8000)
    except PlaywrightTimeout:
        return []  # Material shows its "no matching documents" message: no result
    page.wait_for_timeout(300)  # results render as the query is typed: let the last one land
    hrefs = page.eval_on_selector_all("li.md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)")
    paths = []
    for href in hrefs:
        path = urlsplit(href).path
        if path not in paths:
            paths.append(path)
    return paths


def prefix(lang: str) -> str:
    return "/" if lang == "en" else f"/{lang}/"


CASES = [
    # (language, query, the page expected among the first three results)
    ("de", "Familientherapeuten", ("/de/systemic-practice/", "/de/glossary/")),
    ("de", "genogram", "/de/glossary/"),
    ("de", "reflecting team", "/de/glossary/"),
    ("en", "kobenhavns professionshojskole", "/institutions/kobenhavns-professionshojskole/"),
    ("en", "HELSINKI", "/institutions/university-of-helsinki/"),
    ("pl", "psychoterapeutów", "/pl/programmes/certyfikat-psychoterapeuty-systemowego/"),
    ("el", "οικογενειακής θεραπείας", "/el/systemic-practice/"),
    ("el", "γενεογράμματος", "/el/glossary/"),
    ("el", "εποπτείας", "/el/glossary/"),
    ("el", "Thessaloniki", "/el/institutions/institute-of-systemic-therapy-thessaloniki/"),
    ("fi", "perheterapeutti", "/fi/programmes/perheterapian-psykoterapeuttikoulutus/"),
    ("fr", "Göteborg", "/fr/institutions/university-of-gothenburg/"),
    ("sv", "Hackney", "/sv/institutions/london-borough-of-hackney/"),
]


@pytest.mark.parametrize("lang,query,expected", CASES)
def test_search_finds_the_page_in_the_readers_language(browser_page, served, lang, query, expected):
    results = search(browser_page, served, lang, query)
    assert results, f"no results for {query!r} on the {lang} site"
    expected = (expected,) if isinstance(expected, str) else expected
    assert set(expected) & set(results[:3]), results[:5]
    others = [p for p in results if not p.startswith(prefix(lang)) or (lang == "en" and p.split("/")[1] in LANGUAGES)]
    assert not others, f"results from other languages: {others}"
    assert len(results) == len(set(results))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_index(site, lang):
    path = site / ("" if lang == "en" else lang) / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    assert index["config"]["stepkb_lang"] == lang
    locations = [doc["location"] for doc in index["docs"]]
    assert len(locations) == len(set(locations))
    assert not any(re.match(r"^(de|fr|it|nl|da|sv|fi|es|pl|el)/", loc) for loc in locations)
    # Record pages are in every language's index, also where their text falls back to English.
    assert "institutions/asys/" in locations and "glossary/" in locations


def test_pages_point_search_at_their_language(page):
    for lang in ("en", "de", "el"):
        doc = page(prefix(lang) + "institutions/asys/")
        config = json.loads(doc.select_one("#__config").string)
        assert config["base"].endswith("/" if lang == "en" or config["base"] == "." else f"/{lang}/") or config["base"] == "../.."
        assert "stepkb-search.js?material=" in config["search"]


def test_the_wrapped_material_worker_exists(site):
    doc = (site / "index.html").read_text(encoding="utf-8")
    worker = re.search(r"stepkb-search\.js\?material=([\w.]+)", doc).group(1)
    assert (site / "assets/javascripts/workers" / worker).is_file()
    assert (site / "assets/javascripts/workers/stepkb-search.js").is_file()
