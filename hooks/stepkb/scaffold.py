"""Templates for new records: a valid, commented starting point written in the right place."""
from __future__ import annotations

import json
from pathlib import Path

from . import schemas


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def _schema_line(depth: int, kind: str) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}hooks/stepkb/schema/{kind}.schema.json"


def institution_template(name: str, kind: str, country: str) -> str:
    kinds = ", ".join(schemas.institution_kinds())
    return f"""{_schema_line(3, "institution")}
# A new institution. Keep each fact your sources give, delete the commented lines you have no source
# for, write in your own words, then run `make check`. Field reference: the site's Contribute section.
name: {_quoted(name)}  # the name in its own language, as the institution writes it
name_language: en  # ISO 639-1 code of the language the name is written in (de, fi, ...)
# english_name: ""  # the name in English, when `name` is in another language
# short_name: ""  # its usual abbreviation
kind: {kind}  # one of: {kinds}
country: {country}  # ISO 3166-1 code, the same as the folder partners/{country.lower()}/
# region: ""  # region or nation within the country, where it matters
# city: ""  # in English
# website: https://  # its own website
# email: ""  # a public contact address
# founded: 2000  # the year it was founded
summary: >-
  To be written: one or two sentences on who they are and what they do in systemic practice.
# description: |-
#   A few paragraphs in your own words, separated by blank lines. Plain text, no HTML.
sources:  # where every fact above comes from
  - title: "To be written: the title of your source"
    # url: https://
    # checked: "2026-01-31"  # the day you checked it
"""


def country_template(code: str) -> str:
    return f"""{_schema_line(2, "country")}
# A new country. Its name in every language comes from CLDR; write its national context here.
code: {code}
summary: >-
  To be written: one or two sentences on systemic training for social workers in this country.
# social_work: >-
#   How social work is regulated and trained.
# psychotherapy: >-
#   How psychotherapy and family therapy are regulated.
# title_protection: true
# training_in_law: true
sources:
  - title: "To be written: the title of your source"
    # url: https://
"""


def new_institution(project: Path, country: str, slug: str, name: str, kind: str) -> list[str]:
    """Write the templates; returns the files written. Raises ValueError with an editor's message."""
    country = country.strip().upper()
    if country not in schemas.iso_countries():
        raise ValueError(f"COUNTRY: '{country}' is not an ISO 3166-1 alpha-2 code; expected a code such as AT, DE, GB, NO")
    if not schemas.slug_pattern().match(slug):
        raise ValueError(f"SLUG: '{slug}' is not a valid slug; expected lower-case letters, digits and single hyphens, such as robert-gordon-university")
    kinds = schemas.institution_kinds()
    if kind not in kinds:
        raise ValueError(f"KIND: '{kind}' is not a kind of institution; expected one of: {', '.join(kinds)}")
    if not name.strip():
        raise ValueError("NAME: is empty; expected the institution's name in its own language")
    if any((project / "partners").glob(f"*/{slug}/institution.yml")):
        raise ValueError(f"SLUG: '{slug}' is already used by another institution; expected a new folder name")
    folder = project / "partners" / country.lower()
    written = []
    if not (folder / "country.yml").exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "country.yml").write_text(country_template(country), encoding="utf-8")
        written.append(f"partners/{country.lower()}/country.yml")
    target = folder / slug / "institution.yml"
    target.parent.mkdir(parents=True)
    target.write_text(institution_template(name.strip(), kind, country), encoding="utf-8")
    written.append(f"partners/{country.lower()}/{slug}/institution.yml")
    return written
