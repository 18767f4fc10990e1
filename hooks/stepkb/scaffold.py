"""Templates for new records, written from the schemas in the right place.

A template holds every field of its kind: the ones the editor gave (name, country...) filled in, the
other required ones holding a placeholder that `make check` refuses until it is replaced
(placeholders.py), and the optional ones as commented lines with what they expect. Being made from the
schemas, a template follows them when fields are added or renamed.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from babel import Locale
from babel.languages import get_official_languages

from . import placeholders, schemas

FIELD_REFERENCE = "hooks/stepkb/schema/README.md"


@dataclass
class Written:
    """What a scaffold command wrote, in words for its output."""

    files: list[tuple[str, str]] = field(default_factory=list)  # (path, what it is and what to do with it)
    notes: list[str] = field(default_factory=list)


def _quoted(value) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings, numbers and lists are valid YAML flow values


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[a-z)])\. (?=[A-Z])", text)[0].rstrip(".") + "." if text else ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _shape(spec: dict) -> str:
    """What a value looks like, in words, for a placeholder or a commented line."""
    return schemas.expected_text(spec)


def _example(spec: dict):
    """A value to show in a commented line: numbers and lists from the schema's examples; text only as
    its shape, since an example name or address would read as a suggestion for this record."""
    if spec.get("x-past") and spec.get("format") == "date":
        return date.today().isoformat()  # the day it is checked: today
    examples = spec.get("examples")
    if examples and spec.get("type") != "string":
        return examples[0]
    return None


def _prose(spec: dict) -> bool:
    return bool(spec.get("x-translatable"))


def _is_group(spec: dict) -> bool:
    return spec.get("type") == "object" and "properties" in spec


def _is_list_of_groups(spec: dict) -> bool:
    return spec.get("type") == "array" and _is_group(spec.get("items", {}))


def _tail(spec: dict, note: str | None = None) -> str:
    comment = note or _first_sentence(spec.get("description", ""))
    return f"  # {comment}" if comment else ""


def _sample(name: str, spec: dict) -> list[str]:
    """A field with an example or the shape of its value, at column 0, for a commented-out line."""
    tail = _tail(spec)
    if _is_group(spec):
        return [f"{name}:{tail}", *("  " + line for sub, s in spec["properties"].items() for line in _sample(sub, s))]
    if _is_list_of_groups(spec):
        inner = [line for sub, s in _ordered(spec["items"], list_item=True) for line in _sample(sub, s)]
        return [f"{name}:{tail}", *(("  - " if i == 0 else "    ") + line for i, line in enumerate(inner))]
    if _prose(spec):
        return [f"{name}: |-{tail}", f"  <{_shape(spec)}>"]
    example = _example(spec)
    return [f"{name}: {_quoted(example) if example is not None else '<' + _shape(spec) + '>'}{tail}"]


def _ordered(spec: dict, list_item: bool = False) -> list[tuple[str, dict]]:
    """Fields in schema order; in a list item the required ones first, so that the item starts with one."""
    required = spec.get("required", [])
    names = list(spec.get("properties", {}))
    if list_item:
        names.sort(key=lambda n: n not in required)
    return [(name, spec["properties"][name]) for name in names]


def _field(name: str, spec: dict, required: bool, values: dict, notes: dict, lead: str) -> list[str]:
    """One field's lines: given, a placeholder, or commented out. `lead` comes before its name."""
    col = len(lead)
    tail = _tail(spec, notes.get(name))
    if name in values:
        return [f"{lead}{name}: {_quoted(values[name])}{tail}"]
    if not required:
        return [" " * col + "# " + line for line in _sample(name, spec)]
    if _is_group(spec):
        return [f"{lead}{name}:{tail}", *_fields(spec, {}, {}, col + 2)]
    if _is_list_of_groups(spec):
        return [f"{lead}{name}:{tail}", *_fields(spec["items"], {}, {}, col + 4, list_item=True)]
    enum = "enum" in spec or "enum" in spec.get("items", {})
    described = _first_sentence(spec.get("description", ""))
    if described and not enum:
        # the placeholder says what to write; the comment would only repeat it
        wanted, tail = placeholders.placeholder(_lower_first(described)), ""
    else:
        wanted = placeholders.placeholder(_shape(spec))
    if spec.get("type") == "array":
        return [f"{lead}{name}: [{_quoted(wanted)}]{tail}"]
    if _prose(spec):
        return [f"{lead}{name}: |-{tail}", " " * (col + 2) + wanted]
    return [f"{lead}{name}: {_quoted(wanted)}{tail}"]


def _fields(spec: dict, values: dict, notes: dict, col: int, list_item: bool = False) -> list[str]:
    required = spec.get("required", [])
    lines: list[str] = []
    for i, (name, sub) in enumerate(_ordered(spec, list_item)):
        lead = " " * (col - 2) + "- " if list_item and i == 0 else " " * col
        lines += _field(name, sub, name in required, values, notes, lead)
    return lines


def template(kind: str, values: dict, notes: dict, depth: int, header: str) -> str:
    spec = schemas.inlined(kind)
    lines = [
        f"# yaml-language-server: $schema={'../' * depth}hooks/stepkb/schema/{kind}.schema.json",
        *(f"# {line}" for line in header.splitlines()),
        "# Replace every 'To be written:' with what your sources say; uncomment a field by deleting its '# '.",
        f"# Delete the lines you have no source for: unknown stays unknown. Field reference: {FIELD_REFERENCE}",
        *_fields(spec, values, notes, 0),
    ]
    return "\n".join(lines) + "\n"


def country_language(code: str, what: str = "the name is") -> tuple[str, str]:
    """The language a name (or a programme) from this country is most likely in, and a comment saying so."""
    known = set(schemas.language_codes())
    official = [lang for lang in get_official_languages(code) if lang in known]
    country = Locale("en").territories.get(code, code)
    if not official:
        return "en", f"no official language of {country} is known; write the code of the language {what} in"
    if len(official) == 1:
        return official[0], f"the official language of {country}; change it if {what} in another language"
    return official[0], (f"the most used of {country}'s official languages ({', '.join(official)}); "
                         f"change it if {what} in another one")


def _usage_error(field_name: str, message: str) -> ValueError:
    return ValueError(f"{field_name}: {message}")


def _country(code: str) -> str:
    code = (code or "").strip().upper()
    if code not in schemas.iso_countries():
        raise _usage_error("COUNTRY", f"'{code}' is not an ISO 3166-1 alpha-2 code; expected a code such as AT, DE, GB, NO")
    return code


def _slug(value: str, what: str, example: str) -> str:
    if not schemas.slug_pattern().match(value or ""):
        raise _usage_error("SLUG", f"'{value}' is not a valid slug; expected lower-case letters, digits and single hyphens, such as {example} ({what})")
    return value


def _write(project: Path, rel: str, text: str) -> None:
    target = project / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as out:  # never overwrite an editor's file
        out.write(text)


def _count(text: str) -> int:
    return sum(1 for line in text.splitlines() if placeholders.MARKER in line and not line.lstrip().startswith("#"))


def _new_country(project: Path, code: str, written: Written) -> None:
    rel = f"partners/{code.lower()}/country.yml"
    if (project / rel).exists():
        return
    name = Locale("en").territories.get(code, code)
    text = template("country", {"code": code}, {}, rel.count("/"), f"The national context of {name}. Its name in every language comes from CLDR.")
    _write(project, rel, text)
    written.files.append((rel, f"{name} had no country record yet: this is one, with {_count(text)} placeholders to replace"))


def new_institution(project: Path, country: str, slug: str, name: str, kind: str) -> Written:
    """Write the templates; returns what was written. Raises ValueError with an editor's message."""
    code = _country(country)
    _slug(slug, "the institution's folder name", "robert-gordon-university")
    kinds = schemas.institution_kinds()
    if kind not in kinds:
        raise _usage_error("KIND", f"'{kind}' is not a kind of institution; expected one of: {', '.join(kinds)}")
    if not (name or "").strip():
        raise _usage_error("NAME", "is empty; expected the institution's name in its own language")
    taken = sorted((project / "partners").glob(f"*/{slug}/institution.yml"))
    if taken:
        raise _usage_error("SLUG", f"'{slug}' is already used by {taken[0].relative_to(project).as_posix()}; expected a new folder name")
    written = Written()
    _new_country(project, code, written)
    language, note = country_language(code)
    rel = f"partners/{code.lower()}/{slug}/institution.yml"
    values = {"name": name.strip(), "name_language": language, "kind": kind, "country": code}
    text = template("institution", values, {"name_language": note}, rel.count("/"), f"A new institution: {name.strip()}.")
    _write(project, rel, text)
    written.files.insert(0, (rel, f"the institution, with {_count(text)} placeholders to replace"))
    written.notes.append(f"name_language is {language}: {note}.")
    return written


def new_programme(project: Path, country: str, institution: str, slug: str, title: str) -> Written:
    code = _country(country)
    folder = project / "partners" / code.lower() / (institution or "")
    if not (institution and (folder / "institution.yml").is_file()):
        elsewhere = sorted((project / "partners").glob(f"*/{institution}/institution.yml")) if institution else []
        hint = f" It is in {elsewhere[0].parent.relative_to(project).as_posix()}/: use COUNTRY={elsewhere[0].parent.parent.name}." if elsewhere else " Add it first with make new-institution."
        raise _usage_error("INSTITUTION", f"'{institution}' has no record in partners/{code.lower()}/; expected the folder name of the institution that provides the programme.{hint}")
    _slug(slug, "the programme's file name", "systemic-practice-foundation")
    taken = sorted((project / "partners").glob(f"*/*/curricula/{slug}.yml"))
    if taken:
        raise _usage_error("SLUG", f"'{slug}' is already used by {taken[0].relative_to(project).as_posix()}; expected a new file name")
    if not (title or "").strip():
        raise _usage_error("TITLE", "is empty; expected the programme's title in its own language")
    language, note = country_language(code, "it is taught")
    rel = f"partners/{code.lower()}/{institution}/curricula/{slug}.yml"
    values = {"title": title.strip(), "languages": [language]}
    notes = {"languages": f"languages of instruction: {note}"}
    text = template("curriculum", values, notes, rel.count("/"), f"A new programme of {institution}: {title.strip()}.")
    _write(project, rel, text)
    written = Written([(rel, f"the programme, with {_count(text)} placeholders to replace")])
    written.notes.append(f"languages is [{language}]: {note}.")
    return written
