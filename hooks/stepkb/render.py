"""One record (or one index) in one language, to a Markdown page.

Record text is data: every value reaches the page through Jinja's HTML escaping, or through md() for
the few Markdown headings, so nothing an editor writes can become markup, and it is escaped exactly once:
md() writes Markdown that Python-Markdown turns back into the same text (see md()). Text holding
bidirectional controls is isolated on the way (bidi.isolate, applied to every value a template prints).
The markup itself lives in templates/*.md.j2.
"""
from __future__ import annotations

import json
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup

from . import bidi, charts, names, schemas
from .dataset import HOURS, LEVELS
from .labels import Labels
from .records import Collection, Record

TEMPLATE_DIR = Path(__file__).parent / "templates"
SECTIONS = {"country": "countries", "institution": "institutions", "curriculum": "programmes"}
# The characters Python-Markdown (with the tables extension) lets a backslash escape. Others, such as
# ':' '=' '~' '^', have no meaning in a heading line and a backslash before them would stay visible.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md(text) -> Markup:
    """Text made inert for one Markdown line (a heading), so that the reader sees exactly the text.

    '&', '<' and '>' become the entities Markdown passes through as text; quotes stay as they are
    (MkDocs takes the page title from the heading's HTML, and an entity such as &#39; would be escaped
    a second time on its way to <title>, the header and the table of contents); Markdown's own
    punctuation is backslash-escaped."""
    flat = bidi.isolate(" ".join(str(text).split()))
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MD_SPECIAL.sub(r"\\\1", flat))


def _printed(value):
    """Jinja's finalize: every value a template prints, before autoescaping; record text is isolated."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return bidi.isolate(value)
    return value


def token(text) -> str:
    """A value as one word for the comparison's filters (rows list theirs in data-* attributes,
    separated by spaces): its spaces become underscores."""
    return "_".join(str(text).split())


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
        finalize=_printed,
    )
    env.filters["md"] = md
    env.filters["paragraphs"] = paragraphs
    env.filters["token"] = token
    env.globals["url_of"] = url_of
    return env


@lru_cache(maxsize=65536)
def _relative(from_url: str, to_url: str) -> str:
    rel = posixpath.relpath(to_url.rstrip("/") or ".", from_url.rstrip("/") or ".")
    return "./" if rel == "." else rel + "/"


# The issue form for corrections (.github/ISSUE_TEMPLATE/); its `record` input is filled in from the link.
CORRECTION_FORM = "correct-a-record.yml"
COMPARE_URL = "compare/"


@dataclass(frozen=True)
class Site:
    """What pages need to know about the whole site, the same for every page of one build."""

    url: str = ""  # the published address, e.g. "https://example.org/step/"; "" when unknown
    repo_url: str = ""
    default_lang: str = "en"  # the language served at the root
    changed: dict = field(default_factory=dict)  # file path -> ISO date of its last commit (history.py)
    today: str = ""  # ISO date this build counts as today (history.reference_date)


@dataclass
class Page:
    """What a generated page needs besides its record: its language and where it sits."""

    lang: str
    url: str  # relative to the language root, e.g. "institutions/asys/"
    collection: Collection
    labels: Labels
    site: Site = field(default_factory=Site)

    def href(self, target_url: str) -> str:
        """A relative link from this page to another page of the same language."""
        return _relative(self.url, target_url)

    def absolute_url(self) -> str:
        """This page's published address ("" when the site's address is unknown)."""
        if not self.site.url:
            return ""
        root = "" if self.lang == self.site.default_lang else self.lang + "/"
        return self.site.url.rstrip("/") + "/" + root + self.url

    # what a reader needs to judge a record (templates/_macros.j2, trust)
    def last_checked(self, record: Record) -> str | None:
        """The latest day one of the record's sources was checked, as ISO date; None if none says."""
        days = [s["checked"] for s in record.data.get("sources") or [] if isinstance(s, dict) and s.get("checked")]
        return max(days) if days else None

    def last_changed(self, record: Record) -> str | None:
        """The day of the last commit that changed the record or one of its translations."""
        days = [self.site.changed.get(path) for path in (record.path, *(t.path for t in record.translations.values()))]
        days = [d for d in days if d]
        return max(days) if days else None

    def closed(self, record: Record) -> bool:
        """A programme no longer offered: its status says so, or its last year is before this year."""
        d = record.data
        if d.get("status") == "closed":
            return True
        until = d.get("offered_until")
        return isinstance(until, int) and bool(self.site.today) and until < int(self.site.today[:4])

    def correction_url(self, record: Record) -> str:
        """The repository's "correct a record" issue form, with this record's file filled in."""
        if not self.site.repo_url:
            return ""
        query = urlencode({"template": CORRECTION_FORM, "record": record.path})
        return f"{self.site.repo_url.rstrip('/')}/issues/new?{query}"

    def compare_href(self, record: Record) -> str:
        """The comparison page with this programme selected."""
        return self.href(COMPARE_URL) + "?" + urlencode({"select": record.slug})

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


def description(text: str | None, limit: int = 200) -> str:
    """A page's meta description: the text on one line, cut at a word before `limit` characters."""
    flat = " ".join(str(text or "").split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return bidi.isolate(flat)


def record_description(record: Record, page: Page) -> str:
    summary, _ = page.text(record, "summary")
    if summary:
        return description(summary)
    return description(page.labels("meta.record", name=page.name_of(record)[0]))


def render_record(record: Record, page: Page) -> str:
    template = _environment().get_template(f"{record.kind}.md.j2")
    body = template.render(r=record, d=record.data, p=page, L=page.labels, c=page.collection)
    meta = {"stepkb_source": record.path, "stepkb_kind": record.kind, "description": record_description(record, page)}
    return front_matter(meta) + body


def render_index(kind: str, page: Page) -> str:
    template = _environment().get_template(f"index-{SECTIONS[kind]}.md.j2")
    body = template.render(p=page, L=page.labels, c=page.collection, sort_key=sort_key)
    # Lists repeat what the record pages say: keeping them out of search keeps each index small.
    meta = {"stepkb_index": SECTIONS[kind], "search": {"exclude": True}, "description": description(page.labels(f"index.{SECTIONS[kind]}.intro"))}
    return front_matter(meta) + body


def render_fields(page: Page) -> str:
    template = _environment().get_template("fields.md.j2")
    body = template.render(p=page, L=page.labels, reference=schemas.field_reference)
    return front_matter({"stepkb_index": "fields", "description": description(page.labels("fields.intro"))}) + body


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
            "language_names": [page.language(code) for code in d.get("languages") or []],
            "closed": page.closed(record),
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
        {
            "legend": labels("compare.chart.legend"),
            "bar": labels("compare.chart.bar"),
            "table": labels("compare.chart.table"),
            "caption": labels("compare.chart.title"),
            "name": labels("column.name"),
            "unknown": charts.unknown_cell(labels("value.unknown")),
        },
        {c: labels(f"hours.{c}") for c in HOURS},
        page.number,
    )
    countries = _country_rows(page, rows)
    # Each filter's choices: (value, text), the value as the rows list it in their data-* attribute.
    filters = {
        "country": [(c["record"].country, c["name"]) for c in countries],
        "level": [(level, labels(f"level.{level}")) for level in LEVELS],
        "language": sorted(
            ((code, page.language(code)) for code in {code for r in rows for code in r["languages"]}), key=lambda pair: sort_key(pair[1])
        ),
        "accreditation": [(a, a) for a in sorted({a for r in rows for a in r["accreditation"]}, key=sort_key)],
    }
    template = _environment().get_template("compare.md.j2")
    body = template.render(
        p=page, L=labels, rows=rows, countries=countries, chart=Markup(chart), hours=HOURS, filters=filters, data_href=data_href,
    )
    meta = {"stepkb_index": "compare", "search": {"exclude": True}, "description": description(page.labels("compare.description"))}
    return front_matter(meta) + body


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
    meta = {"stepkb_source": "partners/glossary.yml", "stepkb_kind": "glossary", "description": description(page.labels("glossary.intro"))}
    return front_matter(meta) + body


# A country's shade on the home map: step n for at least SHADE_STEPS[n-1] programmes, 0 for none.
SHADE_STEPS = (1, 2, 4)


def shade(count: int) -> int:
    return sum(1 for threshold in SHADE_STEPS if count >= threshold)


def render_home_map(page: Page) -> str:
    """The home page's map of Europe shaded by number of programmes, its legend, and the same links as a
    list with each country's count."""
    from .europe_map import europe_svg

    countries = page.countries_sorted()
    labels = page.labels
    counts = {code: len(page.collection.in_country("curriculum", code)) for code in countries}
    svg = europe_svg(
        {code: page.href(url_of("country", code)) for code in countries},
        {code: labels("home.map.country", country=page.country(code), programmes=labels.count("count.programmes", counts[code])) for code in countries},
        labels("home.map.title"),
        labels("home.map.description"),
        page.lang,
        shades={code: shade(n) for code, n in counts.items()},
    )
    template = _environment().get_template("home-map.html.j2")
    return template.render(p=page, L=labels, c=page.collection, svg=Markup(svg), countries=countries, counts=counts, steps=SHADE_STEPS)


def render_home_start(page: Page) -> str:
    """Where to start, on the home page's first screen: search, the main tasks, and the counts."""
    template = _environment().get_template("home-start.html.j2")
    return template.render(p=page, L=page.labels, c=page.collection)
