"""Schema and cross-record checks. Every problem in every file is reported, never just the first."""
from __future__ import annotations

import difflib
from pathlib import Path

from jsonschema.exceptions import ValidationError

from . import schemas
from .problems import Problem, field_path
from .records import Collection, Record, Source, Translation, load

_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false", "array": "a list", "object": "a group of fields", "null": "empty"}


def read_partners(partners_dir: Path, project_dir: Path, languages: list[str], default_language: str = "en") -> tuple[Collection, list[Problem]]:
    """Load and validate every record. The collection is usable only when the problem list is empty."""
    records, translations, problems = load(partners_dir, project_dir)
    for record in records:
        problems.extend(check_schema(record, record.kind))
    for tr in translations:
        problems.extend(check_translation(tr, languages, default_language))
    collection, cross = check_collection(records, project_dir)
    problems.extend(cross)
    for table in (collection.glossary, collection.places):
        if table is not None:
            problems.extend(check_glossary_languages(table, languages))
    return collection, sorted(set(problems))


def _describe(value) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true or false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return "empty"


def _expected(error: ValidationError) -> str:
    spec = error.schema if isinstance(error.schema, dict) else {}
    if "x-expected" in spec:
        return spec["x-expected"]
    wanted = spec.get("type")
    if isinstance(wanted, list):
        return " or ".join(_TYPE_NAMES.get(t, t) for t in wanted)
    if wanted:
        return _TYPE_NAMES.get(wanted, wanted)
    return "a valid value"


def _first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".")


def _problems_for(error: ValidationError, source: Source, kind: str, is_translation: bool) -> list[Problem]:
    parts = tuple(error.absolute_path)
    instance = error.instance
    v = error.validator
    out: list[Problem] = []

    def at(p: tuple, message: str, key: bool = False) -> Problem:
        line, col = source.where(p, key=key)
        return Problem(source.path, line, col, field_path(p), message)

    if v == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {}))
        for key in sorted(set(instance) - set(allowed)):
            if is_translation and key in schemas.field_names(kind):
                msg = f"is not translatable (it is the same in every language); a translation may set only: {', '.join(allowed)}"
            else:
                close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'? " if close else ""
                msg = f"is not a field of {'a translation' if is_translation else 'this record'}; {hint}expected one of: {', '.join(allowed)}"
            out.append(at(parts + (key,), msg, key=True))
        return out
    if v == "required" and isinstance(instance, dict):
        for name in error.validator_value:
            if name not in instance:
                desc = error.schema.get("properties", {}).get(name, {}).get("description", "")
                hint = f" ({_first_sentence(desc)[:1].lower()}{_first_sentence(desc)[1:]})" if desc else ""
                out.append(at(parts, f"is missing '{name}'; expected a '{name}:' line{hint}") if parts else Problem(source.path, 1, 1, name, f"is missing; expected a '{name}:' line{hint}"))
        return out
    if v == "type":
        return [at(parts, f"is {_describe(instance)}; expected {_expected(error)}")]
    if v in ("enum", "pattern", "format"):
        if isinstance(instance, str):
            return [at(parts, f"'{instance}' is not valid here; expected {_expected(error)}")]
        return [at(parts, f"is {_describe(instance)}; expected {_expected(error)}")]
    if v in ("minimum", "exclusiveMinimum"):
        return [at(parts, f"is {instance}; expected a number {'above' if v == 'exclusiveMinimum' else 'of at least'} {error.validator_value}")]
    if v in ("maximum", "exclusiveMaximum"):
        return [at(parts, f"is {instance}; expected a number {'below' if v == 'exclusiveMaximum' else 'of at most'} {error.validator_value}")]
    if v == "minLength":
        return [at(parts, "is empty; expected text, or leave the field out")]
    if v == "maxLength":
        return [at(parts, f"is {len(instance)} characters long; expected at most {error.validator_value}")]
    if v == "minItems":
        return [at(parts, f"has {len(instance)} items; expected at least {error.validator_value}")]
    if v == "uniqueItems":
        return [at(parts, "lists the same item twice; expected each item once")]
    return [at(parts, f"{error.message}; expected {_expected(error)}")]


def check_schema(source: Source, kind: str, is_translation: bool = False) -> list[Problem]:
    validator = schemas.translation_validator(kind) if is_translation else schemas.validator(kind)
    problems: list[Problem] = []
    for error in validator.iter_errors(source.data):
        problems.extend(_problems_for(error, source, kind, is_translation))
    return problems


def check_translation(tr: Translation, languages: list[str], default_language: str) -> list[Problem]:
    if tr.lang == default_language:
        return [Problem(tr.path, 0, 0, "", f"is a translation into '{tr.lang}', the language records are written in; put that text in the record itself")]
    if tr.lang not in languages:
        others = ", ".join(l for l in languages if l != default_language)
        return [Problem(tr.path, 0, 0, "", f"is a translation into '{tr.lang}', which is not a site language; expected one of: {others}")]
    return check_schema(tr, tr.kind, is_translation=True)


def check_glossary_languages(glossary: Record, languages: list[str]) -> list[Problem]:
    problems = []
    for slug, entry in glossary.data.items():
        if not isinstance(entry, dict):
            continue
        for lang in entry:
            if isinstance(lang, str) and lang not in languages:
                line, col = glossary.where((slug, lang), key=True)
                problems.append(Problem(glossary.path, line, col, f"{slug}.{lang}", f"'{lang}' is not a site language; expected one of: {', '.join(languages)}"))
    return problems


def _at(record: Record, parts: tuple, message: str) -> Problem:
    line, col = record.where(parts)
    return Problem(record.path, line, col, field_path(parts), message)


def check_collection(records: list[Record], project_dir: Path) -> tuple[Collection, list[Problem]]:
    collection = Collection()
    problems: list[Problem] = []
    for record in records:
        folder = record.path.split("/")
        if record.kind in ("glossary", "places"):
            setattr(collection, record.kind, record)
            continue
        if record.kind == "country":
            code = record.data.get("code")
            if code in schemas.iso_countries() and code != record.country:
                problems.append(_at(record, ("code",), f"'{code}' does not match the folder partners/{record.country.lower()}/; expected {record.country}, or move the file to partners/{code.lower()}/"))
            collection.countries.setdefault(record.country, record)
            continue
        slug_name = "folder" if record.kind == "institution" else "file name"
        if not schemas.slug_pattern().match(record.slug):
            problems.append(Problem(record.path, 0, 0, "", f"its {slug_name} '{record.slug}' is not a valid slug; expected lower-case letters, digits and single hyphens"))
        table = {"institution": collection.institutions, "curriculum": collection.curricula, "benchmark": collection.benchmarks}[record.kind]
        if record.slug in table:
            problems.append(Problem(record.path, 0, 0, "", f"its slug '{record.slug}' is already used by {table[record.slug].path}; expected a {slug_name} no other {record.kind} has"))
            continue
        table[record.slug] = record
        if record.kind == "institution":
            country = record.data.get("country")
            if country in schemas.iso_countries() and country != record.country:
                problems.append(_at(record, ("country",), f"'{country}' does not match the folder {folder[0]}/{folder[1]}/; expected {record.country}, or move the institution's folder to partners/{country.lower()}/"))
    for record in collection.institutions.values():
        if record.country not in collection.countries and not any(p.path.startswith(f"partners/{record.country.lower()}/country") for p in problems):
            problems.append(Problem(record.path, 0, 0, "", f"its country has no record; expected partners/{record.country.lower()}/country.yml"))
    for record in collection.curricula.values():
        partners = record.data.get("partners")
        if not isinstance(partners, list):
            continue
        for i, slug in enumerate(partners):
            if isinstance(slug, str) and slug not in collection.institutions:
                close = difflib.get_close_matches(slug, list(collection.institutions), n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'? " if close else ""
                problems.append(_at(record, ("partners", i), f"'{slug}' is not an institution; {hint}expected the folder name of an institution under partners/"))
            elif slug == record.institution:
                problems.append(_at(record, ("partners", i), f"'{slug}' is the provider itself; expected only other institutions"))
    for record in collection.institutions.values():
        meeting = record.data.get("step_partner")
        if isinstance(meeting, dict) and isinstance(meeting.get("meeting_start"), str) and isinstance(meeting.get("meeting_end"), str):
            if meeting["meeting_end"] < meeting["meeting_start"]:
                problems.append(_at(record, ("step_partner", "meeting_end"), f"{meeting['meeting_end']} is before meeting_start ({meeting['meeting_start']}); expected the meeting's last day"))
    for record in collection.curricula.values():
        start, end = record.data.get("offered_from"), record.data.get("offered_until")
        if isinstance(start, int) and isinstance(end, int) and end < start:
            problems.append(_at(record, ("offered_until",), f"{end} is before offered_from ({start}); expected the last year it ran"))
        if isinstance(end, int) and record.data.get("status") not in (None, "closed"):
            problems.append(_at(record, ("status",), f"is '{record.data.get('status')}' but offered_until says it ran until {end}; expected status: closed, or remove offered_until"))
    for record in [*collection.curricula.values(), *collection.benchmarks.values()]:
        problems.extend(check_figures(record))
    for record in collection.all():
        problems.extend(check_references(record, collection))
    return collection, problems


def check_figures(record: Record) -> list[Problem]:
    """Figures that only make sense together: a minimum needs its figure, a range its lower end."""
    d, out = record.data, []
    minimum = d.get("minimum")
    if isinstance(minimum, list):
        for i, name in enumerate(minimum):
            if name in ("duration_months", "hours", "ects") and d.get(name) in (None, {}):
                out.append(_at(record, ("minimum", i), f"marks {name} as a minimum, but the record has no {name}; expected {name} to be given, or remove it from minimum"))
    if "hours_unit_minutes" in d and not d.get("hours"):
        out.append(_at(record, ("hours_unit_minutes",), "is given, but the record has no hours; expected hours, or remove hours_unit_minutes"))
    cost = d.get("cost")
    if isinstance(cost, dict) and isinstance(cost.get("amount"), (int, float)) and isinstance(cost.get("amount_max"), (int, float)):
        if cost["amount_max"] < cost["amount"]:
            out.append(_at(record, ("cost", "amount_max"), f"is {cost['amount_max']}, below amount ({cost['amount']}); expected the upper end of the range"))
    return out


def check_references(record: Record, collection: Collection) -> list[Problem]:
    """Every value the schema marks with x-ref points at something that exists."""
    out = []
    places = collection.places.data if collection.places is not None else {}
    bodies = [b.get("abbreviation") for b in record.data.get("bodies") or [] if isinstance(b, dict)]
    for i, abbreviation in enumerate(bodies):
        if abbreviation is not None and abbreviation in bodies[:i]:
            out.append(_at(record, ("bodies", i, "abbreviation"), f"'{abbreviation}' is used by an earlier body too; expected each body's abbreviation once"))
    for path, target, value in schemas.references(record.kind, record.data):
        if target == "place" and value not in places:
            close = difflib.get_close_matches(value, list(places), n=1, cutoff=0.75)
            hint = f"did you mean '{close[0]}'? " if close else ""
            out.append(_at(record, path, f"'{value}' is not in partners/places.yml; {hint}expected a place listed there (add it, with its name in each site language)"))
        elif target == "benchmark" and value not in collection.benchmarks:
            out.append(_at(record, path, f"'{value}' is not a benchmark; expected the file name of a benchmark under partners/benchmarks/ ({', '.join(sorted(collection.benchmarks)) or 'none yet'})"))
        elif target == "body" and value not in bodies:
            out.append(_at(record, path, f"'{value}' is not the abbreviation of a body of this record; expected one of: {', '.join(dict.fromkeys(b for b in bodies if b)) or 'none listed yet, add the body under bodies'}"))
    return out
