"""References between records, declared in the schemas with `x-ref` and resolved here, generically.

A field (or a list's items) whose schema carries `x-ref` names something that must exist elsewhere:

    "x-ref": "institution"                       the slug of an institution record (its folder name)
    "x-ref": {"kind": "benchmark"}               the same, long form, for any record kind
    "x-ref": {"kind": "glossary"}                a term of partners/glossary.yml (a key of that file)
    "x-ref": {"kind": "country", "field": "bodies[].abbreviation", "scope": "same-country"}
                                                 a value found at that field of the record's own country
    "x-ref": {"file": "partners/places.yml"}     a top-level key of that YAML file
    "x-ref": {"file": "partners/places.yml", "field": "*.en"}
                                                 a value found at that field of that file

`having: {"roles": "accredits-training"}` keeps only the values whose group of fields (the body an
abbreviation belongs to) has that value at that name, or lists it.
`field` is a path into the target: names separated by dots, `[]` for every item of a list, `*` for every
value of a group of fields. `scope: same-country` keeps only targets in the referring record's country.
`expected` may replace the default description of what is expected. The record's identifier is its slug,
a country's is its code (AT), a single-file kind's (glossary) are its top-level keys.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from . import schemas
from .keywords import RecordValidator
from .problems import Problem, field_path
from .records import Record
from .yamlfile import parse_bytes

# How a reference to each kind of record is described in a message: (what it is not, what is expected).
KIND_WORDS = {
    "institution": ("an institution", "the folder name of an institution under partners/"),
    "curriculum": ("a programme", "the file name (without .yml) of a programme under partners/<cc>/<institution>/curricula/"),
    "country": ("a country with a record", "the code of a country that has partners/<cc>/country.yml"),
    "glossary": ("a term in the glossary", "the key of a term in partners/glossary.yml"),
    "benchmark": ("a benchmark", "the file name (without .yml) of a benchmark under partners/benchmarks/"),
}


@dataclass(frozen=True)
class Ref:
    path: tuple  # where the reference is, in the referring record
    value: object
    spec: dict


def normalise(spec) -> dict:
    return {"kind": spec} if isinstance(spec, str) else dict(spec)


def describe(spec) -> str:
    """What a reference must name, in words, for the field reference."""
    spec = normalise(spec)
    if spec.get("expected"):
        return spec["expected"]
    field = spec.get("field")
    if "file" in spec:
        return f"a value listed under {field} in {spec['file']}" if field else f"a top-level name in {spec['file']}"
    kind = spec.get("kind", "")
    if field:
        whose = f"the record's own {kind}" if spec.get("scope") == "same-country" else f"a {kind} record"
        having = "".join(f", whose {key} include {wanted}" for key, wanted in (spec.get("having") or {}).items())
        return f"a value listed under {field} in {whose}{having}"
    if kind in KIND_WORDS:
        return KIND_WORDS[kind][1]
    if kind in schemas.single_file_kinds():
        return f"a name listed at the top level of partners/{kind}.yml"
    return f"the slug of a {kind} record"


def collect(schema: dict, data, path: tuple = ()) -> list[Ref]:
    """Every value in `data` that the (inlined) schema marks with x-ref, with its path."""
    found: list[Ref] = []
    if not isinstance(schema, dict):
        return found
    if "x-ref" in schema and isinstance(data, (str, int)) and not isinstance(data, bool):
        found.append(Ref(path, data, normalise(schema["x-ref"])))
    for sub in schema.get("allOf", []):
        found += collect(sub, data, path)
    for key in ("anyOf", "oneOf"):
        for sub in schema.get(key, []):
            if RecordValidator(sub).is_valid(data):
                found += collect(sub, data, path)
                break
    if "if" in schema:
        branch = schema.get("then") if RecordValidator(schema["if"]).is_valid(data) else schema.get("else")
        found += collect(branch or {}, data, path)
    if isinstance(data, dict):
        props = schema.get("properties", {})
        for key, value in data.items():
            if key in props:
                found += collect(props[key], value, path + (key,))
            elif isinstance(schema.get("additionalProperties"), dict):
                found += collect(schema["additionalProperties"], value, path + (key,))
    elif isinstance(data, list):
        prefix = schema.get("prefixItems", [])
        for i, item in enumerate(data):
            sub = prefix[i] if i < len(prefix) else schema.get("items")
            if isinstance(sub, dict):
                found += collect(sub, item, path + (i,))
    return found


def values_at(data, field: str) -> list:
    """The values at a field path ("bodies[].abbreviation", "*.en") in plain data."""
    return [v for v in _walk(data, field) if isinstance(v, (str, int)) and not isinstance(v, bool)]


def values_having(data, field: str, having: dict) -> list:
    """The values at a field path whose group of fields also has what `having` names: with
    {"roles": "accredits-training"}, the abbreviations of the bodies whose roles include it."""
    parent, _, leaf = field.rpartition(".")
    found = []
    for item in _walk(data, parent):
        if isinstance(item, dict) and all(_holds(item.get(key), wanted) for key, wanted in having.items()):
            found += values_at(item, leaf)
    return found


def _holds(value, wanted) -> bool:
    return wanted in value if isinstance(value, list) else value == wanted


def _walk(data, field: str) -> list:
    current = [data]
    for part in [p for p in field.replace("[]", ".[]").split(".") if p]:
        nxt = []
        for value in current:
            if part == "[]" and isinstance(value, list):
                nxt += value
            elif part == "*" and isinstance(value, dict):
                nxt += list(value.values())
            elif isinstance(value, dict) and part in value:
                nxt.append(value[part])
        current = nxt
    return current


UNREADABLE = object()  # a data file under partners/ whose own mistakes keep it from being read at all


class Targets:
    """What references can point at: the records by kind, and data files, read once."""

    def __init__(self, records: list[Record], project: Path):
        self.project = project
        self.by_kind: dict[str, list[Record]] = {}
        for record in records:
            self.by_kind.setdefault(record.kind, []).append(record)
        self._files: dict[str, object] = {}

    def single_file(self, kind: str) -> Record | None:
        """The record of a kind kept in one file (partners/glossary.yml), if the kind is one."""
        records = self.by_kind.get(kind, [])
        return records[0] if len(records) == 1 and records[0].slug == kind else None

    def identifiers(self, kind: str) -> dict[str, Record]:
        records = self.by_kind.get(kind, [])
        if self.single_file(kind):
            data = records[0].data
            return {str(key): records[0] for key in data} if isinstance(data, dict) else {}
        if kind == "country":
            return {r.country: r for r in records}
        return {r.slug: r for r in records}

    def file(self, rel: str) -> tuple[object, str | None]:
        """A data file's content, and why it cannot be used (missing, a link, or a mistake in it), if so."""
        if rel not in self._files:
            path = self.project / rel
            if path.is_symlink() or not path.is_file():
                self._files[rel] = (None, f"{rel} does not exist" if not path.is_symlink() else f"{rel} is a symbolic link")
            else:
                doc = parse_bytes(path.read_bytes())
                first = doc.errors[0] if doc.errors else None
                if first and rel.startswith("partners/"):
                    # A file under partners/ is read as a record too, and its mistakes are reported at their
                    # own lines, once: references into it are checked against what could be read (a name
                    # given twice still leaves the names), or not at all, rather than each repeating them.
                    self._files[rel] = (doc.data if isinstance(doc.data, dict) else UNREADABLE, None)
                else:
                    why = f"{rel} cannot be read ({rel}:{first.line}:{first.column}: {first.message})" if first else None
                    self._files[rel] = (None if first else doc.data, why)
        return self._files[rel]


def _hint(value: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def _listed(allowed: list[str]) -> str:
    if not allowed:
        return "none is listed yet"
    shown = sorted(allowed, key=str.casefold)
    return "one of: " + ", ".join(shown) if len(shown) <= 15 else f"one of the {len(shown)} listed there"


def check(record: Record, refs: list[Ref], targets: Targets) -> list[Problem]:
    problems = []
    for ref in refs:
        message = _resolve(record, ref, targets)
        if message:
            line, col = record.where(ref.path)
            problems.append(Problem(record.path, line, col, field_path(ref.path), message))
    return problems


def _resolve(record: Record, ref: Ref, targets: Targets) -> str | None:
    spec, value = ref.spec, str(ref.value)
    field = spec.get("field")
    if "file" in spec:
        rel = spec["file"]
        data, why = targets.file(rel)
        if data is UNREADABLE:
            return None
        if why:
            return f"'{value}' cannot be checked, because {why}; expected that file, listing '{value}'"
        allowed = [str(v) for v in (values_at(data, field) if field else (list(data) if isinstance(data, dict) else []))]
        if value in allowed:
            return None
        what = f"listed under {field} in {rel}" if field else f"in {rel}"
        return f"'{value}' is not {what}; {_hint(value, allowed)}expected {spec.get('expected') or _listed(allowed)}, or add it there first"
    kind = spec.get("kind", "")
    table = targets.identifiers(kind)
    if spec.get("scope") == "same-country":
        table = {k: r for k, r in table.items() if r.country == record.country}
    if not field:
        if value in table:
            return None
        single = targets.single_file(kind)
        default = (f"in {single.path}", f"a name listed at the top level of {single.path}") if single else (f"a {kind} record", f"the slug of a {kind} record")
        noun, expected = KIND_WORDS.get(kind, default)
        if spec.get("scope") == "same-country":
            noun += f" in {record.country}"
        return f"'{value}' is not {noun}; {_hint(value, list(table))}expected {spec.get('expected') or expected}"
    if not table:
        return None  # no target record at all (its absence is reported on its own)
    allowed = sorted({str(v) for target in table.values() for v in values_at(target.data, field)})
    where = next(iter(table.values())).path if len(table) == 1 else f"any {kind} record"
    having = spec.get("having")
    if value in allowed and having:
        fitting = sorted({str(v) for target in table.values() for v in values_having(target.data, field, having)})
        if value in fitting:
            return None
        key, wanted = next(iter(having.items()))
        choice = f"one of: {', '.join(fitting)}" if fitting else "one that has it"
        return (f"'{value}' is listed under {field} in {where}, but its {key} do not include {wanted}; "
                f"expected {choice}, or add {wanted} to its {key} there")
    if value in allowed:
        return None
    return (f"'{value}' is not listed under {field} in {where}; {_hint(value, allowed)}"
            f"expected {spec.get('expected') or _listed(allowed)}, or add it there first")
