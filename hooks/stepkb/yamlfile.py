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
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

MAX_BYTES = 256 * 1024  # the largest record is a few KB; anything near this is a mistake or an attack

Position = tuple[int, int]  # (line, column), 1-based


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: only true/false are booleans; no dates, no sexagesimal numbers."""


_CoreResolver.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    _CoreResolver.add_implicit_resolver(_tag, re.compile(_regexp), _first)


class _Constructor(SafeConstructor):
    def construct_yaml_int(self, node):
        value = self.construct_scalar(node)
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value)


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)


class _Loader(Reader, Scanner, Parser, Composer, _Constructor, _CoreResolver):
    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Constructor.__init__(self)
        _CoreResolver.__init__(self)

    def compose_node(self, parent, index):
        # Records never need anchors or aliases, and refusing them is the simplest defence against
        # alias bombs ("billion laughs").
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark, "an alias (*name) is used; records do not allow anchors or aliases, write the value out")
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark, "an anchor (&name) is used; records do not allow anchors or aliases, write the value out")
        return super().compose_node(parent, index)


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
        loader = _Loader(text)
        node = loader.get_single_node()
    except _Refused as exc:
        l, c = _pos(exc.mark)
        doc.errors.append(YamlError(l, c, "", exc.message))
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        l, c = _pos(mark) if mark else (0, 0)
        problem = (exc.problem or "").strip()
        context = f" {exc.context.strip()}" if exc.context else ""
        doc.errors.append(YamlError(l, c, "", f"the YAML cannot be read ({problem}{context}); check the indentation and quoting near here"))
        return doc
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        doc.errors.append(YamlError(line, column, "", f"the file holds a control character (#x{exc.character:04x}) that YAML does not allow; delete it"))
        return doc
    except yaml.YAMLError as exc:
        doc.errors.append(YamlError(0, 0, "", f"the YAML cannot be read ({exc}); check the file's syntax"))
        return doc
    except RecursionError:
        doc.errors.append(YamlError(0, 0, "", "the YAML is nested too deeply; records are at most a few levels deep"))
        return doc
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        doc.errors.append(YamlError(1, 1, "", "the file is empty; expected the record's fields, one `name: value` a line"))
        return doc
    if not isinstance(node, MappingNode):
        l, c = _pos(node.start_mark)
        doc.errors.append(YamlError(l, c, "", "the file is not a list of fields; expected `name: value` lines"))
        return doc
    doc.data = _convert(node, (), loader, doc)
    return doc


def _convert(node, path: tuple, loader: _Loader, doc: Document):
    doc.positions[path] = _pos(node.start_mark)
    if isinstance(node, MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                l, c = _pos(key_node.start_mark)
                doc.errors.append(YamlError(l, c, _dotted(path), "a field name is not plain text; write `name: value`"))
                continue
            key = str(key_node.value)
            if key in out:
                l, c = _pos(key_node.start_mark)
                first = doc.key_positions[path + (key,)][0]
                doc.errors.append(YamlError(l, c, _dotted(path + (key,)), f"is given twice (first on line {first}); keep one"))
                continue
            doc.key_positions[path + (key,)] = _pos(key_node.start_mark)
            out[key] = _convert(value_node, path + (key,), loader, doc)
        return out
    if isinstance(node, SequenceNode):
        return [_convert(item, path + (i,), loader, doc) for i, item in enumerate(node.value)]
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        l, c = _pos(node.start_mark)
        doc.errors.append(YamlError(l, c, _dotted(path), f"the value cannot be read ({exc}); quote it"))
        return None
    if isinstance(value, float) and value != value:  # NaN would poison every comparison downstream
        l, c = _pos(node.start_mark)
        doc.errors.append(YamlError(l, c, _dotted(path), "is not a number (.nan); write a number or leave the field out"))
        return None
    return value


def _dotted(path: tuple) -> str:
    from .problems import field_path

    return field_path(path)
