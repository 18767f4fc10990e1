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
    glossary = project / "partners/glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + f"""payload-term:
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
    csv = (payload_site / "data/programmes.csv").read_text(encoding="utf-8")
    for line in csv.splitlines():
        for cell in re.findall(r'(?:^|,)("(?:[^"]|"")*"|[^,]*)', line):
            assert not cell.strip('"').startswith(("=", "+", "@")), line
