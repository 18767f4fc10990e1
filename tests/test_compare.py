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


# --- the view in the address, columns, sticky names, cards ------------------------------------------

def query_of(page) -> dict:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(page.url).query)


def test_filters_sort_and_selection_live_in_the_address(browser_page, served):
    c = collection()
    gb = sorted(s for s, r in c.curricula.items() if r.country == "GB")
    browser_page.goto(served + "/compare/?country=GB&sort=-ects")
    assert sorted(rows(browser_page)) == gb
    assert browser_page.locator("select[name=country]").input_value() == "GB"
    header = browser_page.locator("table.stepkb-compare thead th[data-key=ects]")
    assert header.get_attribute("aria-sort") == "descending"
    # Changing a control writes the address, so that it can be shared.
    browser_page.select_option("select[name=level]", "foundation")
    assert query_of(browser_page) == {"country": ["GB"], "level": ["foundation"], "sort": ["-ects"]}
    browser_page.locator("table.stepkb-compare tbody tr:not([hidden]) input.stepkb-select").first.check()
    picked = rows(browser_page)[0]
    assert query_of(browser_page)["select"] == [picked]
    # Opening that address restores the same view.
    browser_page.goto(browser_page.url)
    assert sorted(rows(browser_page)) == sorted(s for s in gb if c.curricula[s].data["level"] == "foundation")
    assert browser_page.locator(f"tr[data-slug='{picked}'] input.stepkb-select").is_checked()


def test_a_programme_page_opens_the_comparison_with_it_selected(browser_page, served):
    browser_page.goto(served + "/de/programmes/sysoma/")
    browser_page.get_by_role("link", name="Mit anderen Ausbildungsgängen vergleichen").click()
    browser_page.wait_for_url("**/de/compare/?select=sysoma")
    assert browser_page.locator("tr[data-slug=sysoma] input.stepkb-select").is_checked()
    status = browser_page.locator(".stepkb-selection__status").text_content()
    assert status.startswith("Ausgewählt:") and "sysoma" in status
    # The side-by-side button sits with the selection, before the table, and needs a second programme.
    button = browser_page.locator(".stepkb-selection__compare")
    assert button.is_disabled()
    assert button.bounding_box()["y"] < browser_page.locator("table.stepkb-compare").bounding_box()["y"]
    browser_page.locator("tr[data-slug=systemische-beratung] input.stepkb-select").check()
    button.click()
    assert browser_page.locator(".stepkb-side-by-side__result thead th").count() == 2
    assert query_of(browser_page)["select"] == ["systemische-beratung,sysoma"] or query_of(browser_page)["select"] == ["sysoma,systemische-beratung"]


def test_checkbox_filters_and_hiding_empty_columns(browser_page, served):
    c = collection()
    browser_page.goto(served + "/compare/")
    browser_page.get_by_label("Only programmes whose hours are known").check()
    with_hours = sorted(s for s, r in c.curricula.items() if r.data.get("hours"))
    assert sorted(rows(browser_page)) == with_hours
    browser_page.get_by_label("Only programmes whose hours are known").uncheck()
    browser_page.get_by_label("Only programmes still offered").check()
    assert "sysoma" not in rows(browser_page)  # offered until 2018
    assert query_of(browser_page)["offered"] == ["current"]
    browser_page.get_by_label("Only programmes still offered").uncheck()
    # Finland's programmes give no hours: with empty columns hidden, the hour columns go, names stay.
    browser_page.select_option("select[name=country]", "FI")
    browser_page.get_by_label("Hide columns with no known value in this selection").check()
    visible = browser_page.eval_on_selector_all("table.stepkb-compare thead th", "ths => ths.filter(t => t.offsetParent !== null).map(t => t.dataset.key)")
    assert "name" in visible and "country" in visible and "hours-total" not in visible
    assert all(not c.curricula[s].data.get("hours") for s in rows(browser_page))
    assert query_of(browser_page)["empty"] == ["hide"]


def test_programme_names_stay_in_view_when_the_table_scrolls(browser, served):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(served + "/compare/?sort=-hours-total")
        region = page.locator(".stepkb-scroll--compare")
        left = region.bounding_box()["x"]
        region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        page.wait_for_timeout(100)
        assert region.evaluate("el => el.scrollLeft") > 100  # it did scroll
        name = page.locator("table.stepkb-compare tbody tr").first.locator("th[scope=row]")
        assert abs(name.bounding_box()["x"] - left) < 2
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        page.close()


def test_on_a_phone_each_programme_is_a_card(browser, served):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        page.goto(served + "/fr/compare/")
        first = page.locator("table.stepkb-compare tbody tr").first
        assert first.evaluate("tr => getComputedStyle(tr).display") == "block"
        assert page.locator("table.stepkb-compare thead").is_hidden()
        cells = first.locator("td")
        shown = cells.evaluate_all("tds => tds.filter(td => td.offsetParent !== null).map(td => [td.dataset.label, getComputedStyle(td, '::before').content])")
        assert shown and all(content == f'"{label}"' for label, content in shown)
        assert ["Pays", '"Pays"'] in shown  # the column's name in French beside its value
        # Unknown values are left out of cards; the name comes first.
        assert all(td_value != "" for td_value in cells.evaluate_all("tds => tds.filter(td => td.offsetParent !== null).map(td => td.dataset.value)"))
        assert first.locator("th[scope=row]").bounding_box()["y"] < first.locator("td").first.bounding_box()["y"]
        # Sorting is offered as a list where the header row is hidden.
        sort = page.get_by_label("Trier par")
        assert sort.is_visible()
        sort.select_option("-ects")
        assert query_of(page)["sort"] == ["-ects"]
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        page.close()
