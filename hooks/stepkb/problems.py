"""A problem found in a record, in the form editors and their editors' tooling understand."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project folder, with forward slashes
    line: int  # 1-based; 0 when the problem is about the whole file
    column: int  # 1-based; 0 when unknown
    field: str  # dotted field path, e.g. "hours.taught" or "sources[0].url"; "" for the file
    message: str  # "what is wrong; what is expected"

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return one_line(f"{where}:{field} {self.message}")


# A problem is one line (editors' tools and GitHub annotations read it so): a line break or another
# control character quoted from a value is shown as an escape, the way it would be typed in quotes.
_CONTROLS = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F]} | {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_CONTROLS |= {code: f"\\u{code:04x}" for code in (0x85, 0x2028, 0x2029)}


def one_line(text: str) -> str:
    return text.translate(_CONTROLS)


class RecordsInvalid(Exception):
    """Raised by a build when the records have problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(summary(self.problems))


def summary(problems: list[Problem]) -> str:
    files = len({p.path for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    return f"{len(problems)} {noun} in {files} file{'s' if files != 1 else ''}"


def field_path(parts: tuple) -> str:
    """("sources", 0, "url") -> "sources[0].url"."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
