"""One record (or one index) in one language, to a Markdown page.

Record text is data: every value reaches the page through Jinja's HTML escaping, or through md() for
the few Markdown headings, so nothing an editor writes can become markup. The markup itself lives in
templates/*.md.j2.
"""
from __future__ import annotations

import json
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import charts, names, schemas
from .dataset import HOURS, LEVELS
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


@lru_cache(maxsize=65536)
def _relative(from_url: str, to_url: str) -> str:
    rel = posixpath.relpath(to_url.rstrip("/") or ".", from_url.rstrip("/") or ".")
    return "./" if rel == "." else rel + "/"


@dataclass
class Page:
    """What a generated page needs besides its record: its language and where it sits."""

    lang: str
    url: str  # relative to the language root, e.g. "institutions/asys/"
    collection: Collection
    labels: Labels

    def href(self, target_url: str) -> str:
        """A relative link from this page to another page of the same language."""
        return _relative(self.url, target_url)

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
    # JSON strings are valid YAML scalars, and much quicker to write than through a YAML emitter.
    return "---\n" + "".join(f"{key}: {json.dumps(meta[key], ensure_ascii=False)}\n" for key in sorted(meta)) + "---\n\n"


def render_record(record: Record, page: Page) -> str:
    template = _environment().get_template(f"{record.kind}.md.j2")
    body = template.render(r=record, d=record.data, p=page, L=page.labels, c=page.collection)
    meta = {"stepkb_source": record.path, "stepkb_kind": record.kind}
    if record.kind in ("country", "institution", "curriculum"):
        meta["stepkb_country"] = record.country.upper()  # search labels and filters results by country
    if record.kind == "curriculum" and record.data.get("outcome"):
        meta["stepkb_outcome"] = record.data["outcome"]
    return front_matter(meta) + body


def render_index(kind: str, page: Page) -> str:
    template = _environment().get_template(f"index-{SECTIONS[kind]}.md.j2")
    body = template.render(p=page, L=page.labels, c=page.collection, sort_key=sort_key)
    # Lists repeat what the record pages say: keeping them out of search keeps each index small.
    return front_matter({"stepkb_index": SECTIONS[kind], "search": {"exclude": True}}) + body


def render_fields(page: Page) -> str:
    template = _environment().get_template("fields.md.j2")
    body = template.render(p=page, L=page.labels, reference=schemas.field_reference)
    return front_matter({"stepkb_index": "fields"}) + body


def _programme_rows(page: Page) -> list[dict]:
    rows = []
    for record in page.collection.curricula.values():
        d = record.data
        title, title_lang = page.name_of(record)
        provider = page.collection.institutions[record.institution]
        rows.append({
            "record": record,
            "title": title,
            "title_lang": title_lang,
            "href": page.href(url_of("curriculum", record.slug)),
            "provider": provider,
            "country": record.country,
            "country_name": page.country(record.country),
            "level": d["level"],
            "level_rank": LEVELS.index(d["level"]),
            "mode": d.get("mode"),
            "duration": d.get("duration_months"),
            "hours": d.get("hours") or {},
            "ects": d.get("ects"),
            "eqf": d.get("eqf_level"),
            "accreditation": d.get("accreditation") or [],
            "languages": d.get("languages") or [],
        })
    rows.sort(key=lambda r: (sort_key(r["country_name"]), r["level_rank"], sort_key(r["title"])))
    return rows


def _country_rows(page: Page, rows: list[dict]) -> list[dict]:
    out = []
    for code in page.countries_sorted():
        mine = [r for r in rows if r["country"] == code]
        ects = [r["ects"] for r in mine if r["ects"]]
        totals = [r["hours"]["total"] for r in mine if r["hours"].get("total")]
        data = page.collection.countries[code].data
        out.append({
            "record": page.collection.countries[code],
            "name": page.country(code),
            "programmes": len(mine),
            "levels": sorted({r["level"] for r in mine}, key=LEVELS.index),
            "ects": (min(ects), max(ects)) if ects else None,
            "hours": (min(totals), max(totals)) if totals else None,
            "title_protection": data.get("title_protection"),
            "training_in_law": data.get("training_in_law"),
        })
    return out


def render_compare(page: Page, data_href: str) -> str:
    rows = _programme_rows(page)
    labels = page.labels
    chart = charts.hours_chart(
        [{"name": r["title"], "lang": r["title_lang"], "href": r["href"], "hours": r["hours"]} for r in rows],
        labels("compare.chart.title"),
        labels("compare.chart.description"),
        {c: labels(f"hours.{c}") for c in HOURS},
        page.number,
    )
    template = _environment().get_template("compare.md.j2")
    body = template.render(
        p=page, L=labels, rows=rows, countries=_country_rows(page, rows), chart=Markup(chart), hours=HOURS, levels=LEVELS,
        data_href=data_href,
        accreditations=sorted({a for r in rows for a in r["accreditation"]}, key=sort_key),
        languages=sorted({code for r in rows for code in r["languages"]}, key=lambda code: sort_key(page.language(code))),
    )
    return front_matter({"stepkb_index": "compare", "search": {"exclude": True}}) + body


def glossary_entries(collection: Collection, lang: str, languages: list[str]) -> list[dict]:
    """Each term in one language (English where it has no entry yet), with its equivalents."""
    if collection.glossary is None:
        return []
    out = []
    for slug, entry in collection.glossary.data.items():
        own = entry.get(lang)
        used = lang if own else "en"
        own = own or entry["en"]
        out.append({
            "slug": slug,
            "lang": used,
            "term": own["term"],
            "definition": own["definition"],
            "synonyms": own.get("synonyms") or [],
            "equivalents": [(code, entry[code]["term"]) for code in languages if code != lang and code in entry],
        })
    out.sort(key=lambda item: sort_key(item["term"]))
    return out


def render_glossary(page: Page, languages: list[str]) -> str:
    template = _environment().get_template("glossary.md.j2")
    body = template.render(p=page, L=page.labels, entries=glossary_entries(page.collection, page.lang, languages))
    return front_matter({"stepkb_source": "partners/glossary.yml", "stepkb_kind": "glossary"}) + body


def render_home_map(page: Page) -> str:
    """The home page's map of Europe, its caption with the counts, and the same links as a list."""
    from .europe_map import europe_svg

    countries = page.countries_sorted()
    labels = page.labels
    svg = europe_svg(
        {code: page.href(url_of("country", code)) for code in countries},
        {code: page.country(code) for code in countries},
        labels("home.map.title"),
        labels("home.map.description"),
        page.lang,
    )
    template = _environment().get_template("home-map.html.j2")
    return template.render(p=page, L=labels, c=page.collection, svg=Markup(svg), countries=countries)
