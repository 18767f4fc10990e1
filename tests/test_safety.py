"""Record text is data: markup, script, links and template syntax in any field render as inert text."""
from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project, run_build

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


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def payload(i: int) -> str:
    return f"P{i} " + PAYLOADS[i % len(PAYLOADS)]


def write_payload_records(project):
    n = iter(range(1000))
    p = lambda: quoted(payload(next(n)))  # noqa: E731
    (project / "partners/is").mkdir()
    (project / "partners/is/country.yml").write_text(f"""code: IS
summary: {p()}
social_work: {p()}
psychotherapy: {p()}
bodies:
  - name: {p()}
    abbreviation: {quoted("<b>x</b>")}
    url: https://example.org/a'onmouseover='alert(1)
sources:
  - title: {p()}
    url: https://example.org/?a=1&b='2'
""", encoding="utf-8")
    inst = project / "partners/is/payload-institute"
    (inst / "curricula").mkdir(parents=True)
    (inst / "institution.yml").write_text(f"""name: {p()}
name_language: is
english_name: {p()}
short_name: {quoted("<i>S</i>")}
kind: training-institute
country: IS
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
english_title: {p()}
level: foundation
local_level: {p()}
award: {p()}
accreditation: [{p()}, {p()}]
languages: [is, en]
hours:
  taught: 100
  total: 120
entry_requirements: {p()}
summary: {p()}
description: {p()}
sources:
  - title: {p()}
""", encoding="utf-8")
    # Names made of the characters that were escaped twice (quotes, &), or shown with a backslash (: =),
    # and a title with bidirectional controls, one of them a stray closer.
    quoting = project / "partners/is/quoting-institute"
    (quoting / "curricula").mkdir(parents=True)
    (quoting / "institution.yml").write_text(f"""name: {quoted(QUOTING_NAME)}
name_language: en
kind: university
country: IS
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
level: foundation
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


PAGES = ["institutions/payload-institute/", "programmes/payload-course/", "countries/is/", "institutions/", "programmes/",
         "countries/", "compare/", "glossary/", ""]


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
        assert doc.title.get_text().count("<") == doc.title.get_text().count("<")  # parsed, not executed
        assert doc.find("svg", onload=True) is None and doc.find("b", string="already escaped") is None
    page = BeautifulSoup((payload_site / ("" if lang == "en" else lang) / "institutions/payload-institute/index.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(page.get_text(" ").split())
    # The institution's own fields are shown to the reader, literally: name, summary (German in German),
    # description and source title (payloads 5, 9 or 12, 10 and 11, in the order written above).
    for i in (5, 12 if lang == "de" else 9, 10, 11):
        assert " ".join(payload(i).split()) in text, (lang, payload(i))


def test_a_title_cannot_close_the_title_element(payload_site):
    for lang in ("", "de/"):
        raw = (payload_site / f"{lang}programmes/payload-course/index.html").read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", raw, re.S).group(1)
        assert "&lt;/title&gt;&lt;script&gt;" in title, title
        doc = BeautifulSoup(raw, "html.parser")
        assert "</title><script>alert(1)</script>" in doc.h1.get_text()


def test_template_syntax_is_not_evaluated(payload_site):
    raw = (payload_site / "countries/is/index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in raw or "{{ 7*7 }}" in BeautifulSoup(raw, "html.parser").get_text()


def test_downloads_keep_payloads_inert(payload_site):
    data = json.loads((payload_site / "data/stepkb.json").read_text(encoding="utf-8"))
    assert any(i["slug"] == "payload-institute" for i in data["institutions"])
    import csv as csvlib

    for name in ("programmes.csv", "institutions.csv", "countries.csv"):
        with open(payload_site / "data" / name, encoding="utf-8", newline="") as f:
            for row in csvlib.reader(f):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, cell)


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
                 "programmes/payload-course/", "countries/is/", "compare/"):
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
    for page in ("programmes/bidi-course/", "programmes/", "compare/", "institutions/quoting-institute/", "countries/is/"):
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


def test_glossary_keywords_in_the_search_index_are_escaped(payload_site):
    keywords = []
    for lang in ("", "de/"):
        index = json.loads((payload_site / lang / "search/search_index.json").read_text(encoding="utf-8"))
        keywords += [doc["keywords"] for doc in index["docs"] if doc.get("keywords")]
    payloads = [k for k in keywords if "P" in k and ("&lt;" in k or "&quot;" in k or "&amp;" in k)]
    assert payloads, "no page took the payload glossary term as a keyword"
    for k in keywords:
        assert "<" not in k and ">" not in k, k


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
