"""The comparison page: complete without JavaScript, sortable and filterable with it; downloads match."""
from __future__ import annotations

import csv
import io
import json

from conftest import PROJECT, LANGUAGES
from stepkb.validate import read_partners


def collection():
    c, problems = read_partners(PROJECT / "partners", PROJECT, LANGUAGES)
    assert problems == []
    return c


def rows(page):
    return page.eval_on_selector_all("table.stepkb-compare tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.slug)")


def test_table_is_complete_without_javascript(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(served + "/de/compare/")
        slugs = rows(page)
        assert sorted(slugs) == sorted(collection().curricula)
        assert not page.locator("form.stepkb-filters").is_visible()  # the filters need the script
        assert page.locator("table.stepkb-compare caption").is_visible()
    finally:
        context.close()


def test_filter_by_country_level_and_language(browser_page, served):
    browser_page.goto(served + "/fr/compare/")
    form = browser_page.locator("form.stepkb-filters")
    assert form.is_visible()
    everything = rows(browser_page)
    browser_page.select_option("select[name=country]", "GB")
    gb = rows(browser_page)
    expected = sorted(s for s, r in collection().curricula.items() if r.country == "GB")
    assert sorted(gb) == expected and len(gb) < len(everything)
    assert browser_page.locator(".stepkb-filters__count").text_content().startswith(f"{len(gb)} ")
    browser_page.select_option("select[name=level]", "foundation")
    assert sorted(rows(browser_page)) == sorted(s for s in expected if collection().curricula[s].data["level"] == "foundation")
    browser_page.select_option("select[name=country]", "")
    browser_page.select_option("select[name=level]", "")
    browser_page.select_option("select[name=language]", "sv")
    assert sorted(rows(browser_page)) == sorted(s for s, r in collection().curricula.items() if "sv" in r.data["languages"])


def test_sort_by_a_number_puts_unknown_last(browser_page, served):
    browser_page.goto(served + "/compare/")
    header = browser_page.locator("table.stepkb-compare thead th", has_text="ECTS").locator("button")
    header.click()
    values = browser_page.eval_on_selector_all("table.stepkb-compare tbody tr", "rows => rows.map(r => r.querySelector('td[data-value]') && r.cells[Array.from(r.closest('table').tHead.rows[0].cells).findIndex(c => c.textContent.includes('ECTS'))].dataset.value)")
    known = [float(v) for v in values if v]
    assert known == sorted(known) and len(known) >= 5
    assert all(v == "" for v in values[len(known):])  # the unknown ones come after every known one
    assert browser_page.locator("table.stepkb-compare thead th[aria-sort=ascending]").count() == 1
    header.click()
    values = browser_page.eval_on_selector_all("table.stepkb-compare tbody tr", "rows => rows.map(r => r.cells[Array.from(r.closest('table').tHead.rows[0].cells).findIndex(c => c.textContent.includes('ECTS'))].dataset.value)")
    known_desc = [float(v) for v in values if v]
    assert known_desc == sorted(known_desc, reverse=True)


def test_side_by_side_of_selected_programmes(browser_page, served):
    browser_page.goto(served + "/de/compare/#compare=sysoma,systemische-beratung")
    result = browser_page.locator(".stepkb-side-by-side__result table")
    result.wait_for()
    headers = result.locator("thead th").all_text_contents()
    assert len(headers) == 2 and any("sysoma" in h for h in headers)


def test_downloads_hold_every_record_and_match_the_pages(site, page):
    c = collection()
    data = json.loads((site / "data/stepkb.json").read_text(encoding="utf-8"))
    assert data["format"] == "stepkb-dataset/1"
    assert sorted(p["slug"] for p in data["programmes"]) == sorted(c.curricula)
    assert sorted(i["slug"] for i in data["institutions"]) == sorted(c.institutions)
    assert sorted(x["code"] for x in data["countries"]) == sorted(c.countries)
    programmes = list(csv.DictReader(io.StringIO((site / "data/programmes.csv").read_text(encoding="utf-8"))))
    assert sorted(r["slug"] for r in programmes) == sorted(c.curricula)
    sysoma = next(r for r in programmes if r["slug"] == "sysoma")
    assert sysoma["ects"] == "120" and sysoma["hours_total"] == "3000" and sysoma["hours_personal_development"] == ""
    # The page shows what the download holds.
    row = page("/compare/").select_one("tr#programme-sysoma")
    ects_col = [th.get_text(" ", strip=True) for th in page("/compare/").select("table.stepkb-compare thead th")].index("ECTS credits")
    assert row.find_all(["th", "td"])[ects_col]["data-value"] == "120"
    institutions = list(csv.DictReader(io.StringIO((site / "data/institutions.csv").read_text(encoding="utf-8"))))
    assert len(institutions) == len(c.institutions)
    links = [a["href"] for a in page("/compare/").select(".stepkb-downloads a")]
    assert links == ["../data/stepkb.json", "../data/programmes.csv", "../data/institutions.csv", "../data/countries.csv"]
    assert [a["href"] for a in page("/de/compare/").select(".stepkb-downloads a")][0] == "../../data/stepkb.json"


def test_field_reference_lists_every_schema_field(page):
    from stepkb.schemas import field_reference

    doc = page("/it/contribute/fields/")
    listed = {code.get_text() for code in doc.select("article table th[scope=row] code")}
    for kind in ("institution", "curriculum", "country"):
        for row in field_reference(kind):
            assert row["name"] in listed, (kind, row["name"])
