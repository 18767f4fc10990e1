"""The generated Markdown pages, made from the real records without MkDocs: written only when changed,
record text escaped once and isolated, the trust line, places in the reader's language."""
from __future__ import annotations

import copy
import os

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import LANGUAGES
from stepkb import bidi
from stepkb.generate import pages_for, write_pages
from stepkb.render import Site, md

FSI, PDI, PDF, RLO, LRI = "\u2068", "\u2069", "\u202c", "\u202e", "\u2066"


def with_fields(records, kind: str, slug: str, **fields):
    """A copy of the collection in which one record (of `kind`: curricula, institutions...) has these
    fields; the real collection is shared by every test and stays as it is."""
    collection = copy.copy(records)
    group = dict(getattr(records, kind))
    record = group[slug] = copy.copy(group[slug])
    record.data = {**record.data, **fields}
    setattr(collection, kind, group)
    return collection


def page_of(collection, lang: str, rel: str, site: Site | None = None) -> str:
    """The Markdown generated for one page, e.g. rel "programmes/sysoma.md"."""
    return {path: make for path, make, _ in pages_for(collection, lang, LANGUAGES, site)}[rel]()


def html_of(page: str) -> BeautifulSoup:
    """A generated page's Markdown as the HTML it becomes."""
    return BeautifulSoup(markdown.markdown(page, extensions=["md_in_html"]), "html.parser")


def facts(page: str) -> dict[str, str]:
    """A page's fact tables as the reader sees them: each row's heading and its cell, as text."""
    doc = html_of(page)
    return {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in doc.select("tr") if tr.th and tr.td}


def test_a_second_write_writes_nothing_and_keeps_every_file_time(records, tmp_path):
    first = write_pages(records, tmp_path, LANGUAGES, only=["de"])
    assert first.failed == [] and first.unchanged == 0 and first.written > 200
    files = sorted((tmp_path / "de").rglob("*.md"))
    assert len(files) == first.written
    before = {f: f.stat().st_mtime_ns for f in files}
    for f in files:  # an hour ago: a rewrite within the same clock tick would not show otherwise
        os.utime(f, ns=(before[f] - 3_600_000_000_000,) * 2)
    before = {f: f.stat().st_mtime_ns for f in files}
    second = write_pages(records, tmp_path, LANGUAGES, only=["de"])
    assert (second.written, second.unchanged, second.removed) == (0, first.written, 0)
    assert {f: f.stat().st_mtime_ns for f in files} == before


def test_a_changed_record_rewrites_its_pages_and_a_stale_page_is_removed(records, tmp_path):
    write_pages(records, tmp_path, LANGUAGES, only=["en"])
    stale = tmp_path / "en" / "programmes" / "deleted-programme.md"
    stale.write_text("# gone\n", encoding="utf-8")
    again = write_pages(with_fields(records, "curricula", "sysoma", ects=90), tmp_path, LANGUAGES, only=["en"])
    # Its own page, the comparison (its row) and the programme list; nothing else shows the credits.
    assert again.removed == 1 and not stale.exists()
    assert 1 <= again.written <= 4 and again.failed == []
    assert "90" in (tmp_path / "en" / "programmes" / "sysoma.md").read_text(encoding="utf-8")


# Record text -> the Markdown line md() writes: Markdown's signs escaped, &, < and > as entities, quotes
# as they are, line breaks and runs of spaces as one space.
MD = [
    ("Family *and* _Couple_ [Therapy](x) #1", r"Family \*and\* \_Couple\_ \[Therapy\]\(x\) \#1"),
    ("<script>alert('x')</script> & \"q\"", "&lt;script&gt;alert\\('x'\\)&lt;/script&gt; &amp; \"q\""),
    ("`code` {{ 7*7 }} a|b! c.d - e+f \\", r"\`code\` \{\{ 7\*7 \}\} a\|b\! c\.d \- e\+f \\"),
    ("two\nlines   and  spaces", "two lines and spaces"),
    ("a: b = c ~ d ^ e", "a: b = c ~ d ^ e"),
]


@pytest.mark.parametrize("text,line", MD, ids=[t[:10] for t, _ in MD])
def test_md_writes_markdown_that_shows_exactly_the_text(text, line):
    assert md(text) == line
    html = markdown.markdown("# " + md(text), extensions=["tables", "attr_list", "toc"])
    assert BeautifulSoup(html, "html.parser").h1.get_text() == " ".join(text.split())


PAYLOAD = "<img src=x onerror=alert(1)> *bold* & [link](javascript:alert(1)) 'q' {{ 7*7 }}"


@pytest.mark.parametrize("lang", ["en", "de", "el"])
def test_a_title_with_markup_reaches_the_page_as_text(records, lang):
    changed = with_fields(records, "curricula", "sysoma", title=PAYLOAD, english_title=PAYLOAD)
    changed.curricula["sysoma"].translations = {}
    page = page_of(changed, lang, "programmes/sysoma.md")
    heading = next(line for line in page.splitlines() if line.startswith("# "))
    assert heading.startswith(r"# &lt;img src=x onerror=alert\(1\)&gt; \*bold\* &amp; \[link\]\(javascript:alert\(1\)\) 'q' \{\{ 7\*7 \}\}")
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["tables", "attr_list", "md_in_html", "toc"])
    doc = BeautifulSoup(html, "html.parser")
    assert doc.h1.get_text().startswith(PAYLOAD)
    assert doc.find("img") is None and not doc.select("a[href^=javascript]")
    assert "49" not in doc.h1.get_text()  # the template syntax is text, never evaluated
    assert PAYLOAD in doc.select_one(".stepkb-cite").get_text()  # the citation, through the template's escaping


def test_bidi_controls_are_closed_and_isolated():
    assert bidi.isolate("plain text") == "plain text"
    assert bidi.isolate(f"abc{RLO}def") == f"{FSI}abc{RLO}def{PDF}{PDI}"
    assert bidi.isolate(f"a{PDI}b") == f"{FSI}ab{PDI}"  # a closer without an opener would end our isolate
    assert bidi.isolate(f"{LRI}x{PDI}{PDF}y") == f"{FSI}{LRI}x{PDI}y{PDI}"
    assert md(f"abc{RLO}def") == f"{FSI}abc{RLO}def{PDF}{PDI}"


def test_record_text_with_controls_is_isolated_on_the_page(records):
    page = page_of(with_fields(records, "curricula", "sysoma", title=f"Evil{RLO}title"), "en", "programmes/sysoma.md")
    assert f"# {FSI}Evil{RLO}title{PDF}{PDI}" in page
    cite = page.split('class="stepkb-cite">', 1)[1].split("</p>", 1)[0]
    assert cite.startswith(f"{FSI}“Evil{RLO}title”") and cite.endswith(f"{PDF}{PDI}")  # the citation too, as a whole
    for line in page.splitlines():  # never left open: each line that opens one closes it, then the isolate
        if RLO in line:
            assert line.index(FSI) < line.index(RLO) < line.rindex(PDF) < line.rindex(PDI), line


def test_the_trust_line_of_a_closed_programme(records):
    site = Site(url="https://example.org/step/", repo_url="https://github.com/example/stepkb",
                changed={"partners/de/hochschule-merseburg/curricula/sysoma.yml": "2026-11-02"})
    page = page_of(records, "de", "programmes/sysoma.md", site)
    trust = BeautifulSoup(page, "html.parser").select_one(".stepkb-trust")
    assert trust.select_one(".stepkb-trust__closed").get_text(" ", strip=True) == "Nicht mehr angeboten Zuletzt angeboten 2018."
    facts = [li.get_text(" ", strip=True) for li in trust.select(".stepkb-trust__facts li")]
    assert facts[1:] == ["Zuletzt geändert: 2. November 2026", "Mit anderen Ausbildungsgängen vergleichen", "Korrektur vorschlagen"]
    assert facts[0] == "Zuletzt mit den Quellen abgeglichen: 1. Dezember 2026"
    links = [a["href"] for a in trust.select(".stepkb-trust__facts a")]
    assert links == ["../../compare/?select=sysoma", "https://github.com/example/stepkb/issues/new?template=correct-a-record.yml"
                     "&record=partners%2Fde%2Fhochschule-merseburg%2Fcurricula%2Fsysoma.yml"]
    assert trust.select_one(".stepkb-cite").get_text() == ("„Masterstudiengang Systemische Sozialarbeit (sysoma)“. STEP-Wissensdatenbank, "
                                                           "zuletzt geändert am 2. November 2026. https://example.org/step/de/programmes/sysoma/")


def test_a_running_programme_has_no_closed_line_and_no_history_no_changed_line(records):
    page = page_of(records, "en", "programmes/sysma.md")
    trust = BeautifulSoup(page, "html.parser").select_one(".stepkb-trust")
    assert trust.select_one(".stepkb-trust__closed") is None
    facts = [li.get_text(" ", strip=True) for li in trust.select(".stepkb-trust__facts li")]
    assert len(facts) == 2 and facts[1] == "Compare with other programmes"  # no history, no repository: neither line


@pytest.mark.parametrize("lang,vienna", [("en", "Vienna"), ("de", "Wien"), ("fr", "Vienne"), ("pl", "Wiedeń"), ("el", "Βιέννη")])
def test_places_are_named_in_the_readers_language(records, lang, vienna):
    page = page_of(records, lang, "institutions/asys.md")
    doc = BeautifulSoup(page, "html.parser")
    cells = [td.get_text() for td in doc.select("table.stepkb-table td")]
    assert vienna in cells


def test_last_checked_is_the_latest_source_day(records):
    from stepkb.labels import Labels
    from stepkb.render import Page

    record = copy.copy(records.curricula["sysma"])
    record.data = {**record.data, "sources": [{"title": "a", "checked": "2020-01-01"}, {"title": "b", "checked": "2024-05-06"},
                                              {"title": "c", "checked": "2023-01-01"}, {"title": "d"}]}
    page = Page("en", "programmes/sysma/", records, Labels("en"), Site())
    assert page.last_checked(record) == "2024-05-06"
    record.data = {**record.data, "sources": [{"title": "d"}]}
    assert page.last_checked(record) is None


@pytest.mark.parametrize("lang,today,row", [
    ("en", "2026-08-31", ("Next intake", "September 2026")),
    ("en", "2026-09-30", ("Next intake", "September 2026")),  # the month it starts: it may not have yet
    ("en", "2026-10-01", ("Last intake announced", "September 2026 (already begun; no later intake announced)")),
    ("de", "2026-12-01", ("Zuletzt angekündigter Beginn", "September 2026 (hat bereits begonnen; kein späterer Beginn angekündigt)")),
])
def test_an_intake_that_has_begun_is_not_shown_as_the_next_one(records, lang, today, row):
    # A source read before the course began still calls it the next intake; the page, built later, must not.
    changed = with_fields(records, "curricula", "sysma", next_intake="2026-09")
    rows = facts(page_of(changed, lang, "programmes/sysma.md", Site(today=today)))
    header, value = row
    assert rows[header] == value
    assert {"Next intake", "Last intake announced", "Nächster Beginn", "Zuletzt angekündigter Beginn"} & set(rows) == {header}


@pytest.mark.parametrize("lang,shown", [
    ("en", "Member (full or associate not stated)"),
    ("fr", "Membre (à part entière ou associé : non précisé)"),
    ("el", "Μέλος (τακτικό ή συνδεδεμένο: δεν αναφέρεται)"),
])
def test_an_efta_tic_membership_of_unstated_kind_is_shown_as_such(records, lang, shown):
    # Institutes often say they belong to EFTA's chamber without saying full or associate: the page says
    # member, and that the kind is not stated, on the institute's page and on each of its programmes'.
    changed = with_fields(records, "institutions", "asys", efta_tic="member")
    for rel in ("institutions/asys.md", "programmes/systemisches-aufbaudiplom.md"):
        assert shown in facts(page_of(changed, lang, rel)).values()


def test_a_minimum_marks_only_the_hours_figure_the_source_gives_as_one(records):
    """The Satir training: 680 teaching hours, exact; at least 80 hours of supervision and 100 of training
    therapy arranged alongside ("minimálne"). Each shows as the source gives it, here and in the comparison."""
    slug = "transformacna-systemicka-terapia-podla-satirovej"
    shown = facts(page_of(records, "en", f"programmes/{slug}.md"))
    assert (shown["Supervision"], shown["Personal development"], shown["Total"]) == ("at least 80", "at least 100", "680")
    every = with_fields(records, "curricula", slug, minimum=["hours"])
    shown = facts(page_of(every, "en", f"programmes/{slug}.md"))
    assert (shown["Supervision"], shown["Total"]) == ("at least 80", "at least 680")
    cells = {td["data-label"]: td.get_text(strip=True) for td in html_of(page_of(records, "en", "compare/index.md")).select(f"tr#programme-{slug} td")}
    assert (cells["Supervision (hours)"], cells["Total (hours)"]) == ("at least 80", "680")
