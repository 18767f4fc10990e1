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

from . import charts, comparison, names, schemas
from .comparison import ACADEMIC_LEVELS, HOURS, OUTCOMES
from .labels import Labels
from .records import Collection, Record

TEMPLATE_DIR = Path(__file__).parent / "templates"
SECTIONS = {"country": "countries", "institution": "institutions", "curriculum": "programmes", "benchmark": "benchmarks"}
# The regulation themes countries are compared by: a page each, and a table on every country page.
THEMES = ("title-protection", "family-therapy-regulation", "training-accreditation", "social-work", "family-therapy-association")
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

    def place(self, name: str) -> tuple[str, str]:
        """A place's name in this language, and the language it is really in."""
        return self.collection.place(name, self.lang)

    def name_of(self, record: Record) -> tuple[str, str]:
        """A record's display name and its language.

        Names are shown as their owners write them; a name in another alphabet than the page's (Greek on
        a French page) is shown in its English form, which the facts table gives beside the original.
        """
        if record.kind == "country":
            return self.country(record.country), self.lang
        d = record.data
        if record.kind == "curriculum":
            text, lang, english = d["title"], d.get("title_language", (d.get("languages") or ["en"])[0]), d.get("english_title")
        else:
            text, lang, english = d["name"], d.get("name_language", "en"), d.get("english_name")
        if english and lang != self.lang and not names.latin_script(lang) and names.latin_script(self.lang):
            return english, "en"
        return text, lang

    def status(self, record: Record) -> str | None:
        return comparison.status(record)

    def completeness(self, record: Record) -> comparison.Completeness:
        return comparison.completeness(record)

    def figure(self, record: Record, field: str, shown: str) -> str:
        """A figure as shown, with "at least" where the source states it as a minimum."""
        minimum = field in (record.data.get("minimum") or [])
        return self.labels("value.at_least", value=shown) if minimum else shown

    def duration(self, months: float) -> str:
        return names.duration(months, self.lang)

    def hours(self, value: float) -> str:
        return names.hours(value, self.lang)

    def month(self, value: str) -> str:
        return names.month(value, self.lang)

    def cost(self, cost: dict) -> str:
        amount = names.money(cost["amount"], cost["currency"], self.lang)
        if cost.get("amount_max") is not None:
            amount = self.labels("value.range", low=amount, high=names.money(cost["amount_max"], cost["currency"], self.lang))
        return self.labels("cost." + cost["per"], amount=amount, year=cost["year"])

    def benchmarks(self, record: Record) -> list[Record]:
        return comparison.benchmarks_for(record, self.collection)

    def measures(self, record: Record, benchmark: Record) -> list[comparison.Measure]:
        return comparison.measures(record, benchmark)

    def measure_value(self, figure: str, value: float) -> str:
        return self.duration(value) if figure == "duration" else self.hours(value)

    def clock_hours(self, record: Record, component: str) -> float | None:
        return comparison.clock_hours(record.data, component)

    def body(self, record: Record, abbreviation: str) -> dict | None:
        return next((b for b in record.data.get("bodies") or [] if b.get("abbreviation") == abbreviation), None)

    def body_name(self, body: dict, record: Record) -> tuple[str, str]:
        """A body's name as it writes it, or in English where it writes in another alphabet."""
        lang = body.get("name_language") or names.official_language(record.country)
        if body.get("english_name") and not names.latin_script(lang) and lang != self.lang and names.latin_script(self.lang):
            return body["english_name"], "en"
        return body["name"], lang

    def country_language(self, record: Record) -> str:
        return names.official_language(record.country)

    def compared_with(self, benchmark: Record) -> list[Record]:
        """The programmes a benchmark is compared with, by country name and title."""
        return sorted(
            (r for r in self.collection.curricula.values() if benchmark in comparison.benchmarks_for(r, self.collection)),
            key=lambda r: (sort_key(self.country(r.country)), sort_key(self.name_of(r)[0])),
        )

    def benchmarks_sorted(self) -> list[Record]:
        """European benchmarks first, then by country name, then by outcome."""
        return sorted(
            self.collection.benchmarks.values(),
            key=lambda b: (b.data.get("country") is not None, sort_key(self.country(b.data["country"])) if b.data.get("country") else "", OUTCOMES.index(b.data["outcome"]), b.slug),
        )

    def percent(self, share: float) -> str:
        return names.percent(share, self.lang)

    def hour_components(self) -> tuple[str, ...]:
        return HOURS

    def join_labels(self, prefix: str, keys) -> str:
        return ", ".join(self.labels(prefix + key) for key in keys)

    def benchmark_line(self, record: Record, benchmark: Record) -> str:
        """One sentence: the programme's total hours against the benchmark's ("1,472 h; EFTA-TIC minimum
        700 h over 4 years")."""
        mine = comparison.clock_hours(record.data, "total")
        theirs = comparison.clock_hours(benchmark.data, "total")
        ours = self.labels("benchmark.line.hours", hours=self.hours(mine)) if mine is not None else self.labels("benchmark.line.no_hours")
        if mine is not None and "hours" in (record.data.get("minimum") or []):
            ours = self.labels("value.at_least", value=ours)
        months = benchmark.data.get("duration_months")
        name = benchmark.data["short_name"]
        if theirs is None:
            standard = self.labels("benchmark.line.standard_duration", benchmark=name, duration=self.duration(months)) if months else self.labels("benchmark.line.standard", benchmark=name)
        elif months:
            standard = self.labels("benchmark.line.standard_hours_duration", benchmark=name, hours=self.hours(theirs), duration=self.duration(months))
        else:
            standard = self.labels("benchmark.line.standard_hours", benchmark=name, hours=self.hours(theirs))
        return self.labels("benchmark.line", programme=ours, standard=standard)


def front_matter(meta: dict) -> str:
    # JSON strings are valid YAML scalars, and much quicker to write than through a YAML emitter.
    return "---\n" + "".join(f"{key}: {json.dumps(meta[key], ensure_ascii=False)}\n" for key in sorted(meta)) + "---\n\n"


def render_record(record: Record, page: Page) -> str:
    template = _environment().get_template(f"{record.kind}.md.j2")
    body = template.render(r=record, d=record.data, p=page, L=page.labels, c=page.collection, themes=THEMES)
    meta = {"stepkb_source": record.path, "stepkb_kind": record.kind}
    if record.kind in ("country", "institution", "curriculum"):
        meta["stepkb_country"] = record.country.upper()  # search labels and filters results by country
    if record.kind == "curriculum" and record.data.get("outcome"):
        meta["stepkb_outcome"] = record.data["outcome"]
    return front_matter(meta) + body


def render_index(kind: str, page: Page) -> str:
    template = _environment().get_template(f"index-{SECTIONS[kind]}.md.j2")
    body = template.render(p=page, L=page.labels, c=page.collection, sort_key=sort_key, themes=THEMES)
    # Lists repeat what the record pages say: keeping them out of search keeps each index small.
    return front_matter({"stepkb_index": SECTIONS[kind], "search": {"exclude": True}}) + body


def render_theme(theme: str, page: Page) -> str:
    """One regulation theme, every country side by side (or, for theme "", the list of themes)."""
    name = f"theme.md.j2" if theme else "index-themes.md.j2"
    body = _environment().get_template(name).render(p=page, L=page.labels, c=page.collection, theme=theme, themes=THEMES)
    return front_matter({"stepkb_index": "themes", "stepkb_kind": "theme"}) + body


def render_fields(page: Page) -> str:
    template = _environment().get_template("fields.md.j2")
    body = template.render(p=page, L=page.labels, reference=schemas.field_reference)
    return front_matter({"stepkb_index": "fields"}) + body


COMPARED_HOURS = ("taught", "supervision", "live_supervision", "practice", "personal_development", "total")


def _programme_rows(page: Page) -> list[dict]:
    rows = []
    for record in page.collection.curricula.values():
        d = record.data
        title, title_lang = page.name_of(record)
        state = comparison.status(record)
        done = comparison.completeness(record)
        hours = {h: comparison.clock_hours(d, h) for h in COMPARED_HOURS}
        hours["supervision_all"] = comparison.supervision_hours(d)
        rows.append({
            "record": record,
            "title": title,
            "title_lang": title_lang,
            "href": page.href(url_of("curriculum", record.slug)),
            "provider": page.collection.institutions[record.institution],
            "country": record.country,
            "country_name": page.country(record.country),
            "outcome": d["outcome"],
            "academic_level": d.get("academic_level"),
            "social_workers": d.get("social_workers"),
            "mode": d.get("mode"),
            "format": d.get("format"),
            "duration": d.get("duration_months"),
            "hours": hours,
            "hours_minimum": "hours" in (d.get("minimum") or []),
            "ects": d.get("ects"),
            "recognition": [*(d.get("accredited_by") or []), *(b for b in d.get("title_granted_by") or [] if b not in (d.get("accredited_by") or []))],
            "languages": d.get("languages") or [],
            "status": state,
            "cost": page.cost(d["cost"]) if d.get("cost") else None,
            "completeness": done,
        })
    rows.sort(key=lambda r: (sort_key(r["country_name"]), OUTCOMES.index(r["outcome"]), sort_key(r["title"])))
    return rows


def _benchmark_rows(page: Page) -> list[dict]:
    rows = []
    for b in page.benchmarks_sorted():
        d = b.data
        hours = {h: comparison.clock_hours(d, h) for h in COMPARED_HOURS}
        hours["supervision_all"] = comparison.supervision_hours(d)
        rows.append({"record": b, "name": d["short_name"], "href": page.href(url_of("benchmark", b.slug)), "scope": page.country(d["country"]) if d.get("country") else page.labels("value.europe"),
                     "outcome": d["outcome"], "duration": d.get("duration_months"), "hours": hours, "minimum": set(d.get("minimum") or []), "ects": d.get("ects")})
    return rows


def _country_rows(page: Page, rows: list[dict]) -> list[dict]:
    """Countries by their regulation themes and how many programmes they have; never one programme's
    figures, which would read as the country's."""
    out = []
    for code in page.countries_sorted():
        mine = [r for r in rows if r["country"] == code]
        out.append({
            "record": page.collection.countries[code],
            "name": page.country(code),
            "programmes": len(mine),
            "for_social_workers": sum(1 for r in mine if r["social_workers"] in ("aimed", "open")),
        })
    return out


def render_compare(page: Page, data_href: str) -> str:
    rows = _programme_rows(page)
    labels = page.labels
    chart = charts.hours_chart(
        [{"name": r["title"], "lang": r["title_lang"], "href": r["href"], "hours": {h: v for h in HOURS if (v := comparison.clock_hours(r["record"].data, h)) is not None}} for r in rows],
        labels("compare.chart.title"),
        labels("compare.chart.description"),
        {c: labels(f"hours.{c}") for c in HOURS},
        page.number,
    )
    template = _environment().get_template("compare.md.j2")
    done = comparison.completeness([r["record"] for r in rows])
    body = template.render(
        p=page, L=labels, rows=rows, benchmarks=_benchmark_rows(page), countries=_country_rows(page, rows), chart=Markup(chart),
        hours=COMPARED_HOURS, outcomes=OUTCOMES, academic_levels=ACADEMIC_LEVELS, themes=THEMES, data_href=data_href, done=done,
        recognitions=sorted({a for r in rows for a in r["recognition"]}, key=sort_key),
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
