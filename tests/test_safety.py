"""Record text is data: markup, script, links and template syntax in any field render as inert text."""
from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project, run_build, serving

# The tests share one scratch site (payload_site): one test process runs them all (make test: pytest-xdist).
pytestmark = pytest.mark.xdist_group("payload-site")

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    "![tracker](https://evil.example/pixel.png)",
    "{{ 7*7 }} {% raw %}",
    '" onmouseover="alert(1)" x="',
    "'><svg onload=alert(1)>",
    "</title><script>alert(1)</script>",
    "<!-- comment --> *bold* _em_ # heading",
    '{: onclick="alert(1)" }',
    "&lt;b&gt;already escaped&lt;/b&gt;",
    "<a href=javascript:alert(1)>x</a>",
    "javascript:alert(1)",
    "=HYPERLINK(\"https://evil.example\")",
]


QUOTING_NAME = "Queen's \"Institute\": A = B & <C> d'accréditation"
QUOTING_TERM = "d'accréditation: x = y & z"
# An override left open, a stray isolate closer before it, and an embedding closed properly.
BIDI_TITLE = "Bidi \u2069course \u202eevil\u202c \u202bembedded\u202c \u202eopen"
FORMULA_CITY = "\t=HYPERLINK(\"https://evil.example\")"
FORMULA_LEVEL = "\r@SUM(1+1)"
# The record model's text fields and references, each a payload a reader must see as written.
LAW = "Legge <b>n. 1</b> & \"Psicoterapia\" {{ 7*7 }}"
ABBREVIATIONS = ["<b>x</b>", "'><svg onload=x>"]  # bodies' abbreviations, which other fields refer to
BODY_NAME = "Associazione <script>alert(1)</script> & 'famiglia'"
LEADS_TO = "Iscrizione {{ 7*7 }} </td><td>registro"
LEADS_TO_DE = "Eintragung <b>ins</b> Register & \"Titel\""
GRANTED_BY = "<img src=x onerror=alert(1)>"
ACCREDITED_BY = "[click me](javascript:alert(1))"
ENTRY = "A degree & <i>two</i> years' practice: =1+1"
ENTRY_DE = "Ein Abschluss & <i>zwei</i> Jahre: {% raw %}"
BENCHMARK_NAME = "Standard <script>alert(1)</script> 'minimo'"
BENCHMARK_SHORT = "<b>STD</b> & \"min\""
BENCHMARK_SUMMARY = "Benchmark summary <img src=x onerror=alert(1)> & more"
BENCHMARK_ENTRY = "Benchmark entry </p><p>x & y"
# Places listed in partners/places.yml: (English name, German, Greek). The first two are the payload
# institute's region and city (payloads 7 and 8), the third is one of its programme's cities.
PLACES = [
    ("P7 " + PAYLOADS[7], "Region <b>de</b>", "Περιφέρεια <i>el</i>"),
    ("P8 " + PAYLOADS[8], "Stadt </title><script>alert(1)</script>", "Πόλη &amp; 'x'"),
    ("Città <svg onload=alert(1)>", "Ort [x](javascript:alert(1))", "Τόπος {{ 7*7 }}"),
]


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def payload(i: int) -> str:
    return f"P{i} " + PAYLOADS[i % len(PAYLOADS)]


def write_payload_records(project):
    """Payload records in San Marino, a country without records of its own: every text field and every
    reference of the record model (bodies by abbreviation, places by their English name, a benchmark)."""
    n = iter(range(1000))
    p = lambda: quoted(payload(next(n)))  # noqa: E731
    # Payloads 0-12 stand where the tests below expect them; the record model's further fields take
    # payloads from 100 on (NEW), so that adding one does not move the others.
    m = iter(range(100, 1000))
    q = lambda: quoted(payload(next(m)))  # noqa: E731
    places = project / "partners/places.yml"
    places.write_text(places.read_text(encoding="utf-8") + "".join(
        f"{quoted(english)}: {{de: {quoted(de)}, el: {quoted(el)}}}\n" for english, de, el in PLACES
    ) + f"{quoted(FORMULA_CITY)}: {{}}\n", encoding="utf-8")
    (project / "partners/sm").mkdir()
    (project / "partners/sm/country.yml").write_text(f"""code: SM
summary: {p()}
social_work: {p()}
psychotherapy: {p()}
title_protection: protected
title_protection_law: {quoted(LAW)}
title_protection_year: 2004
family_therapy_regulation: association
training_in_law: false
training_accreditors: [{quoted(ABBREVIATIONS[0])}, {quoted(ABBREVIATIONS[1])}]
social_work_degree: bachelor
social_work_regulation: registration
social_work_regulator: {quoted(ABBREVIATIONS[1])}
family_therapy_association: {quoted(ABBREVIATIONS[1])}
bodies:
  - name: {p()}
    abbreviation: {quoted(ABBREVIATIONS[0])}
    roles: [accredits-training, grants-title]
    url: https://example.org/a'onmouseover='alert(1)
  - name: {quoted(BODY_NAME)}
    english_name: {q()}
    abbreviation: {quoted(ABBREVIATIONS[1])}
    roles: [accredits-training, family-therapy-association, social-work-regulator]
    efta_nfto: true
sources:
  - title: {p()}
    url: https://example.org/?a=1&b='2'
""", encoding="utf-8")
    inst = project / "partners/sm/payload-institute"
    (inst / "curricula").mkdir(parents=True)
    (inst / "institution.yml").write_text(f"""name: {p()}
name_language: it
english_name: {p()}
short_name: {quoted("<i>S</i>")}
kind: training-institute
country: SM
region: {p()}
city: {p()}
website: https://example.org/'x
email: a'b@example.org
summary: {p()}
description: {p()}
sources:
  - title: {p()}
""", encoding="utf-8")
    (inst / "institution.de.yml").write_text(f"summary: {p()}\n", encoding="utf-8")
    (inst / "curricula/payload-course.yml").write_text(f"""title: {quoted("T </title><script>alert(1)</script> <b>")}
title_language: it
english_title: {q()}
outcome: continuing
academic_level: certificate
local_level: {q()}
award: {q()}
leads_to: {quoted(LEADS_TO)}
title_granted_by: [{quoted(GRANTED_BY)}, {q()}]
accredited_by: [{quoted(ACCREDITED_BY)}, {q()}]
social_workers: aimed
professions: [social-work, other]
entry_degree: bachelor
entry_experience_years: 2
entry_requirements: {quoted(ENTRY)}
cities: [{quoted(PLACES[2][0])}, {quoted(PLACES[1][0])}]
languages: [it, en]
hours:
  taught: 100
  supervision: 10
  live_supervision: 5
  practice: 20
  personal_development: 5
  peer_learning: 5
  self_study: 10
  other: 5
  total: 160
cost: {{amount: 1000, currency: EUR, per: total, year: 2026}}
status: running
summary: {q()}
description: {q()}
sources:
  - title: {q()}
""", encoding="utf-8")
    (inst / "curricula/payload-course.de.yml").write_text(f"""leads_to: {quoted(LEADS_TO_DE)}
entry_requirements: {quoted(ENTRY_DE)}
""", encoding="utf-8")
    (project / "partners/benchmarks/payload-standard.yml").write_text(f"""name: {quoted(BENCHMARK_NAME)}
name_language: it
english_name: {q()}
short_name: {quoted(BENCHMARK_SHORT)}
body: {quoted("<u>B</u> & 'body'")}
country: SM
outcome: continuing
edition: {q()}
duration_months: 12
hours:
  taught: 80
  total: 150
minimum: [hours]
entry_requirements: {quoted(BENCHMARK_ENTRY)}
website: https://example.org/?a='standard'&b=1
summary: {quoted(BENCHMARK_SUMMARY)}
description: {q()}
sources:
  - title: {q()}
""", encoding="utf-8")
    # Names made of the characters that were escaped twice (quotes, &), or shown with a backslash (: =),
    # and a title with bidirectional controls, one of them a stray closer.
    quoting = project / "partners/sm/quoting-institute"
    (quoting / "curricula").mkdir(parents=True)
    (quoting / "institution.yml").write_text(f"""name: {quoted(QUOTING_NAME)}
name_language: en
kind: university
country: SM
city: {quoted(FORMULA_CITY)}
summary: {quoted(QUOTING_NAME + " summary")}
sources:
  - title: Source
    checked: "2025-03-14"
  - title: Older source
    checked: "2024-11-02"
""", encoding="utf-8")
    (quoting / "curricula/bidi-course.yml").write_text(f"""title: {quoted(BIDI_TITLE)}
title_language: en
outcome: practitioner
local_level: {quoted(FORMULA_LEVEL)}
languages: [en]
summary: {quoted(BIDI_TITLE)}
sources:
  - title: {quoted(BIDI_TITLE)}
""", encoding="utf-8")
    glossary = project / "partners/glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + f"""quoting-term:
  en:
    term: {quoted(QUOTING_TERM)}
    definition: {quoted(QUOTING_TERM)}
payload-term:
  en:
    term: {p()}
    synonyms: [{p()}]
    definition: {p()}
  de:
    term: {p()}
    definition: {p()}
""", encoding="utf-8")


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("payloads")
    # The languages the tests below read: each further language would only repeat the same escaping.
    project = copy_project(root / "project", languages=["en", "de", "el"])
    write_payload_records(project)
    result = run_build(project, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


THEMES = ["title-protection", "family-therapy-regulation", "training-accreditation", "social-work", "family-therapy-association"]
PAGES = ["institutions/payload-institute/", "programmes/payload-course/", "countries/sm/", "benchmarks/payload-standard/",
         "institutions/", "programmes/", "countries/", "benchmarks/", "themes/", "compare/", "glossary/", ""]
PAGES += [f"themes/{theme}/" for theme in THEMES]


@pytest.mark.parametrize("lang", ["en", "de", "el"])
def test_payloads_render_as_inert_text(payload_site, lang):
    for path in PAGES:
        file = payload_site / ("" if lang == "en" else lang) / path / "index.html"
        raw = file.read_text(encoding="utf-8")
        doc = BeautifulSoup(raw, "html.parser")
        where = f"{lang}/{path}"
        for script in doc.find_all("script"):
            assert "alert(" not in (script.string or ""), where
        for el in doc.find_all(True):
            handlers = [a for a in el.attrs if a.lower().startswith("on")]
            assert not handlers, f"{where}: <{el.name} {handlers}>"
            for attribute in ("href", "src", "action", "xlink:href"):
                value = str(el.get(attribute, "")).strip().lower()
                assert not value.startswith("javascript:"), f"{where}: {el}"
                assert "evil.example" not in value, f"{where}: {el}"
        assert "</title><script>" not in raw.lower()
        assert doc.title.find(True) is None, where  # the title holds text, never an element
        assert doc.find("svg", onload=True) is None and doc.find("b", string="already escaped") is None
    page = BeautifulSoup((payload_site / ("" if lang == "en" else lang) / "institutions/payload-institute/index.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(page.get_text(" ").split())
    # The institution's own fields are shown to the reader, literally: name, summary (German in German),
    # description and source title (payloads 5, 9 or 12, 10 and 11, in the order written above).
    for i in (5, 12 if lang == "de" else 9, 10, 11):
        assert " ".join(payload(i).split()) in text, (lang, payload(i))


def shown_text(site, lang: str, path: str) -> str:
    """What a reader reads on a page (its article), as one line of words."""
    doc = BeautifulSoup((site / ("" if lang == "en" else lang) / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    return " ".join(doc.select_one("article").get_text(" ").split())


@pytest.mark.parametrize("lang", ["en", "de", "el"])
def test_record_model_text_and_references_are_shown_as_written(payload_site, lang):
    column = {"en": 0, "de": 1, "el": 2}[lang]
    programme = shown_text(payload_site, lang, "programmes/payload-course/")
    # leads_to is translated into German; Greek falls back to the English text.
    for text in (LEADS_TO_DE if lang == "de" else LEADS_TO, GRANTED_BY, ACCREDITED_BY, ENTRY_DE if lang == "de" else ENTRY,
                 PLACES[2][column], PLACES[1][column], BENCHMARK_SHORT):
        assert text in programme, (lang, text)
    institution = shown_text(payload_site, lang, "institutions/payload-institute/")
    assert PLACES[0][column] in institution and PLACES[1][column] in institution
    country = shown_text(payload_site, lang, "countries/sm/")
    for text in (LAW, BODY_NAME, *ABBREVIATIONS):
        assert text in country, (lang, text)
    # The regulation themes name the bodies a country refers to by abbreviation, with their names.
    assert LAW in shown_text(payload_site, lang, "themes/title-protection/")
    accreditation = shown_text(payload_site, lang, "themes/training-accreditation/")
    assert f"{BODY_NAME} ({ABBREVIATIONS[1]})" in accreditation and f"({ABBREVIATIONS[0]})" in accreditation
    assert f"{BODY_NAME} ({ABBREVIATIONS[1]})" in shown_text(payload_site, lang, "themes/family-therapy-association/")
    benchmark = shown_text(payload_site, lang, "benchmarks/payload-standard/")
    for text in (BENCHMARK_SUMMARY, BENCHMARK_ENTRY, "<u>B</u> & 'body'"):
        assert text in benchmark, (lang, text)
    doc = BeautifulSoup((payload_site / ("" if lang == "en" else lang) / "benchmarks/payload-standard/index.html").read_text(encoding="utf-8"), "html.parser")
    assert visible(doc.h1.get_text()) == BENCHMARK_NAME
    assert BENCHMARK_NAME in shown_text(payload_site, lang, "benchmarks/")
    # The comparison: the benchmark's reference row, and the programme's recognition.
    compare = shown_text(payload_site, lang, "compare/")
    for text in (BENCHMARK_SHORT, ACCREDITED_BY, GRANTED_BY):
        assert text in compare, (lang, text)


def test_a_title_cannot_close_the_title_element(payload_site):
    for lang in ("", "de/"):
        raw = (payload_site / f"{lang}programmes/payload-course/index.html").read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", raw, re.S).group(1)
        assert "&lt;/title&gt;&lt;script&gt;" in title, title
        doc = BeautifulSoup(raw, "html.parser")
        assert "</title><script>alert(1)</script>" in doc.h1.get_text()


def test_template_syntax_is_not_evaluated(payload_site):
    raw = (payload_site / "countries/sm/index.html").read_text(encoding="utf-8")
    text = BeautifulSoup(raw, "html.parser").get_text()
    assert LAW in text  # 'Legge <b>n. 1</b> & "Psicoterapia" {{ 7*7 }}', as written: no markup made, nothing evaluated


def test_downloads_keep_payloads_inert(payload_site):
    data = json.loads((payload_site / "data/stepkb.json").read_text(encoding="utf-8"))
    institute = next(i for i in data["institutions"] if i["slug"] == "payload-institute")
    assert institute["name"] == payload(5)  # the JSON holds record text exactly as written: it is read as data
    import csv as csvlib

    guarded = []
    for name in ("programmes.csv", "institutions.csv", "countries.csv", "benchmarks.csv"):
        with open(payload_site / "data" / name, encoding="utf-8", newline="") as f:
            for row in csvlib.reader(f):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), (name, cell)
                    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\n"):
                        guarded.append(cell)
    # The check is not empty: the payload records hold cells that would start a formula, and each is
    # written with its ' (a tab and a carriage return, which some spreadsheets skip before a sign).
    assert {"'" + FORMULA_CITY, "'" + FORMULA_LEVEL.replace("\r", "\n")} <= set(guarded), guarded


# --- escaped exactly once: what a reader sees in <title>, headings and the table of contents ---------

def visible(text: str) -> str:
    return " ".join(text.replace("\u00b6", "").split())


@pytest.mark.parametrize("lang", ["en", "de", "el"])
def test_titles_headings_and_contents_show_record_text_as_written(payload_site, lang):
    root = payload_site / ("" if lang == "en" else lang)
    doc = BeautifulSoup((root / "institutions/quoting-institute/index.html").read_text(encoding="utf-8"), "html.parser")
    assert doc.title.get_text().startswith(QUOTING_NAME + " - "), doc.title.get_text()
    assert visible(doc.h1.get_text()) == QUOTING_NAME
    topics = [visible(t.get_text()) for t in doc.select(".md-header__topic .md-ellipsis")]
    assert QUOTING_NAME in topics, topics
    assert doc.find("meta", attrs={"name": "description"})["content"] == QUOTING_NAME + " summary"
    assert doc.find("meta", property="og:title")["content"] == QUOTING_NAME
    # A record's text is a heading and a table-of-contents entry on the glossary page.
    glossary = BeautifulSoup((root / "glossary/index.html").read_text(encoding="utf-8"), "html.parser")
    toc = [visible(a.get_text()) for a in glossary.select("nav.md-nav--secondary a")]
    assert QUOTING_TERM in toc, toc
    assert QUOTING_TERM in [visible(h.get_text()) for h in glossary.select("article h2")]
    # Nothing a reader sees in any title, heading or contents entry, on any page, holds an entity or a
    # backslash that was not in the record.
    for page in ("institutions/quoting-institute/", "programmes/bidi-course/", "glossary/", "institutions/payload-institute/",
                 "programmes/payload-course/", "countries/sm/", "compare/", "benchmarks/payload-standard/", "benchmarks/",
                 "themes/title-protection/"):
        doc = BeautifulSoup((root / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        shown = [doc.title.get_text()] + [h.get_text() for h in doc.select("article h1, article h2, article h3")]
        shown += [a.get_text() for a in doc.select("nav.md-nav--secondary a, .md-header__topic")]
        for text in shown:
            assert "&#" not in text and "&amp;" not in text and "&lt;" not in text, (page, text)
            assert "\\" not in text, (page, text)


def balanced_isolate(text: str) -> bool:
    """Whether every override and embedding in the text is closed, inside an isolate that is closed."""
    depth_isolate = depth_embed = 0
    for char in text:
        if char in "\u2066\u2067\u2068":
            depth_isolate += 1
        elif char == "\u2069":
            depth_isolate -= 1
        elif char in "\u202a\u202b\u202d\u202e":
            if depth_isolate == 0:
                return False  # an override outside any isolate reorders what follows it
            depth_embed += 1
        elif char == "\u202c":
            depth_embed -= 1
        if depth_isolate < 0 or depth_embed < 0:
            return False
    return depth_isolate == 0 and depth_embed == 0


@pytest.mark.parametrize("lang", ["en", "el"])
def test_bidirectional_controls_are_isolated(payload_site, lang):
    root = payload_site / ("" if lang == "en" else lang)
    seen = 0
    for page in ("programmes/bidi-course/", "programmes/", "compare/", "institutions/quoting-institute/", "countries/sm/"):
        doc = BeautifulSoup((root / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        strings = [str(s) for s in doc.find_all(string=True)]
        strings += [str(v) for el in doc.find_all(True) for v in el.attrs.values() if isinstance(v, str)]
        for text in strings:
            if "\u202e" in text:
                seen += 1
                assert balanced_isolate(text), (page, repr(text))
    assert seen >= 6  # title, heading, summary, source, list entries, comparison cells
    doc = BeautifulSoup((root / "programmes/bidi-course/index.html").read_text(encoding="utf-8"), "html.parser")
    assert visible(doc.h1.get_text()).startswith("\u2068Bidi course \u202eevil\u202c")  # the stray closer is gone


def test_downloads_keep_tab_and_carriage_return_formulas_inert(payload_site):
    import csv as csvlib

    def rows(name):
        with open(payload_site / "data" / name, encoding="utf-8", newline="") as f:
            return {row["slug"]: row for row in csvlib.DictReader(f)}

    assert rows("institutions.csv")["quoting-institute"]["city"] == "'" + FORMULA_CITY
    # A carriage return becomes a line feed, so that the cell stays one cell (it is quoted).
    assert rows("programmes.csv")["bidi-course"]["local_level"] == "'" + FORMULA_LEVEL.replace("\r", "\n")


def search_entries(site, lang: str) -> list[dict]:
    """Every entry of a language's search index (hooks/stepkb/search_index.py): address, title, text."""
    root = site / ("" if lang == "en" else lang) / "search"
    meta = json.loads((root / "stepkb.json").read_text(encoding="utf-8"))
    return [json.loads(f.read_text(encoding="utf-8")) for f in sorted((root / meta["version"] / "d").glob("*.json"))]


def test_search_index_holds_record_text_as_written(payload_site):
    # The index is data that the search script shows as text (textContent), so it holds the text as the
    # record writes it: an entity there would be shown to the reader, escaped twice.
    for lang, name, term in (("en", QUOTING_NAME, QUOTING_TERM), ("de", QUOTING_NAME, QUOTING_TERM), ("el", QUOTING_NAME, QUOTING_TERM)):
        entries = search_entries(payload_site, lang)
        titles = {e["t"]: e["u"] for e in entries}
        assert titles.get(name) == "institutions/quoting-institute/", lang
        assert titles.get(term, "").startswith("glossary/#"), lang
        assert titles.get(BENCHMARK_NAME) == "benchmarks/payload-standard/", lang
        for e in entries:
            assert "&lt;" not in e["t"] and "&amp;" not in e["t"] and "&#" not in e["t"], (lang, e["t"])
    # The German glossary term's own name (payload 16) is an entry of the German index.
    assert payload(16) in {e["t"] for e in search_entries(payload_site, "de")}


@pytest.fixture(scope="module")
def payload_served(payload_site):
    with serving(payload_site) as address:
        yield address


@pytest.mark.parametrize("lang", ["en", "el"])
def test_search_results_show_payloads_as_text(browser, payload_served, lang):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(payload_served + ("/" if lang == "en" else f"/{lang}/"))
        field = page.locator("input.md-search__input")
        field.click()
        # "onerror" stands in the country's social work text (payload 1), the glossary term's definition
        # (payload 15), a programme's title_granted_by and the benchmark's summary.
        page.keyboard.type("onerror", delay=20)
        page.wait_for_function("document.querySelector('[data-stepkb-search]').dataset.stepkbShown === 'onerror'")
        results = page.locator(".stepkb-search__results")
        assert results.locator(".stepkb-result").count() >= 2
        made = page.evaluate("""() => Array.from(document.querySelectorAll('.stepkb-search__results *'))
            .filter(el => !['LI', 'A', 'P', 'MARK'].includes(el.tagName) || Array.from(el.attributes).some(a => a.name.startsWith('on')))
            .map(el => el.outerHTML.slice(0, 80))""")
        assert made == [], made  # only the result list's own elements, none made from record text
        text = results.inner_text()
        assert "<img src=x onerror=alert(1)>" in text, text
    finally:
        page.close()
    assert dialogs == []


def test_last_checked_is_the_latest_day_a_source_was_checked(payload_site):
    doc = BeautifulSoup((payload_site / "de/institutions/quoting-institute/index.html").read_text(encoding="utf-8"), "html.parser")
    times = [t["datetime"] for t in doc.select(".stepkb-trust time")]
    assert times[0] == "2025-03-14"
    assert "14. März 2025" in doc.select_one(".stepkb-trust").get_text()
    # A record whose sources say nothing of it says so; the copy has no git history, so no change date.
    doc = BeautifulSoup((payload_site / "de/programmes/bidi-course/index.html").read_text(encoding="utf-8"), "html.parser")
    trust = doc.select_one(".stepkb-trust").get_text(" ", strip=True)
    assert "Zuletzt mit den Quellen abgeglichen: nicht erfasst" in trust
    assert "Zuletzt geändert" not in trust
