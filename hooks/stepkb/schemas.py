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


@cache
def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema(kind))


@cache
def translatable(kind: str) -> tuple[str, ...]:
    """The fields of a record kind that a translation file may set."""
    return tuple(name for name, spec in schema(kind)["properties"].items() if spec.get("x-translatable"))


@cache
def translation_validator(kind: str) -> Draft202012Validator:
    base = schema(kind)
    return Draft202012Validator({
        "$schema": base["$schema"],
        "type": "object",
        "additionalProperties": False,
        "properties": {name: base["properties"][name] for name in translatable(kind)},
        "$defs": base.get("$defs", {}),
    })


def field_names(kind: str) -> list[str]:
    return list(schema(kind)["properties"])
