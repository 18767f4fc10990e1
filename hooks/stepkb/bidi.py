"""Bidirectional control characters in record text, kept from reordering the text around them.

A right-to-left override (U+202E) in a programme's title would otherwise run on past the title and
reverse what follows it on the line: our labels, a date, the next cell's text. isolate() wraps such
text in a first-strong isolate (U+2068 ... U+2069), the plain-text form of <bdi>, after closing every
embedding and isolate the text opens and dropping closers it has no opener for (a stray U+2069 would
end our isolate early). It works alike in element text, attributes and <title>, where markup cannot go.
Text without these characters is returned unchanged, so ordinary pages stay byte for byte the same.
"""
from __future__ import annotations

import re

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
EMBEDDINGS = {LRE, RLE, LRO, RLO}
ISOLATES = {LRI, RLI, FSI}
# The controls above, and the marks (LRM, RLM, ALM) that change how neighbouring characters are ordered.
_ANY = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def has_controls(text: str) -> bool:
    return _ANY.search(text) is not None


def isolate(text: str) -> str:
    """The text, isolated from its surroundings if it holds bidirectional controls; else unchanged."""
    if not has_controls(text):
        return text
    out: list[str] = []
    stack: list[str] = []
    for char in text:
        if char in EMBEDDINGS or char in ISOLATES:
            stack.append(char)
        elif char == PDF:
            if not stack or stack[-1] not in EMBEDDINGS:
                continue  # closes nothing: drop it
            stack.pop()
        elif char == PDI:
            if not any(c in ISOLATES for c in stack):
                continue  # closes nothing: drop it, or it would close our own isolate
            while stack.pop() not in ISOLATES:
                pass
        out.append(char)
    closers = "".join(PDI if opener in ISOLATES else PDF for opener in reversed(stack))
    return FSI + "".join(out) + closers + PDI
