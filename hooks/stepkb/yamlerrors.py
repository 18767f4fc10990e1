"""YAML syntax errors in an editor's words, at the place the mistake was made.

The parser reports where it gave up, in its own terms ("did not find expected key"), which is often
lines after the mistake: an unclosed quote runs on until the next quote in the file. This module looks
at the text itself for the usual mistakes, the earliest one first, and says what to do about it. The
parser's own position is only the fallback.
"""
from __future__ import annotations

import re

# Unicode spaces that look like a space but are not one to YAML.
LOOKALIKE_SPACES = {
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u2007": "a figure space (U+2007)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u2002": "an en space (U+2002)",
    "\u2003": "an em space (U+2003)",
    "\u2009": "a thin space (U+2009)",
    "\u3000": "an ideographic space (U+3000)",
}
INVISIBLE = {
    "\u200b": "a zero-width space (U+200B)",
    "\u200c": "a zero-width non-joiner (U+200C)",
    "\u200d": "a zero-width joiner (U+200D)",
    "\u2060": "a word joiner (U+2060)",
    "\ufeff": "a byte order mark (U+FEFF)",
    "\u00ad": "a soft hyphen (U+00AD)",
    **LOOKALIKE_SPACES,
}

# `key: ` or `- ` at the start of a line, then the value
_KEY = re.compile(r"^(?P<indent> *)(?:- +)*(?:(?P<key>[^\s#'\"\[\]{},][^#:]*?|\"[^\"]*\"|'[^']*'):(?: +|$))?")


def _value_start(line: str) -> int | None:
    """Index where a line's value starts (after `key: ` or `- `), or None for a comment or a blank line."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    m = _KEY.match(line)
    return m.end() if m else None


def _closing_quote(line: str, start: int) -> int | None:
    """Index of the quote that closes the one at `start`, or None if the line does not close it."""
    quote = line[start]
    i = start + 1
    while i < len(line):
        c = line[i]
        if quote == '"' and c == "\\":
            i += 2
            continue
        if c == quote:
            if quote == "'" and line[i + 1:i + 2] == "'":  # '' is an apostrophe inside single quotes
                i += 2
                continue
            return i
        i += 1
    return None


def _closing_bracket(line: str, start: int) -> int | None:
    depth = 0
    quote = None
    for i in range(start, len(line)):
        c = line[i]
        if quote:
            if c == quote:
                quote = None
            continue
        if c in "\"'":
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return i
        elif c == "#" and line[i - 1:i] in (" ", "\t"):
            return None
    return None


def _rest_is_comment(rest: str) -> bool:
    rest = rest.strip()
    return not rest or rest.startswith("#")


def _line_problem(line: str, number: int, in_block: bool) -> tuple[int, int, str] | None:
    """A mistake visible on one line by itself: an unclosed or misused quote or bracket."""
    if in_block:
        return None
    start = _value_start(line)
    if start is None or start >= len(line):
        return None
    first = line[start]
    col = start + 1
    if first in "\"'":
        end = _closing_quote(line, start)
        name = "double" if first == '"' else "single"
        if end is None:
            return (number, col, f"the {name} quote ({first}) that opens this value is not closed on this line; "
                                 f"add the closing {first} at the end of the value")
        if not _rest_is_comment(line[end + 1:]):
            if first == "'":
                return (number, col, "the text goes on after its closing quote ('); if the text itself holds an apostrophe, "
                                     "write it twice ('') or put the whole value in double quotes (\")")
            return (number, col, "the text goes on after its closing quote (\"); put the whole value inside the quotes, "
                                 "and write a quote that is part of the text as \\\"")
    elif first in "[{":
        end = _closing_bracket(line, start)
        kind, close = ("list", "]") if first == "[" else ("group of fields", "}")
        if end is None:
            return (number, col, f"the {kind} opened with {first} here is not closed on this line; end it with {close}, "
                                 "or put the value in quotes if it is text")
        if not _rest_is_comment(line[end + 1:]):
            return (number, col, f"a value that starts with {first} is read as a {kind}; put the whole value in quotes if it is text")
    return None


def lookalike_space(text: str) -> tuple[int, int, str] | None:
    """The first line indented with a Unicode space that YAML does not read as one."""
    for number, line in enumerate(text.splitlines(), 1):
        for i, c in enumerate(line):
            if c in LOOKALIKE_SPACES:
                return (number, i + 1, f"{LOOKALIKE_SPACES[c]} is used for indentation; replace it with ordinary spaces")
            if c not in " -":
                break
    return None


def _block_lines(lines: list[str]) -> set[int]:
    """Line indexes inside a block of text (after `key: |` or `key: >`), where quotes mean nothing."""
    inside: set[int] = set()
    block_indent = None
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                inside.add(i)
                continue
            block_indent = None
        if re.search(r":\s+[|>][-+0-9]*\s*(#.*)?$", line) or re.match(r"^\s*-\s+[|>][-+0-9]*\s*$", line):
            block_indent = indent
    return inside


def explain(text: str, problem: str, context: str, line: int, column: int, context_line: int | None) -> tuple[int, int, str]:
    """Turn a parser error into (line, column, message) in an editor's words."""
    lines = text.splitlines()
    last = max(line, context_line or 0)
    space = lookalike_space("\n".join(lines[:last]))
    if space:
        return space
    blocks = _block_lines(lines)
    for number in range(1, min(last, len(lines)) + 1):
        found = _line_problem(lines[number - 1], number, number - 1 in blocks)
        if found:
            return found
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    if "cannot start any token" in problem and 0 < column <= len(current):
        char = current[column - 1]
        return (line, column, f"a value cannot start with {char}; put the whole value in quotes")
    if "unknown escape character" in problem:
        return (line, column, "a backslash (\\) inside double quotes starts an escape; write it as \\\\, or use single quotes (') around the value")
    if "mapping values are not allowed" in problem:
        start = _value_start(current)
        if start is not None and start < column - 1 and len(current) - len(current.lstrip(" ")) == _indent_of_previous(lines, line):
            return (line, start + 1, "the value holds a colon followed by a space, which YAML reads as a new field; "
                                     "put the whole value in quotes")
        return (line, len(current) - len(current.lstrip(" ")) + 1,
                "this line is indented more than the field above it, as if it belonged inside it; line it up with the "
                "field names around it, or, if it continues the text above, put that text in quotes or after >-")
    if "mapping keys are not allowed" in problem:
        return (line, column, "a value cannot start with '? '; put the whole value in quotes")
    if "expected '-' indicator" in problem or "expected key" in problem or "expected <block end>" in problem:
        indent = len(current) - len(current.lstrip(" "))
        return (line, indent + 1, "this line's indentation does not match the lines above it; indent it by as many spaces "
                                  "as the other fields of its group (in a list, as the field after the '- ')")
    if "could not find expected ':'" in problem:
        where = context_line or line
        shown = lines[where - 1] if 0 < where <= len(lines) else ""
        indent = len(shown) - len(shown.lstrip(" "))
        return (where, indent + 1, "this line is not `name: value` (there is no colon after a field name); add the colon, "
                                   "or, if the line continues the text above, indent it under that text")
    if "end of stream" in problem:
        return (line, column, "the file ends in the middle of a value; close every quote and bracket")
    return (line, column, f"the YAML cannot be read here ({problem}{' ' + context if context else ''}); check the "
                          "indentation and the quotes on this line and the one above")


def _indent_of_previous(lines: list[str], line: int) -> int:
    for previous in reversed(lines[: line - 1]):
        if previous.strip() and not previous.lstrip().startswith("#"):
            return len(previous) - len(previous.lstrip(" "))
    return 0


def invisible_characters(name: str) -> str | None:
    """Names the invisible or look-alike characters in a field name, if it holds any."""
    found = [INVISIBLE[c] for c in dict.fromkeys(name) if c in INVISIBLE]
    if not found:
        return None
    return ", ".join(found)
