"""The record model's new fields: each bad value is refused with the usual path:line:col message, and
references between records (places, benchmarks, bodies) must resolve."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LANGUAGES
from stepkb.validate import read_partners

COUNTRY = """code: AT
summary: Austria sets psychotherapy training in law.
title_protection: protected
training_accreditors: [ÖAS]
bodies:
  - name: Österreichische Arbeitsgemeinschaft für systemische Therapie
    abbreviation: ÖAS
    roles: [accredits-training]
sources:
  - title: A source
    url: https://example.org/at
"""
INSTITUTION = """name: Beispiel-Institut
kind: association
country: AT
city: Vienna
efta_tic: full
summary: An example association.
sources:
  - title: A source
"""
PROGRAMME = """title: Beispielkurs
outcome: practitioner
academic_level: none
social_workers: open
professions: [social-work, psychology]
cities: [Vienna]
hours:
  live_supervision: 50
  total: 600
hours_unit_minutes: 45
minimum: [hours]
cost: {amount: 9000, currency: EUR, per: total, year: 2024}
status: running
benchmark: [beispiel-standard]
languages: [de]
summary: An example course.
sources:
  - title: A source
"""
BENCHMARK = """name: Beispielstandard
short_name: BSP
body: ÖAS
country: AT
outcome: practitioner
hours:
  total: 500
minimum: [hours]
summary: An example standard.
sources:
  - title: A source
"""
PLACES = "Vienna: {de: Wien, fr: Vienne}\n"

FILES = {
    "partners/at/country.yml": COUNTRY,
    "partners/at/beispiel/institution.yml": INSTITUTION,
    "partners/at/beispiel/curricula/kurs.yml": PROGRAMME,
    "partners/benchmarks/beispiel-standard.yml": BENCHMARK,
    "partners/places.yml": PLACES,
}
PROG = "partners/at/beispiel/curricula/kurs.yml"


def messages(tmp_path: Path, changes: dict[str, tuple[str, str]] | None = None) -> list[str]:
    for rel, text in FILES.items():
        old, new = (changes or {}).get(rel, ("", ""))
        assert old in text, f"{old!r} is not in {rel}"
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace(old, new, 1) if old else text, encoding="utf-8")
    _, problems = read_partners(tmp_path / "partners", tmp_path, LANGUAGES)
    return [str(p) for p in problems]


def test_the_valid_set_passes(tmp_path):
    assert messages(tmp_path) == []


def test_parts_may_exceed_a_total_given_as_a_minimum(tmp_path):
    """'At least 600 hours' and 650 hours of parts do not contradict each other."""
    assert messages(tmp_path, {PROG: ("live_supervision: 50", "live_supervision: 650")}) == []


CASES = [
    ("outcome off the axis", PROG, ("outcome: practitioner", "outcome: therapist"),
     f"{PROG}:2:10: outcome: 'therapist' is not valid here; expected one of continuing, practitioner, psychotherapist, supervisor"),
    ("academic level unknown", PROG, ("academic_level: none", "academic_level: phd"),
     f"{PROG}:3:17: academic_level: 'phd' is not valid here; expected one of none, certificate, bachelor, master, specialisation, doctorate"),
    ("social workers as yes", PROG, ("social_workers: open", "social_workers: yes"),
     f"{PROG}:4:17: social_workers: 'yes' is not valid here; expected one of aimed, open, not-admitted"),
    ("profession not on the list", PROG, ("[social-work, psychology]", "[social-work, plumbing]"),
     f"{PROG}:5:28: professions[1]: 'plumbing' is not valid here; expected one of social-work, psychology, medicine, nursing, education, health, social-sciences, other"),
    ("place not listed", PROG, ("cities: [Vienna]", "cities: [Graz]"),
     f"{PROG}:6:10: cities[0]: 'Graz' is not in partners/places.yml; expected one of: Vienna, or add it there first"),
    ("old hours component", PROG, ("  live_supervision: 50", "  supervised_practice: 50"),
     f"{PROG}:8:3: hours.supervised_practice: is not a field of this record; did you mean 'supervision'? expected one of: taught, supervision, live_supervision, practice, personal_development, peer_learning, self_study, other, total"),
    ("negative hours", PROG, ("live_supervision: 50", "live_supervision: -5"),
     f"{PROG}:8:21: hours.live_supervision: is -5; expected a number of at least 0"),
    ("unit longer than an hour", PROG, ("hours_unit_minutes: 45", "hours_unit_minutes: 90"),
     f"{PROG}:10:21: hours_unit_minutes: is 90; expected a number of at most 60"),
    ("minimum of a figure not given", PROG, ("minimum: [hours]", "minimum: [hours, ects]"),
     f"{PROG}:11:18: minimum[1]: marks ects as a minimum, but the record has no ects; expected ects to be given, or remove it from minimum"),
    ("minimum of an unknown figure", PROG, ("minimum: [hours]", "minimum: [weeks]"),
     f"{PROG}:11:11: minimum[0]: 'weeks' is not valid here; expected one of duration_months, hours, hours.taught, hours.supervision, hours.live_supervision, hours.practice, hours.personal_development, hours.peer_learning, hours.self_study, hours.other, hours.total, ects"),
    ("minimum of an hours figure not given", PROG, ("minimum: [hours]", "minimum: [hours.total, hours.supervision]"),
     f"{PROG}:11:24: minimum[1]: marks hours.supervision as a minimum, but the record has no hours.supervision; expected hours: supervision: to be given, or remove it from minimum"),
    ("minimum with a group of fields", PROG, ("minimum: [hours]", "minimum: [{hours: 600}]"),
     f"{PROG}:11:11: minimum[0]: is a group of fields; expected one of duration_months, hours, hours.taught, hours.supervision, hours.live_supervision, hours.practice, hours.personal_development, hours.peer_learning, hours.self_study, hours.other, hours.total, ects"),
    ("minimum of a misspelt hours figure", PROG, ("minimum: [hours]", "minimum: [hours.supervison]"),
     f"{PROG}:11:11: minimum[0]: 'hours.supervison' is not valid here; expected one of duration_months, hours, hours.taught, hours.supervision, hours.live_supervision, hours.practice, hours.personal_development, hours.peer_learning, hours.self_study, hours.other, hours.total, ects"),
    ("one part of the hours beyond the total", PROG, ("  total: 600\nhours_unit_minutes: 45\nminimum: [hours]", "  total: 40\nhours_unit_minutes: 45\nminimum: [hours.live_supervision]"),
     f"{PROG}:9:10: hours.total: is 40, less than hours.live_supervision (50); expected a total of at least 50, or the parts corrected (if the source gives the total as a minimum, add hours.total to minimum)"),
    ("parts of the hours adding up to more than the total", PROG, ("  total: 600\nhours_unit_minutes: 45\nminimum: [hours]\n", "  practice: 30.5\n  total: 80\nhours_unit_minutes: 45\n"),
     f"{PROG}:10:10: hours.total: is 80, less than its parts add up to (live_supervision 50 + practice 30.5 = 80.5); expected a total of at least 80.5, or the parts corrected (if the source gives the total as a minimum, add hours.total to minimum)"),
    ("social work admitted and not admitted", PROG, ("social_workers: open", "social_workers: not-admitted"),
     f"{PROG}:5:15: professions[0]: lists social-work, but social_workers says not-admitted; expected social_workers: open (or aimed), or social-work removed from professions"),
    ("master's degree at a bachelor's level", PROG, ("academic_level: none", "academic_level: master\neqf_level: 6"),
     f"{PROG}:4:12: eqf_level: is 6, but a master's degree is at EQF level 7; expected eqf_level: 7, or the academic_level the source states"),
    ("currency in lower case", PROG, ("currency: EUR", "currency: eur"),
     f"{PROG}:12:32: cost.currency: 'eur' is not valid here; expected an ISO 4217 currency code in capitals, such as EUR, GBP, NOK"),
    ("cost per week", PROG, ("per: total", "per: week"),
     f"{PROG}:12:42: cost.per: 'week' is not valid here; expected one of total, year, semester, month, module"),
    ("cost range upside down", PROG, ("amount: 9000,", "amount: 9000, amount_max: 500,"),
     f"{PROG}:12:34: cost.amount_max: is 500, below amount (9000); expected the upper end of the range"),
    ("cost without its year", PROG, (", year: 2024}", "}"),
     f"{PROG}:12:7: cost: is missing 'year'; expected a 'year:' line (the year the source states the amount for (or, failing that, the year of the page))"),
    ("running but ended", PROG, ("status: running", "status: running\noffered_until: 2018"),
     f"{PROG}:13:9: status: is 'running' but offered_until says it ran until 2018; expected status: closed, or remove offered_until"),
    ("status word", PROG, ("status: running", "status: open"),
     f"{PROG}:13:9: status: 'open' is not valid here; expected one of running, closed, planned"),
    ("benchmark that does not exist", PROG, ("[beispiel-standard]", "[efta]"),
     f"{PROG}:14:13: benchmark[0]: 'efta' is not a benchmark; expected the file name (without .yml) of a benchmark under partners/benchmarks/"),
    ("next intake as a season", PROG, ("status: running", "status: running\nnext_intake: autumn"),
     f"{PROG}:14:14: next_intake: 'autumn' is not valid here; expected a month or a date written YYYY-MM or YYYY-MM-DD, in quotes"),
    ("institution's EFTA membership as a kind it has not", "partners/at/beispiel/institution.yml", ("efta_tic: full", "efta_tic: partial"),
     "partners/at/beispiel/institution.yml:5:11: efta_tic: 'partial' is not valid here; expected one of full, associate, member"),
    ("country's title protection as a yes", "partners/at/country.yml", ("title_protection: protected", "title_protection: true"),
     "partners/at/country.yml:3:19: title_protection: is true (true or false); expected one of protected, partly, not-protected"),
    ("accreditor that is not a body", "partners/at/country.yml", ("training_accreditors: [ÖAS]", "training_accreditors: [OAS]"),
     "partners/at/country.yml:4:24: training_accreditors[0]: 'OAS' is not listed under bodies[].abbreviation in partners/at/country.yml; did you mean 'ÖAS'? expected one of: ÖAS, or add it there first"),
    ("accreditor whose body does not accredit", "partners/at/country.yml", ("roles: [accredits-training]", "roles: [association]"),
     "partners/at/country.yml:4:24: training_accreditors[0]: 'ÖAS' is listed under bodies[].abbreviation in partners/at/country.yml, "
     "but its roles do not include accredits-training; expected one that has it, or add accredits-training to its roles there"),
    ("social work regulator that is an association", "partners/at/country.yml", ("training_accreditors: [ÖAS]", "training_accreditors: [ÖAS]\nsocial_work_regulator: ÖAS"),
     "partners/at/country.yml:5:24: social_work_regulator: 'ÖAS' is listed under bodies[].abbreviation in partners/at/country.yml, "
     "but its roles do not include social-work-regulator; expected one that has it, or add social-work-regulator to its roles there"),
    ("body role unknown", "partners/at/country.yml", ("roles: [accredits-training]", "roles: [accredits-training, judge]"),
     "partners/at/country.yml:8:33: bodies[0].roles[1]: 'judge' is not valid here; expected one of accredits-training, grants-title, government, association, family-therapy-association, social-work-regulator"),
    ("benchmark outcome missing", "partners/benchmarks/beispiel-standard.yml", ("outcome: practitioner\n", ""),
     "partners/benchmarks/beispiel-standard.yml:1:1: outcome: is missing; expected a 'outcome:' line (the outcome it sets the standard for: programmes with this outcome (in its country, or anywhere for a European standard) are compared with it)"),
    # The mistake is reported once, where it is, not again at each record that names a place.
    ("place names that cannot be read", "partners/places.yml", ("{de: Wien, fr: Vienne}", "{de: Wien, fr: Vienne"),
     "partners/places.yml:1:9: the group of fields opened with { here is not closed on this line; end it with }, or put the value in quotes if it is text"),
    ("place given twice", "partners/places.yml", ("Vienna: {de: Wien, fr: Vienne}\n", "Vienna: {de: Wien, fr: Vienne}\nVienna: {de: Wien}\n"),
     "partners/places.yml:2:1: Vienna: is given twice (first on line 1); keep one"),
    ("place in a language the site lacks", "partners/places.yml", ("fr: Vienne", "xx: Vienne"),
     "partners/places.yml:1:20: Vienna.xx: 'xx' is not a site language; expected one of: en, de, fr, it, nl, da, sv, fi, es, pl, el"),
]


@pytest.mark.parametrize("name,rel,change,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_value_is_reported_exactly(tmp_path, name, rel, change, expected):
    assert messages(tmp_path, {rel: change}) == [expected]
