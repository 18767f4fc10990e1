"""The built site, as a reader gets it: pages, languages, labels, edit links."""
from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from conftest import LANGUAGES
from stepkb.labels import Labels


def prefix(lang: str) -> str:
    return "/" if lang == "en" else f"/{lang}/"


def test_every_record_has_a_page_in_every_language(site, records):
    missing = []
    for record in records.all():
        for lang in LANGUAGES:
            if not page_file(site, lang, record.path).is_file():
                missing.append(f"{lang}: {record.path}")
    assert not missing, missing
    assert len(list(records.all())) == 32 + 86 + 96 + 12


def test_no_record_page_falls_back_to_english(site, records):
    """Every record is translated: no page of another language shows a record's text in English with the
    'not yet translated' notice (a missing translation would put it there)."""
    fallbacks = []
    for record in records.all():
        for lang in LANGUAGES[1:]:
            html = page_file(site, lang, record.path).read_text(encoding="utf-8")
            if re.search(r'class="[^"]*\bstepkb-fallback\b', html):  # what _macros.j2's text_block marks a fallback with
                fallbacks.append(f"{lang}: {record.path}")
    assert fallbacks == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_declares_its_language(site, lang):
    root = site if lang == "en" else site / lang
    pages = [p for p in root.rglob("index.html") if lang != "en" or p.relative_to(site).parts[0] not in LANGUAGES]
    assert len(pages) > 20
    wrong = []
    for path in pages:
        head = path.read_text(encoding="utf-8")[:300]
        m = re.search(r'<html lang="([^"]+)"', head)
        if not m or m.group(1) != lang:
            wrong.append(str(path.relative_to(site)))
    assert not wrong, wrong


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hand_written_pages_exist_and_are_translated(page, lang):
    english_titles = {path: page(path).h1.get_text(strip=True) for path in ("/", "/about/", "/systemic-practice/")}
    for path, english in english_titles.items():
        doc = page(prefix(lang) + path.lstrip("/"))
        assert doc.html["lang"] == lang
        if lang != "en":
            assert doc.h1.get_text(strip=True) != english, f"{lang}{path} still has the English title"


def test_german_institution_page_has_german_text_and_labels(page, records):
    doc = page("/de/institutions/asys/")
    labels = Labels("de")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in doc.select("article h2")]
    assert labels("section.facts") in headings and labels("section.facts") != Labels("en")("section.facts")
    german_summary = records.institutions["asys"].translations["de"].data["summary"]
    summary = doc.select_one(".stepkb-summary")
    assert " ".join(german_summary.split()) in summary.get_text(" ", strip=True)
    assert "stepkb-fallback" not in summary["class"]
    # The country name comes from CLDR in German.
    assert doc.find("a", string="Österreich") is not None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_theme_and_navigation_are_translated(page, lang):
    doc = page(prefix(lang) + "institutions/")
    labels = Labels(lang)
    assert doc.h1.get_text(strip=True).rstrip("¶") == labels("index.institutions.title")
    nav_text = doc.select_one("nav.md-nav--primary").get_text(" ", strip=True)
    assert labels("index.programmes.title") in nav_text and labels("index.countries.title") in nav_text
    search = doc.select_one("input.md-search__input")
    assert search is not None
    if lang != "en":
        assert search["placeholder"] != "Search", f"{lang}: the theme's search label is not translated"


def page_file(site, lang: str, path: str):
    """A record file's page in the built site, from its place in partners/ (the rule the README gives,
    not url_of)."""
    parts = path.split("/")
    if parts[1] == "benchmarks":
        address = f"benchmarks/{parts[2].removesuffix('.yml')}/"
    elif parts[-1] == "country.yml":
        address = f"countries/{parts[1]}/"
    elif parts[-1] == "institution.yml":
        address = f"institutions/{parts[2]}/"
    else:
        address = f"programmes/{parts[-1].removesuffix('.yml')}/"
    return site / prefix(lang).lstrip("/") / address / "index.html"


EDIT = "https://github.com/step-partnership/step-knowledge-base/edit/main/"  # repo_url and edit_uri in mkdocs.yml


def test_edit_link_points_at_the_yaml_record(site, page, records):
    every = list(records.all())
    assert len(every) == 32 + 86 + 96 + 12  # countries, institutions, programmes, benchmarks
    wrong = []
    for record in every:
        for lang in ("en", "de", "el"):
            # Every record page, read as text (parsing 666 pages would cost seconds); one parsed below.
            html = page_file(site, lang, record.path).read_text(encoding="utf-8")
            links = re.findall(r'<a href="([^"]*/edit/[^"]*)"[^>]*class="md-content__button', html)
            if links != [EDIT + record.path]:
                wrong.append((lang, record.path, links))
    assert wrong == []
    assert page("/de/programmes/sysoma/").select_one('a.md-content__button[href*="/edit/"]')["href"] == (
        EDIT + "partners/de/hochschule-merseburg/curricula/sysoma.yml")


def test_hand_written_page_edit_link_points_at_its_markdown(page):
    edit = page("/de/about/").select_one('a.md-content__button[href*="/edit/"]')
    assert edit["href"].endswith("docs/de/about.md")


def test_language_switcher_links_to_the_same_page(page):
    doc = page("/de/programmes/sysoma/")
    links = {a.get("hreflang"): a["href"] for a in doc.select(".md-select__link[hreflang]")}
    assert set(links) == set(LANGUAGES)
    for lang, href in links.items():
        assert urljoin("/de/programmes/sysoma/", href) == prefix(lang) + "programmes/sysoma/", (lang, href)


def test_records_are_listed_on_index_pages_not_in_the_navigation(page, records):
    doc = page("/fr/institutions/")
    nav_links = {a["href"] for a in doc.select("nav.md-nav--primary a[href]")}
    content_links = {a["href"] for a in doc.select("article a[href]")}
    for slug in records.institutions:
        assert any(h.rstrip("/").endswith(slug) for h in content_links), slug
        assert not any(h.rstrip("/").endswith(slug) for h in nav_links), slug


def test_no_page_shows_an_unfilled_placeholder(site):
    """A label used without its values prints "{countries}": no page's text may hold one."""
    import lxml.html

    placeholder = re.compile(r"\{[a-z_]+\}")
    found = []
    for path in site.rglob("*.html"):
        doc = lxml.html.fromstring(path.read_bytes())
        for code in doc.xpath("//script|//style|//template"):  # scripts fill their own placeholders
            code.drop_tree()
        text = doc.text_content()
        found += [f"{path.relative_to(site)}: {m}" for m in placeholder.findall(text)]
    assert len(list(site.rglob("*.html"))) > 2000  # every page of every language was read
    assert found == [], found[:10]
