"""What a reader (and a search engine) gets on every page: the head, the footer, "page not found", the
trust line under each record's heading, the home page's first screen, the map and the chart."""
from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml

from conftest import LANGUAGES, PROJECT
from published import site_url_of
from stepkb.labels import Labels, _table, plural_categories

PAGE_TYPES = [
    "", "about/", "systemic-practice/", "institutions/", "institutions/asys/", "programmes/", "programmes/sysoma/",
    "countries/", "countries/gb/", "compare/", "glossary/", "contribute/", "contribute/fields/", "accessibility/",
]
HAND_WRITTEN = ["", "about/", "systemic-practice/", "contribute/", "accessibility/"]
REPO = "https://github.com/step-partnership/step-knowledge-base"


def prefix(lang: str) -> str:
    return "/" if lang == "en" else f"/{lang}/"


def partners_files(pattern: str) -> list[Path]:
    """Record files, not translations (name.<lang>.yml)."""
    return [p for p in (PROJECT / "partners").glob(pattern) if not re.search(r"\.[a-z]{2}\.yml$", p.name)]


# --- labels ----------------------------------------------------------------------------------------

def test_every_label_in_every_language_with_its_plural_forms():
    reference = _table("en")
    for lang in LANGUAGES:
        own = _table(lang)
        assert own, lang
        missing = [k for k in reference if k not in own]
        assert not missing, (lang, missing)
        # A label with a form for "one" and for "other" agrees with a number: every form the language has.
        for key in {k.rsplit(".", 1)[0] for k in reference if k.endswith(".one") and k[:-4] + ".other" in reference}:
            needed = {f"{key}.{c}" for c in plural_categories(lang)}
            assert needed <= set(own), (lang, sorted(needed - set(own)))
    # Polish counts the way Polish does.
    assert Labels("pl").count("count.programmes", 23) == "23 programy"
    assert Labels("pl").count("count.programmes", 25) == "25 programów"
    assert Labels("pl").count("count.programmes", 1) == "1 program"
    assert Labels("fi").count("count.countries", 13) == "13 maata"


# --- the head --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_head_describes_each_page_in_its_language(site, page, lang):
    site_url = site_url_of(site)
    labels = Labels(lang)
    descriptions = {}
    for path in PAGE_TYPES:
        url = prefix(lang) + path
        doc = page(url)
        description = doc.find("meta", attrs={"name": "description"})["content"]
        assert description.strip(), url
        descriptions[path] = description
        assert doc.find("meta", attrs={"name": "generator"}) is None, url
        alternates = {link["hreflang"]: link["href"] for link in doc.select('link[rel="alternate"][hreflang]')}
        assert set(alternates) == set(LANGUAGES) | {"x-default"}, url
        for code, href in alternates.items():
            assert href.startswith(site_url), (url, href)  # absolute: search engines ignore relative ones
        assert alternates["x-default"] == alternates["en"] == site_url + path
        assert alternates[lang] == doc.find("link", rel="canonical")["href"] == site_url + url.lstrip("/")
        og = {m["property"]: m["content"] for m in doc.find_all("meta", property=True)}
        assert og["og:url"] == site_url + url.lstrip("/") and og["og:description"] == description
        assert og["og:site_name"] == labels("site.name") and og["og:locale"] == labels("og.locale")
        assert og["og:title"].strip()
        icon = doc.find("link", rel="icon")
        assert icon["href"].endswith(".svg") and (site / urljoin(url, icon["href"]).lstrip("/")).is_file()
    # Each page its own description; hand-written pages theirs, not the site's default.
    assert len(set(descriptions.values())) == len(descriptions), descriptions
    default = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))["site_description"]
    assert default not in descriptions.values()


def test_record_page_description_is_its_summary_in_the_page_language(page):
    summary = yaml.safe_load((PROJECT / "partners/at/asys/institution.de.yml").read_text(encoding="utf-8"))["summary"]
    description = page("/de/institutions/asys/").find("meta", attrs={"name": "description"})["content"]
    flat = " ".join(summary.split())
    assert description == flat if len(flat) <= 200 else flat.startswith(description.rstrip("…"))


def test_every_alternate_address_has_the_sitemap_the_theme_asks_for(site):
    """The theme fetches <alternate>/sitemap.xml for every hreflang link of every page (see sitefiles.py)."""
    site_url = site_url_of(site)
    checked = 0
    for html in site.rglob("index.html"):
        head = html.read_text(encoding="utf-8")[:6000]
        for href in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="[^"]+">', head):
            target = site / urlsplit(href).path.lstrip("/") / "sitemap.xml"
            assert target.is_file(), f"{html.relative_to(site)}: {href}sitemap.xml"
            checked += 1
    assert checked > 5000
    own = ET.parse(site / "de/programmes/sysoma/sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert [loc.text for loc in own.findall("s:url/s:loc", ns)] == [site_url + "de/programmes/sysoma/"]
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and f"Sitemap: {site_url}sitemap.xml" in robots.splitlines()


# --- footer, 404, language switcher ----------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_footer_and_not_found_page_are_in_the_page_language(site, page, lang):
    labels = Labels(lang)
    doc = page(prefix(lang) + "programmes/sysoma/")
    footer = doc.select_one(".md-copyright")
    assert labels("footer.copyright") in footer.get_text(" ", strip=True)
    licence = footer.find("a", rel="license")
    assert licence["href"] == labels("licence.url") and licence.get_text(strip=True) == "CC BY 4.0"
    statement = footer.find("a", string=labels("footer.accessibility"))
    assert urljoin(prefix(lang) + "programmes/sysoma/", statement["href"]) == prefix(lang) + "accessibility/"
    assert "Made with" not in footer.get_text()
    # The switcher shows the current language and marks it in its list.
    button = doc.select_one("button.stepkb-language")
    names = {a["hreflang"]: a.get_text(strip=True) for a in doc.select(".md-select__link[hreflang]")}
    assert names[lang] in button.get_text(" ", strip=True)
    assert doc.select_one('.md-select__link[aria-current="page"]')["hreflang"] == lang
    # The search dialog has a name (the theme's own word for search, in this language), the logo is ours.
    dialog = doc.select_one('.md-search[role="dialog"]')
    assert dialog["aria-label"] and dialog["aria-label"] == doc.select_one("nav.md-search__options")["aria-label"]
    logo = doc.select_one(".md-logo img")
    assert logo["src"].endswith("stepkb-logo.svg") and logo["alt"] == ""
    assert doc.select_one(".md-logo")["aria-label"] == labels("site.name")

    missing = page(prefix(lang) + "404.html")
    assert missing.html["lang"] == lang
    assert missing.select_one("article h1").get_text(strip=True) == labels("notfound.title")
    assert missing.title.get_text().startswith(labels("notfound.title"))
    form = missing.select_one('article form[role="search"]')
    assert form["action"] == prefix(lang) and form.select_one('input[name="q"]') is not None
    home = missing.find("a", string=labels("notfound.home"))
    assert home["href"] == prefix(lang)
    if lang != "en":
        assert labels("notfound.title") != Labels("en")("notfound.title")


# --- trust under every record's heading ------------------------------------------------------------

def git_date(*paths: str) -> str:
    out = subprocess.run(["git", "-C", str(PROJECT), "log", "-1", "--format=%cs", "--", *paths], capture_output=True, text=True)
    assert out.returncode == 0 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", out.stdout.strip()), (out.returncode, out.stdout, out.stderr)
    return out.stdout.strip()


@pytest.mark.parametrize("lang", ["en", "de", "el"])
def test_record_pages_say_how_fresh_they_are_and_how_to_correct_them(site, page, lang):
    labels = Labels(lang)
    record = "partners/de/hochschule-merseburg/curricula/sysoma.yml"
    doc = page(prefix(lang) + "programmes/sysoma/")
    trust = doc.select_one("article .stepkb-trust")
    assert trust is not None and trust.find_previous("h1") is not None
    # offered_until: 2018 -> no longer offered
    assert trust.select_one(".stepkb-badge--closed").get_text(strip=True) == labels("trust.closed")
    assert labels("trust.closed.until", year=2018) in trust.get_text(" ", strip=True)
    # Last checked: the latest `checked` of the record's sources (all five were read on 1 December 2026);
    # a record whose sources record no check says so (tests/test_safety.py, bidi-course).
    times = [t["datetime"] for t in trust.select("time")]
    assert times[0] == "2026-12-01"
    assert labels("trust.checked.none") not in trust.get_text(" ", strip=True)
    # Last changed: the last commit of the record or a translation of it.
    translations = [str(p.relative_to(PROJECT)) for p in (PROJECT / record).parent.glob("sysoma.*.yml")]
    expected = git_date(record, *translations)
    if expected:
        assert times[1] == expected
    link = trust.find("a", string=labels("trust.correction"))
    parts = urlsplit(link["href"])
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == REPO + "/issues/new"
    assert parse_qs(parts.query) == {"template": ["correct-a-record.yml"], "record": [record]}
    compare = trust.find("a", string=labels("trust.compare"))
    assert urljoin(prefix(lang) + "programmes/sysoma/", compare["href"]) == prefix(lang) + "compare/?select=sysoma"
    cite = trust.select_one(".stepkb-cite").get_text(" ", strip=True)
    assert "Masterstudiengang Systemische Sozialarbeit (sysoma)" in cite and labels("site.name") in cite
    assert site_url_of(site) + prefix(lang).lstrip("/") + "programmes/sysoma/" in cite
    # Institution and country pages carry the same, without the badge and the comparison link.
    for path in ("institutions/asys/", "countries/gb/"):
        other = page(prefix(lang) + path).select_one("article .stepkb-trust")
        assert other.find("a", string=labels("trust.correction")) is not None
        assert other.select_one(".stepkb-badge--closed") is None and other.find("a", string=labels("trust.compare")) is None
    running = page(prefix(lang) + "programmes/ulg-systemische-psychotherapie-familientherapie/").select_one("article .stepkb-trust")
    assert running.select_one(".stepkb-badge--closed") is None


# --- the home page ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_starts_with_search_tasks_and_counts(page, lang):
    labels = Labels(lang)
    doc = page(prefix(lang))
    start = doc.select_one("article .stepkb-start")
    assert start is not None
    form = start.select_one('form[role="search"]')
    assert form["action"] == "./" and form.select_one('input[name="q"]')["id"] == form.label["for"]
    tasks = {a.get_text(strip=True): a["href"] for a in start.select(".stepkb-start__tasks a")}
    assert tasks[labels("compare.title")] == "compare/" and tasks[labels("home.start.countries")] == "countries/"
    stats = [a.get_text(" ", strip=True) for a in start.select(".stepkb-stats a")]
    countries = len(partners_files("*/country.yml"))
    institutions = len(partners_files("*/*/institution.yml"))
    programmes = len(partners_files("*/*/curricula/*.yml"))
    assert stats == [labels.count("count.countries", countries), labels.count("count.institutions", institutions),
                     labels.count("count.programmes", programmes)]
    # The start comes before the map and before the list of everything.
    html = str(doc.article)
    assert html.index("stepkb-start") < html.index("stepkb-map") < html.index("stepkb-country-list")


def test_map_is_shaded_by_number_of_programmes_with_a_legend(page):
    doc = page("/")
    counts = {}
    for path in partners_files("*/*/curricula/*.yml"):
        code = path.relative_to(PROJECT / "partners").parts[0].upper()
        counts[code] = counts.get(code, 0) + 1
    shaded = {a["data-code"]: a["class"] for a in doc.select("svg.stepkb-map a[data-code]")}
    for code in [p.parent.name.upper() for p in partners_files("*/country.yml")]:
        n = counts.get(code, 0)
        step = 0 if n == 0 else 1 if n == 1 else 2 if n <= 3 else 3
        assert f"stepkb-map__shade-{step}" in shaded[code], (code, n, shaded[code])
    # Iceland has a country page and no programme; Germany 6 programmes, Bulgaria 1, the United Kingdom 18.
    assert "stepkb-map__shade-0" in shaded["IS"] and "stepkb-map__shade-3" in shaded["DE"] and "stepkb-map__shade-1" in shaded["BG"]
    assert len(doc.select(".stepkb-legend li")) == 5
    names = [a["aria-label"] for a in doc.select("svg.stepkb-map a[data-code]")]
    assert "Germany: 6 programmes" in names and "Iceland: 0 programmes" in names and "Bulgaria: 1 programme" in names
    listed = [li.get_text(" ", strip=True) for li in doc.select(".stepkb-country-list li")]
    assert "United Kingdom 18 programmes" in listed


# --- the chart ---------------------------------------------------------------------------------------

def test_chart_has_every_programme_with_hours_and_the_same_numbers_as_a_table(page):
    with_hours, units = {}, {}
    for path in partners_files("*/*/curricula/*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("hours"):
            with_hours[data["title"]] = data["hours"]
            units[data["title"]] = data.get("hours_unit_minutes", 60)
    doc = page("/compare/")
    bars = {li.select_one(".stepkb-chart__name").get_text(strip=True): li for li in doc.select(".stepkb-chart__bars > li")}
    assert set(bars) == set(with_hours) and len(bars) >= 5
    table = doc.select_one(".stepkb-chart__table table")
    rows = {tr.th.get_text(strip=True): tr for tr in table.select("tbody tr")}
    assert set(rows) == set(with_hours)
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    labels = Labels("en")
    def clock(value: float, minutes: int) -> str:
        """Units of `minutes` as clock hours, written as the site writes numbers (1,242; 439.5)."""
        return f"{value * minutes / 60:,.1f}".removesuffix(".0")

    for title, hours in with_hours.items():
        minutes = units[title]
        cells = dict(zip(headers[1:], [td.get_text(strip=True) for td in rows[title].find_all("td")]))
        for component, value in hours.items():
            assert cells[labels(f"hours.{component}")] == clock(value, minutes), (title, component)
        total = hours.get("total") or sum(v for k, v in hours.items() if k != "total")
        assert bars[title].select_one(".stepkb-chart__value").get_text(strip=True) == clock(total, minutes)
    # Hours counted in units of 45 minutes are shown as clock hours: the Estonian stage II course's 480
    # academic hours taught are 360 hours, its 1,242 in total 931.5.
    stage_2 = "Perekonnapsühhoterapeudi pädevuskoolituse II aste"
    assert units[stage_2] == 45 and with_hours[stage_2]["taught"] == 480
    cells = dict(zip(headers[1:], [td.get_text(strip=True) for td in rows[stage_2].find_all("td")]))
    assert cells[labels("hours.taught")] == "360" and cells[labels("hours.total")] == "931.5"


def test_chart_labels_are_readable_on_a_phone(browser, served):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        page.goto(served + "/de/compare/")
        sizes = page.eval_on_selector_all(
            ".stepkb-chart__name, .stepkb-chart__value, .stepkb-chart__legend li",
            "els => els.map(e => [parseFloat(getComputedStyle(e).fontSize), e.getBoundingClientRect().width, e.scrollWidth, e.clientWidth])",
        )
        assert len(sizes) >= 10
        for size, width, scroll, client in sizes:
            assert size >= 12, sizes
            assert width > 0 and scroll <= client + 1, sizes  # not cut off
    finally:
        page.close()


# --- licence, citation, accessibility statement ----------------------------------------------------

def test_licences_and_citation_are_in_the_repository():
    assert "Creative Commons Attribution 4.0" in (PROJECT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in (PROJECT / "LICENSE-CODE").read_text(encoding="utf-8")
    citation = yaml.safe_load((PROJECT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["license"] == "CC-BY-4.0"
    assert citation["repository-code"] == REPO and citation["title"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_accessibility_statement_in_every_language(page, lang):
    doc = page(prefix(lang) + "accessibility/")
    assert doc.html["lang"] == lang
    headings = [h.get_text(strip=True).rstrip("¶") for h in doc.select("article h2")]
    assert len(headings) >= 6, headings  # the model statement's sections
    text = doc.article.get_text(" ", strip=True)
    assert "EN 301 549" in text and "2016/2102" in text and "WCAG 2.1" in text
    assert doc.article.find("a", href=REPO + "/issues/new") is not None
    if lang != "en":
        assert doc.h1.get_text(strip=True) != page("/accessibility/").h1.get_text(strip=True)


@pytest.mark.parametrize("width,height", [(360, 640), (1280, 800)])
def test_where_to_start_is_on_the_first_screen(browser, served, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        for lang in LANGUAGES:
            labels = Labels(lang)
            page.goto(served + prefix(lang))
            start = page.locator("article .stepkb-start")
            for locator in (page.get_by_label(labels("home.search.label")),
                            start.get_by_role("link", name=labels("compare.title"), exact=True),
                            start.get_by_role("link", name=labels("home.start.countries"), exact=True)):
                box = locator.bounding_box()
                assert box and box["y"] + box["height"] <= height, (lang, width, locator, box)
    finally:
        page.close()


def test_searching_from_the_not_found_page_opens_the_results(browser, served):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(served + "/de/404.html")
        labels = Labels("de")
        page.get_by_label(labels("home.search.label")).fill("Familientherapie")
        page.get_by_role("button", name=labels("home.search.button")).click()
        page.wait_for_url("**/de/?q=Familientherapie")
        page.locator(".stepkb-search__results .stepkb-result").first.wait_for()
        assert page.locator("input.md-search__input").input_value() == "Familientherapie"
    finally:
        page.close()


# --- regulation by theme ---------------------------------------------------------------------------

def cell_items(cell) -> list[str]:
    """A table cell's facts: the items of its list, or its text when it holds one fact."""
    items = cell.select("ul.stepkb-cell-list > li")
    return [li.get_text(" ", strip=True) for li in items] if items else [cell.get_text(" ", strip=True)]


def test_several_facts_in_one_cell_are_a_list_one_to_a_line(page):
    # Germany: psychotherapy-law and training_in_law false; two accreditors, DGSF and DGSSA; a bachelor's
    # degree and a protected title. Written in German on the German pages.
    regulation = page("/de/countries/de/").select_one("#stepkb-regulation").find_parent("table")
    rows = {tr.th.get_text(strip=True): tr.td for tr in regulation.select("tbody tr")}
    assert cell_items(rows["Regulierung der familientherapeutischen Ausbildung"]) == [
        "Gesetzlich, als anerkanntes Psychotherapieverfahren", "Ausbildungsstandards nicht gesetzlich festgelegt (EFTA-Erhebung, 2010)"]
    accreditors = cell_items(rows["Wer Ausbildungen akkreditiert"])
    assert [a.rsplit("(", 1)[1] for a in accreditors] == ["DGSF)", "DGSSA)"], accreditors
    assert cell_items(rows["Soziale Arbeit"])[:2] == ["Bachelorabschluss", "Berufsbezeichnung geschützt, kein Register"]
    theme = page("/themes/training-accreditation/")
    germany = next(tr for tr in theme.select("table.stepkb-theme tbody tr") if tr.th.get_text(strip=True) == "Germany")
    assert len(cell_items(germany.td)) == 2
    # A single fact is plain text; no cell joins facts with a line break, which a screen reader reads as one run.
    iceland = next(tr for tr in theme.select("table.stepkb-theme tbody tr") if tr.th.get_text(strip=True) == "Iceland")
    assert iceland.td.select("ul") == [] and iceland.td.get_text(strip=True) == "Not known"
    for path in ("/countries/de/", "/themes/social-work/", "/themes/family-therapy-regulation/", "/programmes/kiira-jarve-family-psychotherapist-stage-2/"):
        assert page(path).select("article table br") == [], path
    entry = page("/programmes/kiira-jarve-family-psychotherapist-stage-2/").find("th", string="Entry").find_next_sibling("td")
    assert cell_items(entry) == ["A master's degree", "2 years of work experience"]


# Every word of the chosen elements whose characters do not all stand on one line (broken inside it).
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const el of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


def test_country_names_and_row_headers_do_not_break_inside_a_word_on_a_phone(browser, served):
    page = browser.new_page(viewport={"width": 390, "height": 800})
    try:
        for lang, path in [("en", "themes/training-accreditation/"), ("de", "themes/social-work/"), ("el", "themes/family-therapy-regulation/"),
                           ("fi", "themes/title-protection/"), ("en", "countries/de/"), ("de", "countries/gb/")]:
            page.goto(served + prefix(lang) + path)
            headers = page.evaluate(BROKEN_WORDS, "article table th")
            assert headers == [], (lang, path, headers)
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(served + "/fi/compare/")
        labels = page.evaluate(BROKEN_WORDS, "table.stepkb-compare tbody td")
        assert "sosiaalityöntekijöille" not in labels, labels
    finally:
        page.close()
