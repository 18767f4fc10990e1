"""A submitted "Add an institution or programme" issue form, to a YAML record at the right path.

GitHub writes a form's answers into the issue body as `### <question>` followed by the answer
(`_No response_` when left empty). Each answer goes to the field its question was made from
(issueforms.questions); answers are typed by the schema where they can be (a number, yes/no, a list),
and otherwise kept as written, so that validation, the same as `make check`'s, says what is wrong in the
same words. A record is only written when it, and the records already there, pass.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import schemas
from .issueforms import KINDS, LIST_SEPARATOR, NO_ANSWER, YES_NO, Question, group_fields, questions
from .labels import site_languages
from .problems import Problem
from .validate import read_partners
from .yamlfile import parse_bytes, plain_scalar

FORM = "form"  # the path given to problems with the answers themselves, not with the record made from them


@dataclass
class Result:
    path: str = ""  # where the record goes, relative to the project
    text: str = ""  # the record's YAML
    problems: list[Problem] = field(default_factory=list)


def answers(body: str) -> dict[str, str]:
    """{question id: answer} from an issue body; unanswered questions are left out."""
    by_label = {q.label: q for q in questions()}
    found: dict[str, list[str]] = {}
    current = None
    for line in body.replace("\r\n", "\n").split("\n"):
        heading = re.match(r"^###\s+(.*?)\s*$", line)
        if heading and heading.group(1) in by_label:
            current = by_label[heading.group(1)].id
            found[current] = []
        elif current is not None:
            found[current].append(line)
    out = {}
    for qid, lines in found.items():
        text = "\n".join(lines).strip()
        fenced = re.match(r"^```[a-z]*\n(.*?)\n?```$", text, re.S)  # a textarea rendered as code
        if fenced:
            text = fenced.group(1).strip()
        if text and text != NO_ANSWER:
            out[qid] = text
    return out


def _typed(text: str, spec: dict):
    """An answer as the schema's type where it reads as one; as written otherwise (validation says why)."""
    kind = spec.get("type")
    if kind in ("number", "integer"):
        value = plain_scalar(text.strip())
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else text
    if kind == "boolean":
        return YES_NO.get(text.strip().lower(), text)
    return text


def _value(q: Question, text: str):
    spec = q.spec
    if q.shape == "list":
        return [_typed(part.strip(), spec.get("items", {})) for part in re.split(r"[,\n]", text) if part.strip()]
    if q.shape == "list-of-groups":
        items = []
        parts_spec = group_fields(spec["items"])
        for line in text.splitlines():
            line = re.sub(r"^\s*(?:[-*]|\d+[.)])\s+", "", line).strip()  # a list the contributor made themselves
            if not line:
                continue
            parts = [part.strip() for part in line.split(LIST_SEPARATOR)]
            items.append({name: _typed(part, sub) for (name, sub), part in zip(parts_spec, parts) if part})
        return items
    if q.shape == "yaml":
        return text  # parsed by the caller, which can report where it fails
    if q.shape == "prose":
        return "\n\n".join(" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip())
    return _typed(" ".join(text.split()), spec)


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def _order(data: dict, kind: str) -> dict:
    order = list(schemas.schema(kind)["properties"])
    return {name: data[name] for name in sorted(data, key=lambda n: order.index(n) if n in order else len(order))}


def _record_path(kind: str, country: str, institution: str, programme: str) -> str:
    if kind == "institution":
        return f"partners/{country.lower()}/{institution}/institution.yml"
    return f"partners/{country.lower()}/{institution}/curricula/{programme}.yml"


def convert(body: str, project: Path) -> Result:
    """The record an issue body describes, or the problems that stop it."""
    given = answers(body)
    by_id = {q.id: q for q in questions()}
    result = Result()
    problems = result.problems

    def wrong(qid: str, message: str):
        problems.append(Problem(FORM, 0, 0, by_id[qid].label, message))

    kind = next((k for k, answer in KINDS.items() if answer == given.get("kind")), None)
    if kind is None:
        wrong("kind", f"is not answered; expected {' or '.join(repr(a) for a in KINDS.values())}")
    country = given.get("country", "").strip().upper()
    if country not in schemas.iso_countries():
        wrong("country", f"'{given.get('country', '')}' is not a country code; expected {schemas.expected_text(by_id['country'].spec)}")
    slug_ok = schemas.slug_pattern().match
    institution = given.get("institution", "").strip()
    if not slug_ok(institution):
        wrong("institution", f"'{institution}' is not a folder name; expected {schemas.expected_text(by_id['institution'].spec)}")
    programme = given.get("programme", "").strip()
    if kind == "curriculum" and not slug_ok(programme):
        wrong("programme", f"'{programme}' is not a file name; expected {schemas.expected_text(by_id['programme'].spec)}")
    if problems:
        return result
    result.path = _record_path(kind, country, institution, programme)
    if (project / result.path).exists():
        qid = "institution" if kind == "institution" else "programme"
        wrong(qid, f"{result.path} exists already; expected a new name, or the \"Correct a record\" form to change that record")
        return result
    data: dict = {"country": country} if kind == "institution" else {}
    for q in questions():
        if q.kind != kind or q.id not in given:
            continue
        value = _value(q, given[q.id])
        if q.shape == "yaml":
            doc = parse_bytes(f"{q.path[-1]}:\n" + "".join(f"  {line}\n" for line in value.splitlines()))
            for error in doc.errors:
                problems.append(Problem(FORM, 0, 0, q.label, f"the YAML cannot be read: {error.message}"))
            if doc.errors:
                continue
            value = doc.data[q.path[-1]]
        target = data
        for part in q.path[:-1]:
            target = target.setdefault(part, {})
        target[q.path[-1]] = value
    if problems:
        return result
    header = f"# yaml-language-server: $schema={'../' * (result.path.count('/'))}hooks/stepkb/schema/{kind}.schema.json\n"
    result.text = header + yaml.dump(_order(data, kind), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    problems.extend(_check(project, result.path, result.text))
    return result


def _check(project: Path, rel: str, text: str) -> list[Problem]:
    """The new record's problems, checked among all the records as `make check` would."""
    with tempfile.TemporaryDirectory(prefix="stepkb-issue-") as tmp:
        copy = Path(tmp)
        shutil.copytree(project / "partners", copy / "partners", symlinks=True)
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel).write_text(text, encoding="utf-8")
        _, problems = read_partners(copy / "partners", copy, site_languages())
    return [p for p in problems if p.path == rel]


def comment(result: Result) -> str:
    """The issue comment for answers that could not become a record yet."""
    lines = [
        "Thank you! The record cannot be made from these answers yet. Please edit the issue (\"...\" then \"Edit\") and "
        "change the answers below; the check runs again when you save.",
        "",
        "```",
        *(str(p) for p in result.problems),
        "```",
    ]
    if result.text:
        lines += ["", f"Where a line number is given, it is a line of the record made from your answers, `{result.path}`:", "",
                  "```yaml", *(f"{text}" for text in result.text.rstrip("\n").split("\n")), "```"]
    return "\n".join(lines) + "\n"
