"""The records as open data: one JSON file and three CSV files with a stable, documented format.

Format "stepkb-dataset/1" (see the README's "Open data" section). Field names follow the record
schemas; every list is sorted by slug or code so that two builds of the same records give the same bytes.
"""
from __future__ import annotations

import csv
import io
import json

from .records import Collection, Record
from .schemas import translatable

FORMAT = "stepkb-dataset/1"
LEVELS = ("foundation", "intermediate", "qualifying", "specialist", "continuing")
HOURS = ("taught", "supervised_practice", "supervision", "self_study", "personal_development", "other", "total")

PROGRAMME_COLUMNS = (
    ["slug", "title", "title_language", "english_title", "provider", "partners", "country", "level", "local_level", "award", "mode",
     "duration_months"] + [f"hours_{h}" for h in HOURS] + ["ects", "eqf_level", "accreditation", "languages", "practice_levels",
     "offered_from", "offered_until", "website", "summary", "sources"]
)
INSTITUTION_COLUMNS = ["slug", "name", "name_language", "english_name", "short_name", "kind", "country", "region", "city", "website",
                       "email", "founded", "step_role", "summary", "sources"]
COUNTRY_COLUMNS = ["code", "title_protection", "training_in_law", "bodies", "summary", "sources"]


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
            {**_entry(r, "slug", r.slug), "provider": r.institution, "country": r.country}
            for _, r in sorted(collection.curricula.items())
        ],
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


def programmes_csv(collection: Collection) -> str:
    rows = []
    for _, r in sorted(collection.curricula.items()):
        row = {**r.data, "slug": r.slug, "provider": r.institution, "country": r.country}
        for h in HOURS:
            row[f"hours_{h}"] = (r.data.get("hours") or {}).get(h)
        rows.append(row)
    return _csv(PROGRAMME_COLUMNS, rows)


def institutions_csv(collection: Collection) -> str:
    rows = [{**r.data, "slug": r.slug, "step_role": (r.data.get("step_partner") or {}).get("role")} for _, r in sorted(collection.institutions.items())]
    return _csv(INSTITUTION_COLUMNS, rows)


def countries_csv(collection: Collection) -> str:
    rows = [{**r.data, "code": r.country} for _, r in sorted(collection.countries.items())]
    return _csv(COUNTRY_COLUMNS, rows)


def files(collection: Collection) -> dict[str, str]:
    """Download file name -> content."""
    return {
        "stepkb.json": as_json(collection),
        "programmes.csv": programmes_csv(collection),
        "institutions.csv": institutions_csv(collection),
        "countries.csv": countries_csv(collection),
    }
