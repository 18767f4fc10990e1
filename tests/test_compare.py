"""The comparison page: complete without JavaScript, sortable and filterable with it; downloads match."""
from __future__ import annotations

import csv
import io
import json

# The browser tests read the scripts from docs/assets/ (the same bytes as the build's), so that `make mutants`
# can test a mutant of stepkb-compare.js over a site built once (tests/jsrun.py).
from jsrun import built_site, served  # noqa: F401


# The programme rows; the benchmarks are reference rows in a tbody of their own, without data-slug.
def rows(page):
    return page.eval_on_selector_all("table.stepkb-compare tbody tr[data-slug]:not([hidden])", "rows => rows.map(r => r.dataset.slug)")


def benchmark_rows(page):
    """The reference rows as the reader sees them: their ids, in order, the hidden ones left out."""
    return page.eval_on_selector_all("table.stepkb-compare tbody.stepkb-reference tr.stepkb-reference__row",
                                     "rows => rows.filter(r => r.offsetParent !== null).map(r => r.id)")


# Facts of the real records (partners/), as their sources give them.
PROGRAMMES = 96
BENCHMARKS = ["benchmark-eap-ecp", "benchmark-efta-tic", "benchmark-dgsf-systemische-beratung", "benchmark-dgsf-systemische-therapie-und-beratung",
              "benchmark-dgsp-systemische-paedagogik", "benchmark-sg-systemische-therapie", "benchmark-nvrg-systeemtherapeut",
              "benchmark-featf-psicoterapeuta-familiar", "benchmark-systemis", "benchmark-aft-foundation", "benchmark-aft-intermediate",
              "benchmark-aft-qualifying"]  # Europe first, then by country name, as the English page lists them
UK = ["certificate-systemic-social-work-practice-intermediate", "family-therapy-grad-cert", "foundation-course-in-family-therapy",
      "foundation-year-in-systemic-practice", "frontline-programme", "intermediate-course-in-family-therapy-and-systemic-practice",
      "msc-systemic-family-and-couple-psychotherapy", "msc-systemic-family-therapy", "msc-systemic-practice-and-family-therapy",
      "msc-systemic-psychotherapy-qualifying", "pgcert-family-therapy-and-systemic-practice", "pgcert-systemic-practice",
      "pgcert-systemic-practice-and-family-therapy", "pgdip-cyp-systemic-family-practice", "pgdip-systemic-practice-and-family-therapy",
      "pgdip-systemic-theory-and-practice-intermediate", "systemic-psychotherapy-m6", "systemic-theory-and-practice-year-1"]
UK_PSYCHOTHERAPIST = ["msc-systemic-family-and-couple-psychotherapy", "msc-systemic-family-therapy", "msc-systemic-psychotherapy-qualifying",
                      "systemic-psychotherapy-m6"]
UK_CREDITS_NO_DEGREE = ["family-therapy-grad-cert", "pgcert-family-therapy-and-systemic-practice", "pgcert-systemic-practice",
                        "pgcert-systemic-practice-and-family-therapy", "pgdip-cyp-systemic-family-practice", "pgdip-systemic-practice-and-family-therapy",
                        "pgdip-systemic-theory-and-practice-intermediate"]
AIMED_AT_SOCIAL_WORKERS = ["certificate-systemic-social-work-practice-intermediate", "foundation-year-in-systemic-practice", "frontline-programme",
                           "grundlaggande-psykoterapiutbildning-familjeterapi-och-natverksarbete", "kinder-und-familienzentrierte-soziale-arbeit",
                           "oslomet-master-applied-social-sciences-family-therapy", "psychoterapeuticky-vycvik-kno-sa-le",
                           "sozialpaedagogische-familienbegleitung", "stockholm-basic-psychotherapy-training-social-workers", "sysma", "sysoma",
                           "systemic-theory-and-practice-year-1", "systemisches-aufbaudiplom", "weiterbildung-systemische-sozialarbeit"]
OPEN_TO_SOCIAL_WORKERS = 39  # besides the 14 aimed at them
IN_SWEDISH = ["grundlaggande-psykoterapiutbildning-familjeterapi-och-natverksarbete", "psykoterapeutprogrammet-familje-och-systemorienterad-psykoterapi",
              "psykoterapeutprogrammet-familjeterapi", "stockholm-basic-psychotherapy-training-social-workers"]
ACCREDITED_BY_AHPGS = ["master-supervision", "sysoma"]
TOTAL_HOURS_KNOWN = ["calosciowy-kurs-psychoterapii", "certyfikat-psychoterapeuty-systemowego", "corso-di-sensibilizzazione-all-ottica-sistemico-relazionale",
                     "corso-di-specializzazione-in-psicoterapia-familiare-e-sistemico-relazionale",
                     "curso-de-intervencao-sistemica-familiar-e-pratica-supervisionada", "fachspezifikum-systemische-familientherapie",
                     "family-therapy-grad-cert", "formation-a-la-therapie-familiale", "formation-longue-therapie-familiale",
                     "foundation-course-in-family-therapy", "four-year-training-in-systemic-psychotherapy",
                     "four-year-training-program-in-systemic-psychotherapy", "kiira-jarve-family-psychotherapist-stage-2",
                     "kiira-jarve-family-psychotherapist-stage-3", "kiira-jarve-family-psychotherapy-stage-1",
                     "master-ehe-familien-und-lebensberatung-muenster", "postgraduaat-systeemtheoretische-psychotherapie",
                     "scuola-di-specializzazione-in-psicoterapia", "sif-psychotherapist-training-systemic-family-therapy",
                     "stockholm-basic-psychotherapy-training-social-workers", "sysoma", "toftemosegaard-systemic-child-family-consultant",
                     "transformacna-systemicka-terapia-podla-satirovej", "ulg-systemische-psychotherapie-familientherapie"]
# Offered until 2016 and until 2018; Merseburg's continuing course ended with sysoma, in a year its page
# does not give.
CLOSED = ["perheterapian-psykoterapeuttikoulutus", "sysoma", "weiterbildung-systemische-sozialarbeit"]
FINLAND = ["oulu-family-couple-psychotherapist-training", "perheterapian-psykoterapeuttikoulutus"]
# Every column of the table, by its data-key; the numeric ones sort as numbers.
NUMERIC_COLUMNS = ["outcome", "academic_level", "duration", "hours-taught", "hours-supervision", "hours-live_supervision", "hours-practice",
                   "hours-personal_development", "hours-total", "ects", "completeness"]


def test_table_is_complete_without_javascript(browser, served, records):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(served + "/de/compare/")
        slugs = rows(page)
        assert len(slugs) == PROGRAMMES and sorted(slugs) == sorted(records.curricula)
        assert sorted(benchmark_rows(page)) == sorted(BENCHMARKS)
        assert not page.locator("form.stepkb-filters").is_visible()  # the filters need the script
        assert page.locator("table.stepkb-compare caption").is_visible()
    finally:
        context.close()


def test_each_filter_narrows_the_programmes_and_leaves_the_benchmarks(browser_page, served):
    page = browser_page
    page.goto(served + "/fr/compare/")
    assert page.locator("form.stepkb-filters").is_visible()
    assert len(rows(page)) == PROGRAMMES
    benchmarks = benchmark_rows(page)  # in French order of their countries' names
    assert sorted(benchmarks) == sorted(BENCHMARKS)
    page.select_option("select[name=country]", "GB")
    assert sorted(rows(page)) == UK
    assert page.locator(".stepkb-filters__count").text_content().startswith(f"{len(UK)} ")
    page.select_option("select[name=outcome]", "psychotherapist")
    assert sorted(rows(page)) == UK_PSYCHOTHERAPIST
    page.select_option("select[name=outcome]", "")
    page.select_option("select[name=academic_level]", "certificate")
    assert sorted(rows(page)) == UK_CREDITS_NO_DEGREE
    assert benchmark_rows(page) == benchmarks  # reference rows are never filtered
    page.select_option("select[name=country]", "")
    page.select_option("select[name=academic_level]", "")
    page.select_option("select[name=social_workers]", "aimed")
    assert sorted(rows(page)) == AIMED_AT_SOCIAL_WORKERS
    page.select_option("select[name=social_workers]", "aimed-or-open")
    shown = rows(page)
    assert len(shown) == len(AIMED_AT_SOCIAL_WORKERS) + OPEN_TO_SOCIAL_WORKERS and set(AIMED_AT_SOCIAL_WORKERS) < set(shown)
    assert "scuola-di-specializzazione-in-psicoterapia" not in shown  # not open to social workers
    page.select_option("select[name=social_workers]", "")
    page.select_option("select[name=language]", "sv")
    assert sorted(rows(page)) == IN_SWEDISH
    page.select_option("select[name=language]", "")
    page.select_option("select[name=recognition]", "AHPGS")
    assert sorted(rows(page)) == ACCREDITED_BY_AHPGS
    page.select_option("select[name=recognition]", "")
    assert len(rows(page)) == PROGRAMMES
    assert benchmark_rows(page) == benchmarks


def column_values(page, key):
    """The sort values (data-value) of one column, programme rows in the order shown."""
    return page.eval_on_selector_all(
        "table.stepkb-compare tbody tr[data-slug]",
        "(rows, key) => { const i = Array.from(document.querySelectorAll('table.stepkb-compare thead th')).findIndex(th => th.dataset.key === key);"
        " return rows.map(r => r.cells[i].dataset.value); }", key)


def test_sort_by_each_number_column_puts_unknown_last(browser_page, served):
    page = browser_page
    page.goto(served + "/compare/")
    numeric = page.eval_on_selector_all("table.stepkb-compare thead th[data-sort=number]", "ths => ths.map(th => th.dataset.key)")
    assert numeric == NUMERIC_COLUMNS
    for key in NUMERIC_COLUMNS:
        header = page.locator(f"table.stepkb-compare thead th[data-key={key}] button")
        for direction in ("ascending", "descending"):
            header.click()
            values = column_values(page, key)
            known = [float(v) for v in values if v]
            assert known, key
            assert known == sorted(known, reverse=direction == "descending"), (key, direction)
            assert values[len(known):] == [""] * (len(values) - len(known)), (key, direction)  # unknown after every known
            assert page.locator(f"table.stepkb-compare thead th[data-key={key}]").get_attribute("aria-sort") == direction
            assert page.locator("table.stepkb-compare thead th[aria-sort]").count() == 1
            assert benchmark_rows(page) == BENCHMARKS  # reference rows keep their order
    # A few values as the records give them: the largest ECTS figure first, descending.
    page.locator("table.stepkb-compare thead th[data-key=ects] button").click()
    page.locator("table.stepkb-compare thead th[data-key=ects] button").click()
    assert column_values(page, "ects")[:2] == ["120", "120"]
    assert query_of(page) == {"sort": ["-ects"]}


def test_hours_from_the_address_sort_as_numbers(browser_page, served):
    """?sort=hours-total: 40 hours before 100 and 3,000 (as text, "100" would come first and "40" after "3000")."""
    browser_page.goto(served + "/de/compare/?sort=hours-total")
    values = column_values(browser_page, "hours-total")
    known = [float(v) for v in values if v]
    assert len(known) == len(TOTAL_HOURS_KNOWN) and known == sorted(known)
    assert values[len(known):] == [""] * (len(values) - len(known))
    assert known[:3] == [40, 100, 146] and known[-2:] == [3000, 3000]  # the records' figures, in clock hours
    assert column_values(browser_page, "ects")[len(known) - 2:len(known)] == ["120", "120"]  # the two of 3,000 hours
    browser_page.goto(served + "/de/compare/?sort=-duration")
    durations = [float(v) for v in column_values(browser_page, "duration") if v]
    assert durations == sorted(durations, reverse=True) and (durations[0], durations[-1]) == (60, 8)


def test_side_by_side_of_selected_programmes(browser_page, served):
    browser_page.goto(served + "/de/compare/#compare=sysoma,sysma")  # the older address form is still read
    result = browser_page.locator(".stepkb-side-by-side__result table")
    result.wait_for()
    headers = result.locator("thead th").all_text_contents()
    assert len(headers) == 2 and "(sysoma)" in headers[0] and "(SysMA)" in headers[1]
    # The values compared, row by row, as the two records give them (an unknown value reads "Nicht bekannt").
    shown = browser_page.eval_on_selector_all(
        ".stepkb-side-by-side__result tbody tr", "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText.trim().replace(/\\s+/g, ' ')))")
    rows_by_name = {cells[0]: cells[1:] for cells in shown}
    assert rows_by_name["Dauer (Monate)"] == ["30", "36"]
    assert rows_by_name["Lehrveranstaltungen (Stunden)"][0] == "910" and rows_by_name["Gesamt (Stunden)"][0] == "3.000"
    assert rows_by_name["ECTS-Punkte"][0] == "120" and rows_by_name["Akkreditierung oder Registrierung"][0] == "AHPGS"
    assert rows_by_name["Status"] == ["Eingestellt", "Wird angeboten"]
    assert rows_by_name["Studienform"] == ["Teilzeit, in Präsenz", "Teilzeit"]
    assert rows_by_name["Bekannte Daten"] == ["10 von 10", "7 von 10"]
    assert "bekannt" in rows_by_name["Gesamt (Stunden)"][1]  # SysMA states no hours


def test_downloads_hold_every_record_and_match_the_pages(site, page, records):
    c = records
    data = json.loads((site / "data/stepkb.json").read_text(encoding="utf-8"))
    assert data["format"] == "stepkb-dataset/2"
    assert sorted(p["slug"] for p in data["programmes"]) == sorted(c.curricula) and len(data["programmes"]) == PROGRAMMES
    assert sorted(i["slug"] for i in data["institutions"]) == sorted(c.institutions)
    assert sorted(x["code"] for x in data["countries"]) == sorted(c.countries)
    assert sorted("benchmark-" + b["slug"] for b in data["benchmarks"]) == sorted(BENCHMARKS)

    def table(name):
        text = (site / "data" / name).read_text(encoding="utf-8")
        return next(csv.reader(io.StringIO(text))), list(csv.DictReader(io.StringIO(text)))

    header, programmes = table("programmes.csv")
    assert header == PROGRAMME_COLUMNS
    assert sorted(r["slug"] for r in programmes) == sorted(c.curricula)
    sysoma = next(r for r in programmes if r["slug"] == "sysoma")
    assert sysoma["ects"] == "120" and sysoma["hours_total"] == "3000" and sysoma["hours_personal_development"] == ""
    assert (sysoma["status"], sysoma["offered_until"], sysoma["cities"]) == ("closed", "2018", "Merseburg")
    # The page shows what the download holds.
    row = page("/compare/").select_one("tr#programme-sysoma")
    ects_col = [th.get_text(" ", strip=True) for th in page("/compare/").select("table.stepkb-compare thead th")].index("ECTS credits")
    assert row.find_all(["th", "td"])[ects_col]["data-value"] == "120"
    header, institutions = table("institutions.csv")
    assert header == INSTITUTION_COLUMNS and len(institutions) == len(c.institutions)
    header, countries = table("countries.csv")
    assert header == COUNTRY_COLUMNS and len(countries) == len(c.countries)
    header, benchmarks = table("benchmarks.csv")
    assert header == BENCHMARK_COLUMNS and sorted("benchmark-" + b["slug"] for b in benchmarks) == sorted(BENCHMARKS)
    efta = next(b for b in benchmarks if b["slug"] == "efta-tic")
    assert (efta["outcome"], efta["duration_months"], efta["hours_total"], efta["minimum"]) == ("psychotherapist", "48", "700", "hours")
    links = [a["href"] for a in page("/compare/").select(".stepkb-downloads a")]
    assert links == ["../data/stepkb.json", "../data/programmes.csv", "../data/institutions.csv", "../data/countries.csv", "../data/benchmarks.csv"]
    assert [a["href"] for a in page("/de/compare/").select(".stepkb-downloads a")][0] == "../../data/stepkb.json"


# The downloads' columns, in order (format stepkb-dataset/2, documented in the README).
HOURS_COLUMNS = ["hours_taught", "hours_supervision", "hours_live_supervision", "hours_practice", "hours_personal_development", "hours_peer_learning",
                 "hours_self_study", "hours_other", "hours_total"]
PROGRAMME_COLUMNS = (["slug", "title", "title_language", "english_title", "provider", "partners", "country", "outcome", "academic_level", "eqf_level",
                      "local_level", "award", "leads_to", "title_granted_by", "accredited_by", "social_workers", "professions", "entry_degree",
                      "entry_experience_years", "mode", "format", "cities", "duration_months"] + HOURS_COLUMNS
                     + ["hours_unit_minutes", "minimum", "ects", "cost_amount", "cost_amount_max", "cost_currency", "cost_per", "cost_year", "languages",
                        "practice_levels", "status", "offered_from", "offered_until", "next_intake", "benchmarks", "core_known", "core_total",
                        "website", "summary", "sources"])
INSTITUTION_COLUMNS = ["slug", "name", "name_language", "english_name", "short_name", "kind", "country", "region", "city", "website", "email",
                       "founded", "efta_tic", "step_role", "summary", "sources"]
COUNTRY_COLUMNS = ["code", "title_protection", "title_protection_law", "title_protection_year", "family_therapy_regulation", "training_in_law",
                   "training_accreditors", "social_work_degree", "social_work_regulation", "social_work_regulator", "family_therapy_association",
                   "bodies", "summary", "sources"]
BENCHMARK_COLUMNS = (["slug", "name", "english_name", "short_name", "body", "country", "outcome", "edition", "duration_months"] + HOURS_COLUMNS
                     + ["hours_unit_minutes", "minimum", "ects", "website", "summary", "sources"])


def test_field_reference_lists_every_schema_field(page):
    from stepkb.schemas import field_reference

    doc = page("/it/contribute/fields/")
    listed = {code.get_text() for code in doc.select("article table th[scope=row] code")}
    for kind in ("institution", "curriculum", "country"):
        for row in field_reference(kind):
            assert row["name"] in listed, (kind, row["name"])
    # Fields of the record model as facts, not from the schemas the page is made from: the two axes, the
    # split recognition, every hours component, cost, status, places, the country themes.
    assert {"outcome", "academic_level", "accredited_by", "title_granted_by", "leads_to", "social_workers", "professions",
            "hours.taught", "hours.supervision", "hours.live_supervision", "hours.practice", "hours.personal_development",
            "hours.peer_learning", "hours.self_study", "hours.other", "hours.total", "hours_unit_minutes", "minimum",
            "cost.amount", "cost.currency", "cost.year", "status", "offered_until", "cities", "benchmark", "city", "region",
            "title_protection", "family_therapy_regulation", "bodies[].abbreviation", "bodies[].roles"} <= listed
    assert "level" not in listed and "accreditation" not in listed and "hours.supervised_practice" not in listed


# --- the view in the address, columns, sticky names, cards ------------------------------------------

def query_of(page) -> dict:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(page.url).query)


def test_filters_sort_and_selection_live_in_the_address(browser_page, served):
    page = browser_page
    page.goto(served + "/compare/?country=GB&sort=-ects")
    assert sorted(rows(page)) == UK
    assert page.locator("select[name=country]").input_value() == "GB"
    assert page.locator("table.stepkb-compare thead th[data-key=ects]").get_attribute("aria-sort") == "descending"
    # Changing a control writes the address, so that it can be shared.
    page.select_option("select[name=outcome]", "psychotherapist")
    assert query_of(page) == {"country": ["GB"], "outcome": ["psychotherapist"], "sort": ["-ects"]}
    page.locator("table.stepkb-compare tbody tr:not([hidden]) input.stepkb-select").first.check()
    picked = rows(page)[0]
    assert query_of(page)["select"] == [picked]
    # Opening that address restores the same view.
    page.goto(page.url)
    assert sorted(rows(page)) == UK_PSYCHOTHERAPIST
    assert page.locator(f"tr[data-slug='{picked}'] input.stepkb-select").is_checked()
    # Every other control is read from the address too.
    page.goto(served + "/compare/?academic_level=master&social_workers=aimed&language=de&offered=current&empty=hide")
    assert sorted(rows(page)) == ["kinder-und-familienzentrierte-soziale-arbeit", "sysma"]  # sysoma closed in 2018
    assert [page.locator(f"select[name={name}]").input_value() for name in ("academic_level", "social_workers", "language")] == ["master", "aimed", "de"]
    assert page.locator("input[name=offered]").is_checked() and page.locator(".stepkb-filters__hide-empty").is_checked()
    assert not page.locator("input[name=known]").is_checked()
    page.goto(served + "/compare/?recognition=AHPGS&known=hours")
    assert rows(page) == ["sysoma"]
    assert page.locator("select[name=recognition]").input_value() == "AHPGS"


def test_a_programme_page_opens_the_comparison_with_it_selected(browser_page, served):
    browser_page.goto(served + "/de/programmes/sysoma/")
    browser_page.get_by_role("link", name="Mit anderen Ausbildungsgängen vergleichen").click()
    browser_page.wait_for_url("**/de/compare/?select=sysoma")
    assert browser_page.locator("tr[data-slug=sysoma] input.stepkb-select").is_checked()
    assert browser_page.locator("input.stepkb-select:checked").count() == 1
    status = browser_page.locator(".stepkb-selection__status").text_content()
    assert status.startswith("Ausgewählt:") and "sysoma" in status
    # The side-by-side button sits with the selection, before the table, and needs a second programme.
    button = browser_page.locator(".stepkb-selection__compare")
    assert button.is_disabled()
    assert button.bounding_box()["y"] < browser_page.locator("table.stepkb-compare").bounding_box()["y"]
    browser_page.locator("tr[data-slug=sysma] input.stepkb-select").check()
    button.click()
    assert browser_page.locator(".stepkb-side-by-side__result thead th").count() == 2
    assert query_of(browser_page)["select"] in (["sysma,sysoma"], ["sysoma,sysma"])


def visible_keys(page, selector):
    return page.eval_on_selector_all(selector, "cells => cells.filter(c => c.offsetParent !== null).map(c => c.dataset.key || c.dataset.label)")


def test_checkbox_filters_and_hiding_empty_columns(browser_page, served):
    page = browser_page
    page.goto(served + "/compare/")
    page.get_by_label("Only programmes whose hours are known").check()
    assert sorted(rows(page)) == TOTAL_HOURS_KNOWN
    page.get_by_label("Only programmes whose hours are known").uncheck()
    page.get_by_label("Only programmes still offered").check()
    shown = rows(page)
    assert len(shown) == PROGRAMMES - len(CLOSED) and not set(CLOSED) & set(shown)
    assert query_of(page)["offered"] == ["current"]
    page.get_by_label("Only programmes still offered").uncheck()
    # Finland's programmes state no hours, no mode, no cost: with empty columns hidden, those columns go,
    # in the header, in the programme rows and in the benchmark rows alike; the names stay.
    page.select_option("select[name=country]", "FI")
    assert sorted(rows(page)) == FINLAND
    page.get_by_label("Hide columns with no known value in this selection").check()
    kept = ["name", "country", "outcome", "academic_level", "duration", "ects", "recognition", "languages", "status", "completeness"]
    assert visible_keys(page, "table.stepkb-compare thead th") == kept
    assert query_of(page)["empty"] == ["hide"]
    shown_labels = "cells => cells.filter(c => c.offsetParent !== null).map(c => c.dataset.label)"
    for slug in FINLAND:
        assert len(page.eval_on_selector_all(f"tr[data-slug={slug}] > *", shown_labels)) == len(kept)
    programme_columns = page.eval_on_selector_all(f"tr[data-slug={FINLAND[0]}] > td", shown_labels)
    assert benchmark_rows(page) == BENCHMARKS  # the reference rows stay, with the same columns
    for row in BENCHMARKS:
        assert page.eval_on_selector_all(f"tr#{row} > td", shown_labels) == programme_columns, row
    assert "700" not in page.locator("tr#benchmark-efta-tic").inner_text()  # its total hours, hidden with the column
    heading = page.locator("table.stepkb-compare tbody.stepkb-reference th[scope=rowgroup]")
    assert heading.get_attribute("colspan") == str(len(kept))  # the group heading spans the columns shown
    # Showing them again brings every column back, the benchmarks' hours too.
    page.get_by_label("Hide columns with no known value in this selection").uncheck()
    assert len(visible_keys(page, "table.stepkb-compare thead th")) == 19
    assert "700" in page.locator("tr#benchmark-efta-tic").inner_text()
    assert heading.get_attribute("colspan") == "19"


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
