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
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup

from . import bidi, charts, comparison, names, schemas
from .comparison import ACADEMIC_LEVELS, HOURS, OUTCOMES
from .labels import Labels
from .records import Collection, Record

TEMPLATE_DIR = Path(__file__).parent / "templates"
SECTIONS = {"country": "countries", "institution": "institutions", "curriculum": "programmes", "benchmark": "benchmarks"}
# The regulation themes countries are compared by: a page each, and a table on every country page.
THEMES = ("title-protection", "family-therapy-regulation", "training-accreditation", "social-work", "family-therapy-association")
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


def sort_key(text: str, lang: str = "en") -> str:
    """Text as it sorts alphabetically in a language (names.collation_key)."""
    return names.collation_key(text, lang)


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
    env.filters["sentence"] = lambda text: Markup(text[:1].upper()) + text[1:] if isinstance(text, Markup) else str(text)[:1].upper() + str(text)[1:]
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
        """A programme no longer offered (comparison.status)."""
        return comparison.status(record) == "closed"

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
        return sorted(self.collection.countries, key=lambda code: sort_key(self.country(code), self.lang))

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
        return self.labels("value.at_least", value=shown) if self.minimum(record, field) else shown

    def minimum(self, record: Record, field: str) -> bool:
        """Whether the source states the figure (duration_months, ects, hours.<component>) as a minimum."""
        return comparison.is_minimum(record.data, field)

    def duration(self, months: float) -> str:
        return names.duration(months, self.lang)

    def hours(self, value: float) -> str:
        return names.hours(value, self.lang)

    def month(self, value: str) -> str:
        return names.month(value, self.lang)

    def begun(self, start: str) -> bool:
        """Whether a start announced as "YYYY-MM" or "YYYY-MM-DD" lies before the day this build counts as
        today: a course that has begun is no longer the next one, though the source still says "next"."""
        return bool(self.site.today) and start < self.site.today[:len(start)]

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
            key=lambda r: (sort_key(self.country(r.country), self.lang), sort_key(self.name_of(r)[0], self.lang)),
        )

    def benchmarks_sorted(self) -> list[Record]:
        """European benchmarks first, then by country name, then by outcome."""
        return sorted(
            self.collection.benchmarks.values(),
            key=lambda b: (b.data.get("country") is not None, sort_key(self.country(b.data["country"]), self.lang) if b.data.get("country") else "", OUTCOMES.index(b.data["outcome"]), b.slug),
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
        if mine is not None and comparison.is_minimum(record.data, "hours.total"):
            ours = self.labels("value.at_least", value=ours)
        months = benchmark.data.get("duration_months")
        name = benchmark.data["short_name"]
        if theirs is None:
            standard = self.labels("benchmark.line.standard_duration", benchmark=name, duration=self.duration(months)) if months else self.labels("benchmark.line.standard", benchmark=name)
        elif months:
            standard = self.labels("benchmark.line.standard_hours_duration", benchmark=name, hours=self.hours(theirs), duration=self.duration(months))
        else:
            standard = self.labels("benchmark.line.standard_hours", benchmark=name, hours=self.hours(theirs))
        line = self.labels("benchmark.line", programme=ours, standard=standard)
        return line[:1].upper() + line[1:]  # "at least 600 hours; ..." begins a sentence


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
    body = template.render(r=record, d=record.data, p=page, L=page.labels, c=page.collection, themes=THEMES)
    meta = {"stepkb_source": record.path, "stepkb_kind": record.kind, "description": record_description(record, page)}
    if record.kind in ("country", "institution", "curriculum"):
        meta["stepkb_country"] = record.country.upper()  # search labels and filters results by country
    if record.kind == "curriculum" and record.data.get("outcome"):
        meta["stepkb_outcome"] = record.data["outcome"]
    return front_matter(meta) + body


def render_index(kind: str, page: Page) -> str:
    template = _environment().get_template(f"index-{SECTIONS[kind]}.md.j2")
    body = template.render(p=page, L=page.labels, c=page.collection, sort_key=sort_key, themes=THEMES)
    # Lists repeat what the record pages say: keeping them out of search keeps each index small.
    meta = {"stepkb_index": SECTIONS[kind], "search": {"exclude": True}, "description": description(page.labels(f"index.{SECTIONS[kind]}.intro"))}
    return front_matter(meta) + body


def render_theme(theme: str, page: Page) -> str:
    """One regulation theme, every country side by side (or, for theme "", the list of themes)."""
    name = f"theme.md.j2" if theme else "index-themes.md.j2"
    body = _environment().get_template(name).render(p=page, L=page.labels, c=page.collection, theme=theme, themes=THEMES)
    intro = page.labels(f"theme.{theme}.intro" if theme else "index.themes.intro")
    return front_matter({"stepkb_index": "themes", "stepkb_kind": "theme", "description": description(intro)}) + body


def render_fields(page: Page) -> str:
    template = _environment().get_template("fields.md.j2")
    body = template.render(p=page, L=page.labels, reference=schemas.field_reference)
    return front_matter({"stepkb_index": "fields", "description": description(page.labels("fields.intro"))}) + body


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
            "ects": d.get("ects"),
            "recognition": [*(d.get("accredited_by") or []), *(b for b in d.get("title_granted_by") or [] if b not in (d.get("accredited_by") or []))],
            "languages": d.get("languages") or [],
            "language_names": [page.language(code) for code in d.get("languages") or []],
            "closed": state == "closed",
            "status": state,
            "cost": page.cost(d["cost"]) if d.get("cost") else None,
            "completeness": done,
        })
    rows.sort(key=lambda r: (sort_key(r["country_name"], page.lang), OUTCOMES.index(r["outcome"]), sort_key(r["title"], page.lang)))
    return rows


def _benchmark_rows(page: Page) -> list[dict]:
    rows = []
    for b in page.benchmarks_sorted():
        d = b.data
        hours = {h: comparison.clock_hours(d, h) for h in COMPARED_HOURS}
        hours["supervision_all"] = comparison.supervision_hours(d)
        rows.append({"record": b, "name": d["short_name"], "href": page.href(url_of("benchmark", b.slug)), "scope": page.country(d["country"]) if d.get("country") else page.labels("value.europe"),
                     "outcome": d["outcome"], "duration": d.get("duration_months"), "hours": hours, "ects": d.get("ects")})
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
        [{"name": r["title"], "lang": r["title_lang"], "href": r["href"],
          "hours": {h: v for h in HOURS if (v := comparison.clock_hours(r["record"].data, h)) is not None}} for r in rows],
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
        "country": [(c["record"].country, c["name"]) for c in countries if c["programmes"]],
        "outcome": [(o, labels(f"outcome.{o}")) for o in OUTCOMES],
        "academic_level": [(a, labels(f"academic.{a}")) for a in ACADEMIC_LEVELS],
        "social_workers": [("aimed-or-open", labels("compare.filter.social_workers")), ("aimed", labels("social_workers.aimed"))],
        "language": sorted(((code, page.language(code)) for code in {code for r in rows for code in r["languages"]}), key=lambda pair: sort_key(pair[1], page.lang)),
        "recognition": [(a, a) for a in sorted({a for r in rows for a in r["recognition"]}, key=lambda a: sort_key(a, page.lang))],
    }
    template = _environment().get_template("compare.md.j2")
    done = comparison.completeness([r["record"] for r in rows])
    body = template.render(
        p=page, L=labels, rows=rows, benchmarks=_benchmark_rows(page), countries=countries, chart=Markup(chart), filters=filters,
        hours=COMPARED_HOURS, outcomes=OUTCOMES, academic_levels=ACADEMIC_LEVELS, themes=THEMES, data_href=data_href, done=done,
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
    out.sort(key=lambda item: sort_key(item["term"], lang))
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
