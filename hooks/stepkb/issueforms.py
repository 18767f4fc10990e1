"""GitHub issue forms made from the record schemas: a way in for people who do not use git.

- `.github/ISSUE_TEMPLATE/add-a-record.yml`, "Add an institution or programme": one question per field of
  the institution and programme schemas; the record-from-issue workflow turns a submitted form into a
  pull request holding the YAML file (fromissue.py).
- `.github/ISSUE_TEMPLATE/correct-a-record.yml`, "Correct a record": the record's path (the input `record`,
  which a link `.../issues/new?template=correct-a-record.yml&record=partners/...` fills in), the fields
  that are wrong, what they should say and the source.

Both are written by `make generate`; a test fails while the committed files differ from fresh ones.
The questions of the add form come from one list (`questions`), which the conversion reads too, so the
form and the conversion cannot disagree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import schemas

FOLDER = ".github/ISSUE_TEMPLATE"
ADD = f"{FOLDER}/add-a-record.yml"
CORRECT = f"{FOLDER}/correct-a-record.yml"
ADD_LABEL = "add-record"
KINDS = {"institution": "An institution", "curriculum": "A programme"}  # the answers to "What are you adding?"
KIND_WORDS = {"institution": "institution", "curriculum": "programme"}
NO_ANSWER = "_No response_"  # what GitHub writes for a question left empty
YES_NO = {"yes": True, "no": False}
LIST_SEPARATOR = "|"  # between the parts of one line of a list of groups (a source: title | address | date)
# Answers that say where the record goes, asked once for both kinds.
PLACE = ("kind", "country", "institution", "programme")


@dataclass(frozen=True)
class Question:
    """One question of the add form, and the record field its answer goes to."""

    id: str
    kind: str  # "institution", "curriculum", or "" for the questions about the record's place
    path: tuple  # the field, e.g. ("hours", "taught"); () for place questions
    label: str
    shape: str  # text, prose, number, integer, yes-no, choice, list, list-of-groups, yaml
    spec: dict

    def element(self) -> dict:
        spec = self.spec
        field = ".".join(self.path)
        described = " ".join(spec.get("description", "").split())
        expected = schemas.expected_text(spec)
        attributes: dict = {"label": self.label}
        text = f"`{field}`: {described}" if field else described
        if self.shape == "choice":
            attributes["description"] = text
            attributes["options"] = list(spec["enum"])
            return {"type": "dropdown", "id": self.id, "attributes": attributes}
        if self.shape == "yes-no":
            attributes["description"] = text
            attributes["options"] = list(YES_NO)
            return {"type": "dropdown", "id": self.id, "attributes": attributes}
        if self.shape == "list":
            text += f" Expected: {expected}, separated by commas."
        elif self.shape == "list-of-groups":
            parts = [name for name, _ in group_fields(spec["items"])]
            text += f" One a line, its parts separated by {LIST_SEPARATOR}: {f' {LIST_SEPARATOR} '.join(parts)}."
        elif self.shape == "yaml":
            text += " Write it as YAML."
        elif expected != "text":
            text += f" Expected: {expected}."
        attributes["description"] = text
        element = {"type": "textarea" if self.shape in ("prose", "list-of-groups", "yaml") else "input", "id": self.id, "attributes": attributes}
        if self.shape == "yaml":
            attributes["render"] = "yaml"
        return element


def group_fields(spec: dict) -> list[tuple[str, dict]]:
    """A group's fields, the required first: the order of the parts of a line in a list of groups."""
    required = spec.get("required", [])
    return sorted(spec.get("properties", {}).items(), key=lambda item: item[0] not in required)


def _scalar(spec: dict) -> bool:
    return spec.get("type") in ("string", "number", "integer", "boolean") and not any(k in spec for k in ("anyOf", "oneOf", "allOf"))


def _shape(spec: dict) -> str:
    kind = spec.get("type")
    if not _scalar(spec):
        if kind == "array" and _scalar(spec.get("items", {})):
            return "list"
        if kind == "array" and spec.get("items", {}).get("type") == "object" and all(_scalar(s) for _, s in group_fields(spec["items"])):
            return "list-of-groups"
        return "yaml"
    if "enum" in spec:
        return "choice"
    if kind == "boolean":
        return "yes-no"
    if kind in ("number", "integer"):
        return kind
    return "prose" if spec.get("x-translatable") else "text"


def _words(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _record_questions(kind: str) -> list[Question]:
    spec = schemas.inlined(kind)
    required = spec.get("required", [])
    out = []
    for name, sub in spec.get("properties", {}).items():
        if kind == "institution" and name == "country":
            continue  # asked once, as the record's place
        mark = " *" if name in required else ""
        label = f"{KIND_WORDS[kind].capitalize()}: {_words(name)}{mark}"
        if sub.get("type") == "object" and "properties" in sub and all(_scalar(s) for s in sub["properties"].values()):
            for part, part_spec in sub["properties"].items():
                part_mark = " *" if name in required and part in sub.get("required", []) else ""
                out.append(Question(f"{KIND_WORDS[kind]}-{name}-{part}".replace("_", "-"), kind, (name, part),
                                    f"{KIND_WORDS[kind].capitalize()}: {_words(name)}: {part.replace('_', ' ')}{part_mark}", _shape(part_spec), part_spec))
            continue
        out.append(Question(f"{KIND_WORDS[kind]}-{name}".replace("_", "-"), kind, (name,), label, _shape(sub), sub))
    return out


def questions() -> list[Question]:
    country = schemas.inlined("institution")["properties"]["country"]
    slug = schemas.schema("curriculum")["$defs"]["slug"]
    place = [
        Question("kind", "", (), "What are you adding?", "choice", {"enum": list(KINDS.values()), "description": "A new institution, or a programme of an institution."}),
        Question("country", "", (), "Country", "text", {**country, "description": "The country the institution is in, as its ISO code."}),
        Question("institution", "", (), "Institution's folder name", "text", {**slug, "description": (
            "For a new institution: the short name its folder will have, in lower-case words joined by hyphens. "
            "For a programme: the folder name of the institution that provides it, as in the address of its page "
            "(…/institutions/<folder name>/); add the institution first if it is not on the site yet.")}),
        Question("programme", "", (), "Programme's file name", "text", {**slug, "description": (
            "Only for a programme: a short name for it, in lower-case words joined by hyphens.")}),
    ]
    return place + [q for kind in KINDS for q in _record_questions(kind)]


def add_form() -> dict:
    body: list[dict] = [{"type": "markdown", "attributes": {"value": (
        "Propose a new institution or programme for the STEP knowledge base. A pull request holding the record is made "
        "from your answers; if an answer needs fixing, a comment on this issue says which, and you can edit the issue. "
        "Questions marked * are required for that kind of record. Write only what your sources say and leave the rest "
        "empty: unknown stays unknown. Every record needs at least one source.")}}]
    current = None
    for q in questions():
        if q.kind != current and q.kind:
            current = q.kind
            body.append({"type": "markdown", "attributes": {"value": f"## The {KIND_WORDS[q.kind]}\n\nOnly for {KINDS[q.kind].lower()}."}})
        element = q.element()
        if q.id in ("kind", "country", "institution"):
            element["validations"] = {"required": True}
        body.append(element)
    return {
        "name": "Add an institution or programme",
        "description": "Propose a new institution or training programme, without git: a pull request is made from your answers.",
        "title": "Add: ",
        "labels": [ADD_LABEL],
        "body": body,
    }


def field_choices() -> list[str]:
    """Every field of the record kinds, as the correction form offers them."""
    names: list[str] = []
    for kind in schemas.FOLDER_KINDS:
        for row in schemas.field_reference(kind):
            name = re.sub(r"\[\]\..*$", "", row["name"])  # a source's title is corrected as "sources"
            if name not in names:
                names.append(name)
    return names


def correct_form() -> dict:
    return {
        "name": "Correct a record",
        "description": "Something on a page is wrong or out of date: say what, and where the right information is published.",
        "title": "Correct: ",
        "labels": ["correction"],
        "body": [
            {"type": "markdown", "attributes": {"value": (
                "Thank you for helping keep the knowledge base right. An editor checks your correction against its source "
                "and changes the record.")}},
            {"type": "input", "id": "record", "attributes": {
                "label": "Record", "description": ("The record's file, such as partners/at/asys/institution.yml: filled in when "
                                                   "you follow \"Suggest a correction\" on a page. Otherwise, the page's address.")},
             "validations": {"required": True}},
            {"type": "dropdown", "id": "fields", "attributes": {
                "label": "Which fields are wrong?", "description": "The parts of the record that need a correction (see the field reference).",
                "multiple": True, "options": field_choices()}},
            {"type": "textarea", "id": "correction", "attributes": {
                "label": "What is wrong, and what should it say?", "description": "In any language you like."},
             "validations": {"required": True}},
            {"type": "textarea", "id": "source", "attributes": {
                "label": "Source", "description": "Where the right information is published: an address, or a document's title and date."},
             "validations": {"required": True}},
        ],
    }


HEADER = "# Generated by `make generate` (hooks/stepkb/issueforms.py) from hooks/stepkb/schema/*.schema.json: do not edit.\n"


def dump(form: dict) -> str:
    return HEADER + yaml.safe_dump(form, sort_keys=False, allow_unicode=True, width=100)


def files() -> dict[str, str]:
    return {ADD: dump(add_form()), CORRECT: dump(correct_form())}


def write(project: Path) -> list[str]:
    for rel, text in files().items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text, encoding="utf-8")
    return list(files())
