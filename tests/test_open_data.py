"""The downloads (format stepkb-dataset/2) made from the real records without a site build: columns and
their order, sorting, lists, translations, and the guard that keeps spreadsheets from running a cell."""
from __future__ import annotations

import copy
import csv
import io
import json

import pytest

from conftest import LANGUAGES
from stepkb import dataset
from test_compare import BENCHMARK_COLUMNS, COUNTRY_COLUMNS, INSTITUTION_COLUMNS, PROGRAMME_COLUMNS


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# A record's text as an editor (or an attacker) wrote it -> the CSV cell a spreadsheet must get.
FORMULAS = [
    ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
    ("-2+3", "'-2+3"),
    ("+49 30 1234", "'+49 30 1234"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\n=1+1"),  # the carriage return becomes a line feed (a lone CR would end the row)
    ("\n=1+1", "'\n=1+1"),
    ("Family = systemic", "Family = systemic"),  # a sign inside the text is no formula: left alone
    ("A - B", "A - B"),
    ("line one\r\nline two", "line one\nline two"),
]


@pytest.mark.parametrize("written,cell", FORMULAS, ids=[repr(w[:12]) for w, _ in FORMULAS])
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(records, written, cell):
    collection = copy.copy(records)
    collection.curricula = dict(records.curricula)
    sysoma = copy.copy(records.curricula["sysoma"])
    sysoma.data = {**sysoma.data, "title": written, "summary": written}
    collection.curricula["sysoma"] = sysoma
    row = next(r for r in rows_of(dataset.programmes_csv(collection)) if r["slug"] == "sysoma")
    assert (row["title"], row["summary"]) == (cell, cell)


def test_the_csv_file_holds_the_guarded_cells_as_written(records):
    collection = copy.copy(records)
    collection.institutions = dict(records.institutions)
    asys = copy.copy(records.institutions["asys"])
    asys.data = {**asys.data, "name": "=1+2", "short_name": "@cmd", "city": "-Wien", "region": "+Wien"}
    collection.institutions["asys"] = asys
    text = dataset.institutions_csv(collection)
    line = next(line for line in text.splitlines() if line.startswith("asys,"))
    assert line.startswith("asys,'=1+2,de,\"Working Group for Systemic Social Work, Counselling and Supervision\",'@cmd,association,AT,'+Wien,'-Wien,https://www.asys.ac.at/,")


def test_columns_keep_their_names_and_order(records):
    files = dataset.files(records)
    assert sorted(files) == ["benchmarks.csv", "countries.csv", "institutions.csv", "programmes.csv", "stepkb.json"]
    for name, columns in (("programmes.csv", PROGRAMME_COLUMNS), ("institutions.csv", INSTITUTION_COLUMNS),
                          ("countries.csv", COUNTRY_COLUMNS), ("benchmarks.csv", BENCHMARK_COLUMNS)):
        assert next(csv.reader(io.StringIO(files[name]))) == columns, name


def test_rows_are_sorted_by_code_or_slug_and_lists_joined(records):
    files = dataset.files(records)
    for name, key, first, last in (("programmes.csv", "slug", "calosciowy-kurs-psychoterapii", "zakonske-in-druzinske-studije"),
                                   ("institutions.csv", "slug", "asociatia-psi-quest", "wtts"), ("countries.csv", "code", "AT", "SK"),
                                   ("benchmarks.csv", "slug", "aft-foundation", "systemis")):
        keys = [r[key] for r in rows_of(files[name])]
        assert keys == sorted(keys) and (keys[0], keys[-1]) == (first, last), name
    sysoma = next(r for r in rows_of(files["programmes.csv"]) if r["slug"] == "sysoma")
    assert sysoma["languages"] == "de" and sysoma["status"] == "closed" and sysoma["offered_until"] == "2018"
    assert (sysoma["core_known"], sysoma["core_total"]) == ("10", "10")
    uk = next(r for r in rows_of(files["programmes.csv"]) if r["slug"] == "msc-systemic-psychotherapy-qualifying")
    assert "; " in uk["sources"] and uk["sources"].startswith("https://")
    germany = next(r for r in rows_of(files["countries.csv"]) if r["code"] == "DE")
    assert germany["bodies"] == "DGSF; SG; DGSSA; DBSH; G-BA"


def test_json_entries_carry_translations_source_file_and_what_the_site_derives(records):
    data = json.loads(dataset.files(records)["stepkb.json"])
    assert list(data) == ["format", "countries", "institutions", "programmes", "benchmarks", "places"]
    assert data["format"] == "stepkb-dataset/2"
    assert [c["code"] for c in data["countries"]] == sorted(c["code"] for c in data["countries"])
    sysoma = next(p for p in data["programmes"] if p["slug"] == "sysoma")
    assert sysoma["source_file"] == "partners/de/hochschule-merseburg/curricula/sysoma.yml"
    assert (sysoma["provider"], sysoma["country"]) == ("hochschule-merseburg", "DE")
    assert sorted(sysoma["translations"]) == sorted(set(LANGUAGES) - {"en"})
    assert set(sysoma["translations"]["de"]) <= {"summary", "description", "award", "leads_to", "entry_requirements"}
    assert sysoma["computed"]["status"] == "closed" and sysoma["computed"]["core_unknown"] == []
    assert data["places"]["Vienna"]["de"] == "Wien"
