"""The placeholder text templates are written with, which a record must not keep.

The scaffold (scaffold.py) writes "To be written: <what to write>" where a required field needs the
editor's words; validation refuses any value that still holds it, so a template is never published.
"""
from __future__ import annotations

MARKER = "To be written:"


def placeholder(what: str) -> str:
    return f"{MARKER} {what}"


def find(data, path: tuple = ()) -> list[tuple[tuple, str]]:
    """(field path, text) of every value that still holds a placeholder."""
    if isinstance(data, str):
        return [(path, data)] if MARKER in data else []
    if isinstance(data, dict):
        return [hit for key, value in data.items() for hit in find(value, path + (key,))]
    if isinstance(data, list):
        return [hit for i, value in enumerate(data) for hit in find(value, path + (i,))]
    return []
