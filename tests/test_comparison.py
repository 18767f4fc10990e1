"""The comparison a professional chooses a course from: classification, benchmarks, completeness, status,
as the pages and the downloads show them."""
from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import LANGUAGES
from stepkb import comparison
from stepkb.records import Record


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"/{lang}"


def compare_rows(page, lang="en") -> dict[str, dict]:
    rows = page(f"{prefix(lang)}/compare/").select("table.stepkb-compare tbody tr[data-slug]")
    return {row["data-slug"]: row for row in rows}


# Psychotherapist routes in five countries, by their sources (UK: AFT qualifying, UKCP registration).
PSYCHOTHERAPIST = {
    "systemic-psychotherapy-m6": "GB",
    "psykoterapeutprogrammet-familje-och-systemorienterad-psykoterapi": "SE",
    "four-year-training-in-systemic-psychotherapy": "GR",
    "postgraduaat-systeemtheoretische-psychotherapie": "BE",
    "scuola-di-specializzazione-in-psicoterapia": "IT",
}
CONTINUING = ["foundation-year-in-systemic-practice", "foundation-course-in-family-therapy", "systemic-theory-and-practice-year-1"]


def test_psychotherapist_routes_share_one_outcome_across_countries(page):
    rows = compare_rows(page)
    psychotherapists = {slug for slug, row in rows.items() if row["data-outcome"] == "psychotherapist"}
    assert set(PSYCHOTHERAPIST) <= psychotherapists
    assert {rows[slug]["data-country"] for slug in PSYCHOTHERAPIST} == {"GB", "SE", "GR", "BE", "IT"}
    for slug in CONTINUING:  # AFT foundation courses are continuing training, not a title
        assert rows[slug]["data-outcome"] == "continuing", slug
    # A master's in systemic social work is a practitioner route at master's level, not a psychotherapist one.
    assert rows["sysoma"]["data-outcome"] == "practitioner" and rows["sysoma"]["data-academic_level"] == "master"


@pytest.mark.parametrize("lang,outcome,academic", [
    ("en", "Family or systemic psychotherapist (protected title or register)", "Postgraduate specialisation or professional degree"),
    ("de", None, None),
])
def test_programme_page_states_both_axes(page, lang, outcome, academic):
    facts = page(f"{prefix(lang)}/programmes/psykoterapeutprogrammet-familje-och-systemorienterad-psykoterapi/").select_one("caption#stepkb-facts").find_parent("table")
    cells = {th.get_text(" ", strip=True): th.find_next_sibling("td").get_text(" ", strip=True) for th in facts.select("th[scope=row]")}
    if outcome:
        assert cells["What it leads to"] == outcome
        assert cells["Academic level"].startswith(academic)
        assert "Socialstyrelsen" in cells["Title or registration"]
    assert len(cells) >= 15


def test_country_rows_never_show_one_programmes_figures(page):
    for lang in ("en", "de"):
        table = page(f"{prefix(lang)}/compare/").select_one("table.stepkb-countries")
        headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        assert not any("ECTS" in h or "hours" in h.lower() or "Stunden" in h for h in headers), headers
        germany = next(tr for tr in table.select("tbody tr") if tr.th.get_text(strip=True) in ("Germany", "Deutschland"))
        text = germany.get_text(" ", strip=True)
        assert "3,000" not in text and "3.000" not in text and "120" not in text


# The badge, then the last year offered, as sysoma's page says it under its heading (the trust line).
CLOSED_LINE = {
    "en": ("No longer offered", "Last offered in 2018."),
    "de": ("Nicht mehr angeboten", "Zuletzt angeboten 2018."),
    "fr": ("N'est plus proposé", "Proposé pour la dernière fois en 2018."),
    "it": ("Non più offerto", "Offerto l'ultima volta nel 2018."),
    "nl": ("Wordt niet meer aangeboden", "Voor het laatst aangeboden in 2018."),
    "da": ("Udbydes ikke længere", "Sidst udbudt i 2018."),
    "sv": ("Ges inte längre", "Gavs senast 2018."),
    "fi": ("Ei enää tarjolla", "Tarjottiin viimeksi vuonna 2018."),
    "es": ("Ya no se ofrece", "Se ofreció por última vez en 2018."),
    "pl": ("Już nieprowadzony", "Ostatnio prowadzony w 2018 r."),
    "el": ("Δεν προσφέρεται πλέον", "Προσφέρθηκε τελευταία φορά το 2018."),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_closed_programmes_carry_a_badge(page, lang):
    badge, until = CLOSED_LINE[lang]
    article = page(f"{prefix(lang)}/programmes/sysoma/").select_one("article")
    [closed] = article.select(".stepkb-badge--closed")
    assert closed.get_text(strip=True) == badge
    line = closed.parent
    assert "stepkb-trust__closed" in line["class"] and line.find_parent(class_="stepkb-trust")
    assert line.get_text(" ", strip=True) == f"{badge} {until}"
    # It comes right under the heading, before the summary a reader starts with.
    assert line.find_previous("h1") is not None and line.find_next(class_="stepkb-summary") is not None
    assert page(f"{prefix(lang)}/programmes/sysma/").select(".stepkb-badge--closed") == []  # running
    row = compare_rows(page, lang)["sysoma"]
    assert row["data-status"] == "closed" and row["data-offered"] == ""
    assert [b.get_text(strip=True) for b in row.select(".stepkb-badge--closed")] == [badge]
    assert compare_rows(page, lang)["sysma"].select(".stepkb-badge--closed") == []


def test_benchmark_comparison_on_a_programme_page(page):
    article = page("/programmes/four-year-training-in-systemic-psychotherapy/")
    lines = [p.get_text(" ", strip=True) for p in article.select(".stepkb-benchmark-line")]
    assert "1,472 hours; EFTA-TIC minimum 700 hours over 4 years." in lines
    assert "1,472 hours; EAP ECP minimum 1,400 hours over 4 years." in lines
    tables = {t.caption.get_text(" ", strip=True): t for t in article.select("table") if t.caption}
    efta = tables["Compared with EFTA-TIC"]
    assert [th.get_text(strip=True) for th in efta.select("thead th")] == ["Figure", "This programme", "EFTA-TIC", "Result"]
    figures = {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")] for tr in efta.select("tbody tr")}
    assert figures == {"Total hours": ["1,472 hours", "at least 700 hours", "Meets it"], "Duration": ["4 years", "4 years", "Meets it"]}
    eap = {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")] for tr in tables["Compared with EAP ECP"].select("tbody tr")}
    assert eap["Personal development hours"] == ["Not known", "at least 250 hours", "Not stated"]  # unknown never meets or misses


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_programme_page_shows_the_benchmark_section(page, site, lang):
    folder = site / (lang if lang != "en" else "") / "programmes"
    slugs = sorted(p.name for p in folder.iterdir() if p.is_dir())
    assert len(slugs) >= 40
    for slug in slugs:
        article = page(f"{prefix(lang)}/programmes/{slug}/")
        section = article.select(".stepkb-benchmark-line, .stepkb-benchmark-none")
        assert section, f"{lang} {slug}: no benchmark comparison"


def _programme(**data) -> Record:
    return Record("partners/xx/x/curricula/p.yml", {"title": "P", "languages": ["en"], **data}, {}, {}, kind="curriculum", slug="p", country="XX")


def test_core_cells_count_what_is_known():
    bare = _programme(outcome="continuing")
    assert comparison.completeness(bare) == comparison.Completeness(2, 10)  # outcome and language
    full = _programme(outcome="psychotherapist", academic_level="none", professions=["psychology"], duration_months=48, mode="part-time",
                      hours={"total": 1472, "live_supervision": 100}, title_granted_by=["UKCP"], status="running")
    assert comparison.completeness(full) == comparison.Completeness(10, 10)
    closed = _programme(outcome="practitioner", offered_until=2018)
    assert comparison.core_cells(closed)["status"] is True and comparison.status(closed) == "closed"
    assert comparison.completeness([bare, full]) == comparison.Completeness(12, 20)


def test_units_of_45_minutes_are_compared_as_clock_hours():
    units = _programme(outcome="practitioner", hours={"total": 900, "supervision": 150}, hours_unit_minutes=45)
    assert comparison.clock_hours(units.data, "total") == 675
    standard = Record("partners/benchmarks/b.yml", {"short_name": "B", "outcome": "practitioner", "hours": {"total": 700}, "minimum": ["hours"]}, {}, {}, kind="benchmark", slug="b")
    [measure] = comparison.measures(units, standard)
    assert (measure.figure, measure.programme, measure.benchmark, measure.verdict) == ("total_hours", 675, 700, "below")


def test_downloads_carry_the_new_fields(site):
    data = json.loads((site / "data/stepkb.json").read_text(encoding="utf-8"))
    assert data["format"] == "stepkb-dataset/2"
    sysoma = next(p for p in data["programmes"] if p["slug"] == "sysoma")
    assert sysoma["outcome"] == "practitioner" and sysoma["accredited_by"] == ["AHPGS"]
    assert sysoma["computed"]["status"] == "closed"
    assert {b["slug"] for b in data["benchmarks"]} >= {"efta-tic", "eap-ecp", "aft-qualifying"}
    rows = list(csv.DictReader(io.StringIO((site / "data/programmes.csv").read_text(encoding="utf-8"))))
    header = list(rows[0])
    assert header[:9] == ["slug", "title", "title_language", "english_title", "provider", "partners", "country", "outcome", "academic_level"]
    row = next(r for r in rows if r["slug"] == "sysoma")
    assert (row["outcome"], row["status"], row["hours_peer_learning"], row["accredited_by"]) == ("practitioner", "closed", "80", "AHPGS")
    bench = {r["slug"]: r for r in csv.DictReader(io.StringIO((site / "data/benchmarks.csv").read_text(encoding="utf-8")))}
    assert (bench["efta-tic"]["hours_total"], bench["efta-tic"]["minimum"], bench["efta-tic"]["outcome"]) == ("700", "hours", "psychotherapist")


@pytest.mark.parametrize("lang,years,hours", [
    ("en", "4 years", "1,472 hours"), ("de", "4 Jahre", "1.472 Stunden"), ("it", "4 anni", "1.472 ore"),
    ("nl", "4 jaar", "1.472 uur"), ("fi", "4 vuotta", "1\xa0472 tuntia"), ("el", "4 έτη", "1.472 ώρες"),
])
def test_durations_and_hours_read_as_words_in_every_language(lang, years, hours):
    from stepkb import names
    assert (names.duration(48, lang), names.hours(1472, lang)) == (years, hours)
    assert "duration" not in names.duration(18, lang) + names.duration(12, lang)


@pytest.mark.parametrize("lang,words", [
    ("pl", ["Rumunia", "Słowacja", "Słowenia", "Szwecja"]),
    ("pl", ["Litwa", "Luksemburg", "Łotwa", "Malta"]),  # ł after l, not folded into it
    ("sv", ["aktiv", "zon", "återkopplingsslinga", "ändring", "övning"]),
    ("da", ["Sverige", "Zypern", "Ærø", "Østrig", "Åland"]),
    ("de", ["Österreich", "Ostsee", "Zypern"]),
    ("es", ["nada", "nube", "ñandú", "oro"]),
    ("el", ["Αυστρία", "Γαλλία", "Ελλάδα", "Ιταλία"]),
])
def test_lists_sort_in_each_languages_alphabetical_order(lang, words):
    from stepkb.render import sort_key
    assert sorted(reversed(words), key=lambda w: sort_key(w, lang)) == words


def test_country_filter_follows_polish_order(page):
    options = [o.get_text() for o in page("/pl/compare/").select("select[name=country] option")[1:]]
    assert options.index("Słowacja") < options.index("Szwecja")


def test_supervision_counts_live_supervision_too():
    assert comparison.supervision_hours({"hours": {"supervision": 20, "live_supervision": 30}}) == 50
    assert comparison.supervision_hours({"hours": {"live_supervision": 40}, "hours_unit_minutes": 45}) == 30
    assert comparison.supervision_hours({"hours": {"taught": 100}}) is None
    only_live = _programme(hours={"live_supervision": 10})
    assert comparison.core_cells(only_live)["supervision_hours"] is True
    assert comparison.core_cells(_programme(professions=["psychology"]))["audience"] is True


def test_the_share_of_known_core_cells_is_the_readmes(records):
    done = comparison.completeness(list(records.curricula.values()))
    assert (done.known, done.total) == (641, 960)  # 96 programmes x 10 core cells
    assert f"{done.share:.0%}" == "67%"  # the figure the README gives and the build logs


def test_benchmarks_of_a_programme_and_each_verdict(records):
    qualifying = records.curricula["msc-systemic-psychotherapy-qualifying"]
    # Its country's benchmark first, then the European ones.
    assert [b.slug for b in comparison.benchmarks_for(qualifying, records)] == ["aft-qualifying", "eap-ecp", "efta-tic"]
    aft = comparison.measures(qualifying, records.benchmarks["aft-qualifying"])
    assert [(m.figure, m.programme, m.benchmark, m.verdict) for m in aft] == [
        ("supervision_hours", None, 300, "unknown"), ("duration", 24, 24, "meets")]  # as long as required: meets
    spanish = records.curricula["experto-intervencion-sistemica-y-master-terapia-familiar-sistemica"]
    assert [b.slug for b in comparison.benchmarks_for(spanish, records)] == ["featf-psicoterapeuta-familiar", "eap-ecp", "efta-tic"]
    sysoma = records.curricula["sysoma"]
    assert [b.slug for b in comparison.benchmarks_for(sysoma, records)] == [
        "dgsf-systemische-beratung", "dgsf-systemische-therapie-und-beratung", "dgsp-systemische-paedagogik", "sg-systemische-therapie"]
    dgsf = comparison.measures(sysoma, records.benchmarks["dgsf-systemische-beratung"])
    assert [(m.figure, m.verdict, m.benchmark_is_minimum) for m in dgsf] == [
        ("total_hours", "meets", True), ("supervision_hours", "below", True), ("personal_development_hours", "unknown", True),
        ("duration", "meets", False)]
    assert [m.benchmark for m in dgsf] == [412.5, 75, 75, 24]  # 550, 100 and 100 units of 45 minutes, in clock hours
