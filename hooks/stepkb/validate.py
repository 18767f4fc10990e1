"""Schema and cross-record checks. Every problem in every file is reported, never just the first."""
from __future__ import annotations

import difflib
import math
from pathlib import Path

from jsonschema.exceptions import ValidationError

from . import placeholders, schemas
from .comparison import HOURS, is_minimum
from .keywords import FORMATS
from .problems import Problem, field_path
from .records import Collection, Record, Source, Translation, load, read_document
from .refs import Ref, Targets, collect
from .refs import check as check_refs
from .yamlerrors import invisible_characters
from .yamlfile import Document

_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false", "array": "a list", "object": "a group of fields", "null": "empty"}


def read_partners(partners_dir: Path, project_dir: Path, languages: list[str], default_language: str = "en", cache: Cache | None = None) -> tuple[Collection, list[Problem]]:
    """Load and validate every record. The collection is usable only when the problem list is empty.

    A Cache (kept by `mkdocs serve` between builds) saves re-reading and re-checking unchanged files.
    """
    cache = cache or Cache()
    records, translations, problems = load(partners_dir, project_dir, cache.read)
    refs: dict[str, list] = {}
    for record in records:
        own, refs[record.path] = cache.checked(record, record.kind, False)
        problems.extend(own)
    for tr in translations:
        problems.extend(check_translation(tr, languages, default_language, cache))
    collection, cross = check_collection(records, project_dir)
    problems.extend(cross)
    targets = Targets(records, project_dir)
    for record in records:
        problems.extend(check_refs(record, refs[record.path], targets))
    for table in (collection.glossary, collection.places):
        if table is not None:
            problems.extend(check_glossary_languages(table, languages))
    return collection, sorted(set(problems))


class Cache:
    """Each file's parsed content and its own problems, kept while the file is unchanged.

    A build reads every record; `mkdocs serve` builds again on every save, and most files have not
    changed since the last build. A file is known by its size and modification time.
    """

    def __init__(self):
        self._documents: dict[Path, tuple[tuple, Document]] = {}
        self._checks: dict[tuple, tuple[int, list[Problem], list[Ref]]] = {}

    def read(self, path: Path) -> Document:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        hit = self._documents.get(path)
        if hit is None or hit[0] != key:
            hit = (key, read_document(path))
            self._documents[path] = hit
        return hit[1]

    def checked(self, source: Source, kind: str, is_translation: bool) -> tuple[list[Problem], list[Ref]]:
        """The problems a file has on its own (schema, placeholders) and the references it makes."""
        key = (source.path, kind, is_translation)
        hit = self._checks.get(key)
        if hit is None or hit[0] != id(source.data):
            problems = check_schema(source, kind, is_translation)
            references = [] if is_translation else collect(schemas.inlined(kind), source.data)
            hit = (id(source.data), problems, references)
            self._checks[key] = hit
        return hit[1], hit[2]


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


def _lower_first(text: str) -> str:
    """'The year ...' reads 'the year ...' inside a sentence; 'ISO 4217 ...' stays as it is."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


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

    if "propertyNames" in error.relative_schema_path or "propertyNames" in error.schema_path:
        # The key itself is wrong: report it on its own line, under its own name.
        key = error.instance
        return [at(parts + (key,), f"is not a valid name here; expected {_expected(error)}", key=True)]
    if v == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {}))
        for key in sorted(set(instance) - set(allowed)):
            invisible = invisible_characters(str(key))
            if is_translation and key in schemas.field_names(kind):
                msg = f"is not translatable (it is the same in every language); a translation may set only: {', '.join(allowed)}"
            elif invisible:
                visible = "".join(c for c in str(key) if invisible_characters(c) is None)
                msg = f"is not a field of this record: its name holds {invisible}, which cannot be seen; delete the name and type it again ('{visible}')"
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
                hint = f" ({_lower_first(_first_sentence(desc))})" if desc else ""
                out.append(at(parts, f"is missing '{name}'; expected a '{name}:' line{hint}") if parts else Problem(source.path, 1, 1, name, f"is missing; expected a '{name}:' line{hint}"))
        return out
    if v == "type":
        return [at(parts, f"is {_describe(instance)}; expected {_expected(error)}")]
    if v == "format" and isinstance(instance, str) and error.validator_value in FORMATS:
        return [at(parts, FORMATS[error.validator_value](instance))]
    if v == "x-past":
        shown = f"'{instance}'" if isinstance(instance, str) else str(instance)
        if isinstance(instance, str):
            return [at(parts, f"{shown} is a day still to come; expected today or an earlier day")]
        return [at(parts, f"{shown} is a year still to come; expected this year or an earlier one")]
    if v in ("enum", "pattern", "format"):
        if isinstance(instance, str):
            invisible = invisible_characters(instance)
            if invisible:
                # 'running' and 'running' with a zero-width space look the same: say what cannot be seen.
                return [at(parts, f"'{instance}' is not valid here: it holds {invisible}, which cannot be seen; "
                                  f"delete the value and type it again; expected {_expected(error)}")]
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


def _within(path: tuple, reported: set[tuple]) -> bool:
    return any(path[: len(done)] == done for done in reported)


def check_placeholders(source: Source, found: list[tuple[tuple, str]]) -> list[Problem]:
    problems = []
    for path, text in found:
        line, col = source.where(path)
        shown = " ".join(text.split())
        shown = shown if len(shown) <= 70 else shown[:67] + "..."
        problems.append(Problem(source.path, line, col, field_path(path), f"still holds the template's placeholder ({shown}); "
                                "write what your sources say in its place, or delete the line if the field is optional"))
    return problems


def check_blank_texts(source: Source, blank: list[tuple]) -> list[Problem]:
    """Text that holds only spaces or line breaks would publish as nothing."""
    problems = []
    for path in blank:
        line, col = source.where(path)
        problems.append(Problem(source.path, line, col, field_path(path), "is blank (only spaces or line breaks); expected text, or leave the field out"))
    return problems


def check_schema(source: Source, kind: str, is_translation: bool = False) -> list[Problem]:
    validator = schemas.translation_validator(kind) if is_translation else schemas.validator(kind)
    unwritten = placeholders.find(source.data)
    blank = [path for path, text in placeholders.texts(source.data) if text and not text.strip()]
    problems = check_placeholders(source, unwritten) + check_blank_texts(source, blank)
    # A value already reported (by the reader, as a placeholder or as blank) gets no second message.
    reported = set(source.reported) | {path for path, _ in unwritten} | set(blank)
    errors = [e for e in validator.iter_errors(source.data) if not _within(tuple(e.absolute_path), reported) or e.validator == "required"]
    # A value's format and whether it lies in the past are checked after its type, pattern and range:
    # one message for one wrong value.
    shaped = {tuple(e.absolute_path) for e in errors if e.validator not in ("format", "x-past")}
    for error in errors:
        if error.validator in ("format", "x-past") and tuple(error.absolute_path) in shaped:
            continue
        problems.extend(_problems_for(error, source, kind, is_translation))
    return problems


def check_translation(tr: Translation, languages: list[str], default_language: str, cache: Cache | None = None) -> list[Problem]:
    if tr.lang == default_language:
        return [Problem(tr.path, 0, 0, "", f"is a translation into '{tr.lang}', the language records are written in; put that text in the record itself")]
    if tr.lang not in languages:
        others = ", ".join(l for l in languages if l != default_language)
        return [Problem(tr.path, 0, 0, "", f"is a translation into '{tr.lang}', which is not a site language; expected one of: {others}")]
    if cache is None:
        return check_schema(tr, tr.kind, is_translation=True)
    return cache.checked(tr, tr.kind, True)[0]


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
        if record.kind == "glossary":
            collection.glossary = record
            continue
        if record.kind not in schemas.FOLDER_KINDS:
            collection.others[record.kind] = record
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
    for record in [*collection.institutions.values(), *collection.curricula.values()]:
        if record.kind == "curriculum" and record.institution in collection.institutions:
            continue  # its institution, in the same folder, carries the message
        # A country.yml that is there but cannot be read carries its own message.
        if record.country not in collection.countries and not (project_dir / f"partners/{record.country.lower()}/country.yml").exists():
            problems.append(Problem(record.path, 0, 0, "", f"its country has no record; expected partners/{record.country.lower()}/country.yml"))
    for slug, record in list(collection.curricula.items()):
        if record.institution not in collection.institutions:
            # Pages name each programme's provider: a programme without one cannot be shown.
            folder = record.path.rsplit("/curricula/", 1)[0]
            if not (project_dir / folder / "institution.yml").exists():
                problems.append(Problem(record.path, 0, 0, "", f"its folder {folder}/ has no institution.yml; expected the provider's record there "
                                        "(make new-institution), or the programme moved into its provider's curricula/ folder"))
            del collection.curricula[slug]
            continue
        partners = record.data.get("partners")
        for i, partner in enumerate(partners if isinstance(partners, list) else []):
            if partner == record.institution:
                problems.append(_at(record, ("partners", i), f"'{partner}' is the provider itself; expected only other institutions"))
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
    for record in collection.curricula.values():
        problems.extend(check_audience_and_level(record))
    for record in collection.countries.values():
        problems.extend(check_bodies(record))
    return collection, problems


MINIMUM_HOURS = {f"hours.{component}" for component in HOURS}  # one hours figure marked as a minimum


def check_figures(record: Record) -> list[Problem]:
    """Figures that only make sense together: a minimum needs its figure, a range its lower end."""
    d, out = record.data, []
    minimum = d.get("minimum")
    if isinstance(minimum, list):
        for i, name in enumerate(minimum):
            if name in ("duration_months", "hours", "ects") and d.get(name) in (None, {}):
                out.append(_at(record, ("minimum", i), f"marks {name} as a minimum, but the record has no {name}; expected {name} to be given, or remove it from minimum"))
            elif isinstance(name, str) and name in MINIMUM_HOURS and (not isinstance(d.get("hours"), dict) or d["hours"].get(name[6:]) is None):
                out.append(_at(record, ("minimum", i), f"marks {name} as a minimum, but the record has no {name}; expected hours: {name[6:]}: to be given, or remove it from minimum"))
    if "hours_unit_minutes" in d and not d.get("hours"):
        out.append(_at(record, ("hours_unit_minutes",), "is given, but the record has no hours; expected hours, or remove hours_unit_minutes"))
    out.extend(_parts_beyond_total(record))
    cost = d.get("cost")
    if isinstance(cost, dict) and isinstance(cost.get("amount"), (int, float)) and isinstance(cost.get("amount_max"), (int, float)):
        if cost["amount_max"] < cost["amount"]:
            out.append(_at(record, ("cost", "amount_max"), f"is {cost['amount_max']}, below amount ({cost['amount']}); expected the upper end of the range"))
    return out


def _figure(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _parts_beyond_total(record: Record) -> list[Problem]:
    """The components of a programme's hours fit within its total, unless the total is a minimum."""
    hours = record.data.get("hours")
    if not isinstance(hours, dict) or not _figure(hours.get("total")) or is_minimum(record.data, "hours.total"):
        return []
    parts = {name: value for name, value in hours.items() if name != "total" and _figure(value)}
    added = sum(parts.values())
    if added <= hours["total"]:
        return []
    if len(parts) == 1:
        (name, value), = parts.items()
        beyond = f"less than hours.{name} ({value:g})"
    else:
        beyond = f"less than its parts add up to ({' + '.join(f'{name} {value:g}' for name, value in parts.items())} = {added:g})"
    return [_at(record, ("hours", "total"), f"is {hours['total']:g}, {beyond}; "
                f"expected a total of at least {added:g}, or the parts corrected (if the source gives the total as a minimum, add hours.total to minimum)")]


# The EQF level a degree sits at (the EQF's levels 6 to 8 are the Bologna cycles): certificates and
# specialisations sit at various levels, so only the degrees are checked.
DEGREE_EQF = {"bachelor": 6, "master": 7, "doctorate": 8}
DEGREE_WORDS = {"bachelor": "a bachelor's degree", "master": "a master's degree", "doctorate": "a doctorate"}


def check_audience_and_level(record: Record) -> list[Problem]:
    """Two fields that must not contradict each other: who is admitted, and what the level is."""
    d, out = record.data, []
    professions = d.get("professions")
    if d.get("social_workers") == "not-admitted" and isinstance(professions, list) and "social-work" in professions:
        out.append(_at(record, ("professions", professions.index("social-work")), "lists social-work, but social_workers says not-admitted; "
                       "expected social_workers: open (or aimed), or social-work removed from professions"))
    level, eqf = d.get("academic_level"), d.get("eqf_level")
    if level in DEGREE_EQF and _figure(eqf) and eqf != DEGREE_EQF[level]:
        out.append(_at(record, ("eqf_level",), f"is {eqf}, but {DEGREE_WORDS[level]} is at EQF level {DEGREE_EQF[level]}; "
                       f"expected eqf_level: {DEGREE_EQF[level]}, or the academic_level the source states"))
    return out


def check_bodies(record: Record) -> list[Problem]:
    """Other fields name a country's bodies by abbreviation: each abbreviation must be unique."""
    out, seen = [], set()
    for i, body in enumerate(record.data.get("bodies") or []):
        abbreviation = body.get("abbreviation") if isinstance(body, dict) else None
        if abbreviation in seen:
            out.append(_at(record, ("bodies", i, "abbreviation"), f"'{abbreviation}' is used by an earlier body too; expected each body's abbreviation once"))
        elif abbreviation is not None:
            seen.add(abbreviation)
    return out
