"""The field reference as a Markdown file (hooks/stepkb/schema/README.md), readable without a build.

Made from the schemas by `make generate`; a test compares the committed file with a fresh one.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2

from . import refs, schemas
from .render import TEMPLATE_DIR

OUTPUT = "hooks/stepkb/schema/README.md"
PATHS = {
    "institution": "partners/<cc>/<institution>/institution.yml",
    "curriculum": "partners/<cc>/<institution>/curricula/<programme>.yml",
    "country": "partners/<cc>/country.yml",
}


def plain_environment() -> jinja2.Environment:
    """For files that are not HTML (Markdown read as text, YAML): nothing is escaped, cells are kept on one line."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=False, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["cell"] = lambda text: " ".join(str(text).split()).replace("|", "\\|")
    env.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env


def kinds() -> list[str]:
    """Every kind with a schema: the record kinds of the country folders first, then the single-file ones."""
    return [*schemas.FOLDER_KINDS, *sorted(schemas.single_file_kinds())]


def _marks(row: dict) -> str:
    return ", ".join(mark for mark, on in (("required", row["required"]), ("translatable", row["translatable"])) if on)


def _expected(row: dict) -> str:
    text = row["expected"]
    if row["ref"] is not None:
        text += "; must be " + refs.describe(row["ref"])
    return text


def markdown() -> str:
    rows, titles, descriptions, paths, anchors = {}, {}, {}, {}, {}
    for kind in kinds():
        schema = schemas.schema(kind)
        titles[kind] = schema.get("title", kind)
        anchors[kind] = re.sub(r"[^a-z0-9 -]", "", titles[kind].lower()).replace(" ", "-")
        descriptions[kind] = " ".join(schema.get("description", "").split())
        paths[kind] = PATHS.get(kind, f"partners/{kind}.yml")
        rows[kind] = [{**row, "marks": _marks(row), "expected": _expected(row)} for row in schemas.field_reference(kind)]
    return plain_environment().get_template("schema-readme.md.j2").render(
        kinds=kinds(), rows=rows, titles=titles, descriptions=descriptions, paths=paths, anchors=anchors)


def write(project: Path) -> str:
    (project / OUTPUT).write_text(markdown(), encoding="utf-8")
    return OUTPUT
