"""Strict YAML reading for records: plain data with the line and column of every value.

PyYAML alone is too forgiving for records written by hand: it accepts duplicate keys (the last one
silently wins), reads `NO` (Norway) as false and `2013-07-01` as a date object, and expands aliases
without limit. Records need none of that, so this reader follows YAML 1.2's core schema for scalars,
refuses anchors and aliases, and reports duplicate keys.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
import yaml.reader
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .yamlerrors import LOOKALIKE_SPACES, explain

MAX_BYTES = 256 * 1024  # the largest record is a few KB; anything near this is a mistake or an attack
MAX_DEPTH = 20  # records are three or four levels deep

Position = tuple[int, int]  # (line, column), 1-based

# YAML 1.2 core schema: only true/false are booleans; no dates, no sexagesimal numbers.
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
# libyaml's parser when PyYAML has it (about ten times faster); the pure-Python one otherwise
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def plain_scalar(value: str):
    """An unquoted YAML value as YAML 1.2's core schema reads it: null, true/false, a number, or text."""
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value[0] in "tT"
    if _INT.match(value):
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value)
    if _FLOAT.match(value):
        lowered = value.lower()
        if lowered.endswith(".inf"):
            return float("-inf") if lowered.startswith("-") else float("inf")
        if lowered.endswith(".nan"):
            return float("nan")
        return float(value)
    return value


class _Refused(Exception):
    def __init__(self, mark, message):
        self.mark = mark
        self.message = message


@dataclass
class YamlError:
    line: int
    column: int
    field: str
    message: str


@dataclass
class Document:
    data: object = None
    positions: dict[tuple, Position] = field(default_factory=dict)  # value positions by field path
    key_positions: dict[tuple, Position] = field(default_factory=dict)  # key positions by field path
    errors: list[YamlError] = field(default_factory=list)
    # Fields already reported by the reader (a value it could not take): validation says nothing more on them.
    reported: set[tuple] = field(default_factory=set)


def _pos(mark) -> Position:
    return (mark.line + 1, mark.column + 1)


def parse_bytes(raw: bytes) -> Document:
    """Parse one record file's bytes. Never raises for bad input: problems come back in .errors."""
    doc = Document()
    if len(raw) > MAX_BYTES:
        doc.errors.append(YamlError(0, 0, "", f"the file is {len(raw) // 1024} KB; a record must be under {MAX_BYTES // 1024} KB, split it or shorten it"))
        return doc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.errors.append(YamlError(line, column, "", f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"))
        return doc
    text = text.removeprefix("\ufeff")
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            doc.errors.append(YamlError(number, indent.index("\t") + 1, "", "a tab is used for indentation; indent with spaces"))
    if doc.errors:
        return doc
    if not text.strip() or all(not l.strip() or l.lstrip().startswith("#") for l in text.splitlines()):
        doc.errors.append(YamlError(1, 1, "", "the file is empty; expected the record's fields, one `name: value` a line"))
        return doc
    loader = None
    try:
        loader = _Parser(text)
        doc.data = _compose(loader, doc)
    except _Refused as exc:
        l, c = _pos(exc.mark)
        doc.errors.append(YamlError(l, c, "", exc.message))
        doc.data = None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        doc.errors.append(YamlError(line, column, "", f"the file holds a control character (#x{exc.character:04x}) that YAML does not allow; delete it"))
        doc.data = None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        l, c = _pos(mark) if mark else (1, 1)
        context_line = _pos(exc.context_mark)[0] if exc.context_mark else None
        l, c, message = explain(text, (exc.problem or "").strip(), (exc.context or "").strip(), l, c, context_line)
        doc.errors.append(YamlError(l, c, "", message))
        doc.data = None
    except yaml.YAMLError as exc:
        doc.errors.append(YamlError(0, 0, "", f"the YAML cannot be read ({exc}); check the file's syntax"))
        doc.data = None
    finally:
        if loader is not None:
            loader.dispose()
    return doc


def _compose(loader, doc: Document):
    """Build plain values straight from the parser's events, noting every value's position."""
    loader.get_event()  # StreamStartEvent
    if loader.check_event(StreamEndEvent):
        doc.errors.append(YamlError(1, 1, "", "the file is empty; expected the record's fields, one `name: value` a line"))
        return None
    loader.get_event()  # DocumentStartEvent
    first = loader.peek_event()
    if not isinstance(first, MappingStartEvent):
        l, c = _pos(first.start_mark)
        if isinstance(first, ScalarEvent) and first.value == "":
            doc.errors.append(YamlError(1, 1, "", "the file is empty; expected the record's fields, one `name: value` a line"))
        else:
            doc.errors.append(YamlError(l, c, "", "the file is not a list of fields; expected `name: value` lines"))
        return None
    data = _value(loader, (), doc, 0)
    loader.get_event()  # DocumentEndEvent
    if not loader.check_event(StreamEndEvent):
        event = loader.peek_event()
        raise _Refused(event.start_mark, "the file holds more than one YAML document (a second ---); a record is one document")
    return data


def _value(loader, path: tuple, doc: Document, depth: int):
    event = loader.get_event()
    if isinstance(event, AliasEvent):
        raise _Refused(event.start_mark, "an alias (*name) is used; records do not allow anchors or aliases: write the value out, and put text that starts with * in quotes")
    if getattr(event, "anchor", None):
        raise _Refused(event.start_mark, "an anchor (&name) is used; records do not allow anchors or aliases: write the value out, and put text that starts with & in quotes")
    if depth > MAX_DEPTH:
        raise _Refused(event.start_mark, "the values are nested too deeply; records are at most a few levels deep")
    doc.positions[path] = _pos(event.start_mark)
    _refuse_tag(event)
    if isinstance(event, ScalarEvent):
        if event.implicit[0]:  # plain, unquoted
            value = plain_scalar(event.value)
        else:
            value = event.value  # quoted or block text stays text
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            l, c = _pos(event.start_mark)
            doc.errors.append(YamlError(l, c, _dotted(path), f"is not a finite number ({event.value}); write a number or leave the field out"))
            doc.reported.add(path)
            return None
        return value
    if isinstance(event, SequenceStartEvent):
        items = []
        while not loader.check_event(SequenceEndEvent):
            items.append(_value(loader, path + (len(items),), doc, depth + 1))
        loader.get_event()
        return items
    # MappingStartEvent
    out: dict = {}
    while not loader.check_event(MappingEndEvent):
        key_event = loader.peek_event()
        if not isinstance(key_event, ScalarEvent) or getattr(key_event, "anchor", None):
            l, c = _pos(key_event.start_mark)
            doc.errors.append(YamlError(l, c, _dotted(path), "a field name is not plain text; write `name: value`"))
            _skip(loader)
            _skip(loader)
            continue
        _refuse_tag(key_event)
        loader.get_event()
        key = key_event.value
        key_pos = _pos(key_event.start_mark)
        if key[:1] in LOOKALIKE_SPACES:
            # YAML reads such a space as part of the name: the field would be unknown, with a name that looks right.
            doc.errors.append(YamlError(key_pos[0], key_pos[1], "", f"{LOOKALIKE_SPACES[key[0]]} is used for indentation; replace it with ordinary spaces"))
            _skip(loader)
            continue
        if key in out or path + (key,) in doc.key_positions:
            first = doc.key_positions[path + (key,)][0]
            doc.errors.append(YamlError(key_pos[0], key_pos[1], _dotted(path + (key,)), f"is given twice (first on line {first}); keep one"))
            shadow = Document()
            _value(loader, path + (key,), shadow, depth + 1)
            doc.errors.extend(shadow.errors)
            continue
        doc.key_positions[path + (key,)] = key_pos
        out[key] = _value(loader, path + (key,), doc, depth + 1)
    loader.get_event()
    return out


def _refuse_tag(event) -> None:
    """Tags are refused on every node, keys, lists and groups of fields included.

    `!!python/object` and its kind ask a YAML library to build objects; no record needs a tag, and
    `!!str` is better written as quotes."""
    tag = getattr(event, "tag", None)
    if tag:
        shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
        hint = "; to keep a value as text, put it in quotes instead" if shown == "!!str" else ""
        raise _Refused(event.start_mark, f"a tag ({shown}) is used; records hold plain values without tags, delete it{hint}")


def _skip(loader) -> None:
    """Consume one whole value (scalar, alias, or collection) from the event stream."""
    event = loader.get_event()
    if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
        level = 1
        while level:
            event = loader.get_event()
            if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
                level += 1
            elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                level -= 1


def _dotted(path: tuple) -> str:
    from .problems import field_path

    return field_path(path)
