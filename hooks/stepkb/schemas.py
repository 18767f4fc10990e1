"""The JSON Schemas in schema/: the single source of truth for what a record may hold."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

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
def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(_inline(schema(kind), schema(kind).get("$defs", {})))


@cache
def translatable(kind: str) -> tuple[str, ...]:
    """The fields of a record kind that a translation file may set."""
    return tuple(name for name, spec in schema(kind)["properties"].items() if spec.get("x-translatable"))


@cache
def translation_validator(kind: str) -> Draft202012Validator:
    base = schema(kind)
    return Draft202012Validator(_inline({
        "type": "object",
        "additionalProperties": False,
        "properties": {name: base["properties"][name] for name in translatable(kind)},
    }, base.get("$defs", {})))


def field_names(kind: str) -> list[str]:
    return list(schema(kind)["properties"])
