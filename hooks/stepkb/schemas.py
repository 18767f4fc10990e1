"""The JSON Schemas in schema/: the single source of truth for what a record may hold."""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from .keywords import make_validator

SCHEMA_DIR = Path(__file__).parent / "schema"


@cache
def schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def _inline(node, defs: dict):
    """The schema with every local "$ref" replaced by what it points at.

    Resolving references through `referencing` on every value was half the validation time; our schemas
    only point into their own $defs, so the references can be followed once, here.
    """
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _inline(v, defs) for k, v in node.items() if k not in ("$ref", "$defs")}
    ref = node.get("$ref")
    if ref:
        target = _inline(defs[ref.removeprefix("#/$defs/")], defs)
        out = {**target, **out}  # sibling keywords (a field's own description) win
    return out


@cache
def inlined(kind: str) -> dict:
    """A record kind's schema with its references followed: what validation and x-ref walk."""
    return _inline(schema(kind), schema(kind).get("$defs", {}))


@cache
def validator(kind: str) -> Draft202012Validator:
    return make_validator(inlined(kind))


@cache
def translatable(kind: str) -> tuple[str, ...]:
    """The fields of a record kind that a translation file may set."""
    return tuple(name for name, spec in schema(kind)["properties"].items() if spec.get("x-translatable"))


@cache
def translation_validator(kind: str) -> Draft202012Validator:
    base = schema(kind)
    return make_validator(_inline({
        "type": "object",
        "additionalProperties": False,
        "properties": {name: base["properties"][name] for name in translatable(kind)},
    }, base.get("$defs", {})))


FOLDER_KINDS = ("country", "institution", "curriculum", "benchmark")  # one record per file: in the country folders, or partners/benchmarks/


@cache
def single_file_kinds() -> frozenset[str]:
    """Kinds kept in one file at the top of partners/ (partners/glossary.yml): those with a schema of their own."""
    return frozenset(p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json")) - set(FOLDER_KINDS)


@cache
def iso_countries() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes the schemas accept."""
    return frozenset(schema("country")["$defs"]["country"]["enum"])


@cache
def slug_pattern() -> re.Pattern:
    """The pattern of a record's slug (its folder or file name), as the schemas define it."""
    return re.compile(schema("curriculum")["$defs"]["slug"]["pattern"])


def institution_kinds() -> list[str]:
    return schema("institution")["properties"]["kind"]["enum"]


def language_codes() -> list[str]:
    """The ISO 639-1 codes the schemas accept."""
    return schema("curriculum")["$defs"]["language"]["enum"]


def field_names(kind: str) -> list[str]:
    return list(schema(kind)["properties"])


def expected_text(spec: dict) -> str:
    """What a field expects, in words: its x-expected, or words made from its type and bounds."""
    if "x-expected" in spec:
        text = spec["x-expected"]
    else:
        kind = spec.get("type")
        if kind == "array":
            items = spec.get("items", {})
            return "a list of groups of fields (below)" if items.get("type") == "object" else "a list of " + expected_text(items)
        if kind == "object":
            return "a group of fields (below)"
        names = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false"}
        text = names.get(kind, "a value") if isinstance(kind, str) else "a value"
        low = spec.get("minimum", spec.get("exclusiveMinimum"))
        high = spec.get("maximum")
        if low is not None and high is not None:
            text += f" from {low} to {high}"
    if spec.get("x-past"):
        text += ", today or earlier" if spec.get("type") == "string" else ", this year or earlier"
    return text


def _example(spec: dict):
    examples = spec.get("examples")
    if examples:
        return examples[0]
    return None


def field_reference(kind: str) -> list[dict]:
    """The fields of a record kind, nested ones as dotted names, for the contributors' reference.

    A group of fields keyed by free names (the glossary's terms) is shown as <key>, or as the name its
    schema gives in x-key (<term>)."""
    resolved = inlined(kind)
    rows: list[dict] = []

    def row(name: str, spec: dict, required: bool):
        rows.append({
            "name": name,
            "required": required,
            "translatable": bool(spec.get("x-translatable")),
            "expected": expected_text(spec),
            "description": spec.get("description", ""),
            "example": _example(spec),
            "ref": spec.get("x-ref", (spec.get("items") or {}).get("x-ref") if spec.get("type") == "array" else None),
        })

    def walk(spec: dict, prefix: str):
        for name, sub in spec.get("properties", {}).items():
            row(prefix + name, sub, name in spec.get("required", []))
            inner = sub.get("items", {}) if sub.get("type") == "array" else sub
            if inner.get("type") == "object":
                walk(inner, prefix + name + ("[]." if sub.get("type") == "array" else "."))
        free = spec.get("additionalProperties")
        if isinstance(free, dict) and free:
            name = prefix + f"<{free.get('x-key', 'key')}>"
            row(name, free, False)
            if free.get("type") == "object":
                walk(free, name + ".")

    walk(resolved, "")
    return rows
