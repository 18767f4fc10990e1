"""One record (or one index) in one language, to a Markdown page.

Record text is data: every value reaches the page through Jinja's HTML escaping, or through md() for
the few Markdown headings, so nothing an editor writes can become markup. The markup itself lives in
templates/*.md.j2.
"""
from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup, escape

from . import names, schemas
from .labels import Labels
from .records import Collection, Record

TEMPLATE_DIR = Path(__file__).parent / "templates"
SECTIONS = {"country": "countries", "institution": "institutions", "curriculum": "programmes"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~^=:<])")


def md(text: str) -> Markup:
    """Text made inert for a Markdown line: HTML-escaped, then Markdown punctuation backslash-escaped."""
    flat = " ".join(str(text).split())
    escaped = str(escape(flat))
    # After HTML escaping, '<' and '>' are entities; escape the rest of Markdown's punctuation.
    return Markup(_MD_SPECIAL.sub(r"\\\1", escaped))


def paragraphs(text: str | None) -> list[str]:
    if not text:
        return []
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", str(text)) if block.strip()]


def sort_key(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def url_of(kind: str, slug: str) -> str:
    """A page's address relative to its language's root, as MkDocs makes it (directory URLs)."""
    return f"{SECTIONS[kind]}/{slug.lower()}/"


def src_of(kind: str, slug: str) -> str:
    return f"{SECTIONS[kind]}/{slug.lower()}.md"


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["paragraphs"] = paragraphs
    env.globals["url_of"] = url_of
    return env


@dataclass
class Page:
    """What a generated page needs besides its record: its language and where it sits."""

    lang: str
    url: str  # relative to the language root, e.g. "institutions/asys/"
    collection: Collection
    labels: Labels

    def href(self, target_url: str) -> str:
        """A relative link from this page to another page of the same language."""
        rel = posixpath.relpath(target_url.rstrip("/") or ".", self.url.rstrip("/") or ".")
        return "./" if rel == "." else rel + "/"

    def countries_sorted(self) -> list[str]:
        """Country codes in the order of their names in this language."""
        return sorted(self.collection.countries, key=lambda code: sort_key(self.country(code)))

    # names and values, localised
    def country(self, code: str) -> str:
        return names.country(code, self.lang)

    def language(self, code: str) -> str:
        return names.language(code, self.lang)

    def number(self, value) -> str:
        return names.number(value, self.lang)

    def day(self, iso: str) -> str:
        return names.day(iso, self.lang)

    def days(self, start: str, end: str) -> str:
        return names.days(start, end, self.lang)

    def text(self, record: Record, field: str) -> tuple[str | None, str]:
        return record.text(field, self.lang)

    def name_of(self, record: Record) -> tuple[str, str]:
        """A record's display name and its language."""
        if record.kind == "institution":
            return record.data["name"], record.data.get("name_language", "en")
        if record.kind == "curriculum":
            langs = record.data.get("languages") or ["en"]
            return record.data["title"], record.data.get("title_language", langs[0])
        return self.country(record.country), self.lang


def front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n"


def render_record(record: Record, page: Page) -> str:
    template = _environment().get_template(f"{record.kind}.md.j2")
    body = template.render(r=record, d=record.data, p=page, L=page.labels, c=page.collection)
    return front_matter({"stepkb_source": record.path, "stepkb_kind": record.kind}) + body


def render_index(kind: str, page: Page) -> str:
    template = _environment().get_template(f"index-{SECTIONS[kind]}.md.j2")
    body = template.render(p=page, L=page.labels, c=page.collection, sort_key=sort_key)
    return front_matter({"stepkb_index": SECTIONS[kind]}) + body


def render_fields(page: Page) -> str:
    template = _environment().get_template("fields.md.j2")
    body = template.render(p=page, L=page.labels, reference=schemas.field_reference)
    return front_matter({"stepkb_index": "fields"}) + body
