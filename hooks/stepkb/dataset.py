"""The records as open data: one JSON file and three CSV files with a stable, documented format.

Format "stepkb-dataset/2" (see the README's "Open data" section). Field names follow the record
schemas; every list is sorted by slug or code so that two builds of the same records give the same bytes.
"""
from __future__ import annotations

import csv
import io
import json

from . import comparison
from .comparison import HOURS
from .records import Collection, Record
from .schemas import translatable

FORMAT = "stepkb-dataset/2"

PROGRAMME_COLUMNS = (
    ["slug", "title", "title_language", "english_title", "provider", "partners", "country", "outcome", "academic_level", "eqf_level",
     "local_level", "award", "leads_to", "title_granted_by", "accredited_by", "social_workers", "professions", "entry_degree",
     "entry_experience_years", "mode", "format", "cities", "duration_months"] + [f"hours_{h}" for h in HOURS]
    + ["hours_unit_minutes", "minimum", "ects", "cost_amount", "cost_amount_max", "cost_currency", "cost_per", "cost_year", "languages",
       "practice_levels", "status", "offered_from", "offered_until", "next_intake", "benchmarks", "core_known", "core_total", "website",
       "summary", "sources"]
)
INSTITUTION_COLUMNS = ["slug", "name", "name_language", "english_name", "short_name", "kind", "country", "region", "city", "website",
                       "email", "founded", "efta_tic", "step_role", "summary", "sources"]
COUNTRY_COLUMNS = ["code", "title_protection", "title_protection_law", "title_protection_year", "family_therapy_regulation",
                   "training_in_law", "training_accreditors", "social_work_degree", "social_work_regulation", "social_work_regulator",
                   "family_therapy_association", "bodies", "summary", "sources"]
BENCHMARK_COLUMNS = (["slug", "name", "english_name", "short_name", "body", "country", "outcome", "edition", "duration_months"]
                     + [f"hours_{h}" for h in HOURS] + ["hours_unit_minutes", "minimum", "ects", "website", "summary", "sources"])


def _entry(record: Record, key: str, value: str) -> dict:
    out = {key: value, **{k: v for k, v in record.data.items()}}
    kinds = translatable(record.kind)
    out["translations"] = {
        lang: {k: v for k, v in tr.data.items() if k in kinds} for lang, tr in sorted(record.translations.items())
    }
    out["source_file"] = record.path
    return out


def as_dict(collection: Collection) -> dict:
    return {
        "format": FORMAT,
        "countries": [_entry(r, "code", r.country) for _, r in sorted(collection.countries.items())],
        "institutions": [_entry(r, "slug", r.slug) for _, r in sorted(collection.institutions.items())],
        "programmes": [
            {**_entry(r, "slug", r.slug), "provider": r.institution, "country": r.country, **_computed(r, collection)}
            for _, r in sorted(collection.curricula.items())
        ],
        "benchmarks": [_entry(r, "slug", r.slug) for _, r in sorted(collection.benchmarks.items())],
        "places": collection.places.data if collection.places is not None else {},
    }


def _computed(record: Record, collection: Collection) -> dict:
    """What the site derives from a programme's fields: its status, its known core cells, its benchmarks."""
    cells = comparison.core_cells(record)
    return {
        "computed": {
            "status": comparison.status(record),
            "core_known": [name for name, known in cells.items() if known],
            "core_unknown": [name for name, known in cells.items() if not known],
            "benchmarks": [b.slug for b in comparison.benchmarks_for(record, collection)],
        }
    }


def as_json(collection: Collection) -> str:
    return json.dumps(as_dict(collection), ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_cell(v) if not isinstance(v, dict) else (v.get("url") or v.get("name") or v.get("title") or "") for v in value)
    return str(value)


# A cell starting with one of these is read as a formula by spreadsheets (OWASP's list: a tab or a
# carriage return before the sign is skipped by some of them, so those start a formula too; a line
# feed is what a carriage return becomes below).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _inert(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading ' is not displayed, and stops a formula. Line breaks
    become line feeds: the writer quotes a cell holding one, but not a lone carriage return, which
    readers take for the end of the row."""
    if cell.startswith(FORMULA_STARTS):
        cell = "'" + cell
    return cell.replace("\r\n", "\n").replace("\r", "\n")


def _csv(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_inert(_cell(row.get(col))) for col in columns])
    return buffer.getvalue()


def _hours(row: dict, data: dict) -> dict:
    for h in HOURS:
        row[f"hours_{h}"] = (data.get("hours") or {}).get(h)
    return row


def programmes_csv(collection: Collection) -> str:
    rows = []
    for _, r in sorted(collection.curricula.items()):
        cost = r.data.get("cost") or {}
        done = comparison.completeness(r)
        row = {**r.data, "slug": r.slug, "provider": r.institution, "country": r.country, "status": comparison.status(r),
               "benchmarks": [b.slug for b in comparison.benchmarks_for(r, collection)], "core_known": done.known, "core_total": done.total,
               **{f"cost_{k}": v for k, v in cost.items()}}
        rows.append(_hours(row, r.data))
    return _csv(PROGRAMME_COLUMNS, rows)


def institutions_csv(collection: Collection) -> str:
    rows = [{**r.data, "slug": r.slug, "step_role": (r.data.get("step_partner") or {}).get("role")} for _, r in sorted(collection.institutions.items())]
    return _csv(INSTITUTION_COLUMNS, rows)


def countries_csv(collection: Collection) -> str:
    rows = [{**r.data, "code": r.country, "bodies": [b.get("abbreviation") for b in r.data.get("bodies") or []]} for _, r in sorted(collection.countries.items())]
    return _csv(COUNTRY_COLUMNS, rows)


def benchmarks_csv(collection: Collection) -> str:
    return _csv(BENCHMARK_COLUMNS, [_hours({**r.data, "slug": r.slug}, r.data) for _, r in sorted(collection.benchmarks.items())])


def files(collection: Collection) -> dict[str, str]:
    """Download file name -> content."""
    return {
        "stepkb.json": as_json(collection),
        "programmes.csv": programmes_csv(collection),
        "institutions.csv": institutions_csv(collection),
        "countries.csv": countries_csv(collection),
        "benchmarks.csv": benchmarks_csv(collection),
    }
