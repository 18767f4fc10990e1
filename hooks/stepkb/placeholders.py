"""The placeholder text templates are written with, which a record must not keep.

The scaffold (scaffold.py) writes "To be written: <what to write>" where a required field needs the
editor's words; validation refuses any value that still holds it, so a template is never published.
"""
from __future__ import annotations

MARKER = "To be written:"


def placeholder(what: str) -> str:
    return f"{MARKER} {what}"


def texts(data, path: tuple = ()) -> list[tuple[tuple, str]]:
    """(field path, text) of every text value in a record, however deep."""
    if isinstance(data, str):
        return [(path, data)]
    if isinstance(data, dict):
        return [hit for key, value in data.items() for hit in texts(value, path + (key,))]
    if isinstance(data, list):
        return [hit for i, value in enumerate(data) for hit in texts(value, path + (i,))]
    return []


def find(data) -> list[tuple[tuple, str]]:
    """(field path, text) of every value that still holds a placeholder."""
    return [(path, text) for path, text in texts(data) if MARKER in text]
