"""The checks added for editors (issue 14): each mistake, the exact message an editor reads.

Starts from test_validation's small valid set (one country, institution and programme), breaks it the
way an editor plausibly would, and asserts every message, no more and no fewer.
"""
from __future__ import annotations

import copy

import pytest

from stepkb import refs, schemas
from stepkb.records import Record
from test_validation import COUNTRY, CURR, CURRICULUM, INST, INSTITUTION, messages, project, write  # noqa: F401  (project: the fixture)

GLOSSARY = """circular-questions:
  en:
    term: circular questions
    definition: Questions about relationships.
reflecting-team:
  en:
    term: reflecting team
    definition: A team that talks about what it heard.
"""


CASES = {
    # cross-record references
    "programme without an institution.yml": ("partners/at/ohne/curricula/kurs.yml", CURRICULUM, [
        "partners/at/ohne/curricula/kurs.yml: its folder partners/at/ohne/ has no institution.yml; expected the provider's "
        "record there (make new-institution), or the programme moved into its provider's curricula/ folder"]),
    "partner that is the provider": (CURR, CURRICULUM + "partners: [beispiel]\n", [
        f"{CURR}:9:12: partners[0]: 'beispiel' is the provider itself; expected only other institutions"]),
    # dates
    "impossible date": (INST, INSTITUTION + 'step_partner:\n  role: partner\n  meeting_start: "2010-02-30"\n', [
        f"{INST}:12:18: step_partner.meeting_start: '2010-02-30' is not a day of the calendar (February 2010 has 28 days); "
        "expected a real date, written YYYY-MM-DD"]),
    "impossible date, unquoted, in a leap year": (INST, INSTITUTION + "step_partner:\n  role: partner\n  meeting_start: 2012-02-30\n", [
        f"{INST}:12:18: step_partner.meeting_start: '2012-02-30' is not a day of the calendar (February 2012 has 29 days); "
        "expected a real date, written YYYY-MM-DD"]),
    "month 13": (INST, INSTITUTION + "step_partner:\n  role: partner\n  meeting_end: 2011-13-01\n", [
        f"{INST}:12:16: step_partner.meeting_end: '2011-13-01' is not valid here; expected a date written YYYY-MM-DD, in quotes or not"]),
    "checked in the future": (INST, INSTITUTION + '    checked: "2099-01-01"\n', [
        f"{INST}:10:14: sources[0].checked: '2099-01-01' is a day still to come; expected today or an earlier day"]),
    "founded in the future": (INST, INSTITUTION + "founded: 2090\n", [
        f"{INST}:10:10: founded: 2090 is a year still to come; expected this year or an earlier one"]),
    "a real past date passes": (INST, INSTITUTION + '    checked: "2024-02-29"\nfounded: 1990\n', []),
    # values
    "mailto in an email": (INST, INSTITUTION + "email: mailto:office@example.org\n", [
        f"{INST}:10:8: email: 'mailto:office@example.org' starts with mailto:, which the site adds itself; "
        "expected the address alone: office@example.org"]),
    "infinite hours": (CURR, CURRICULUM.replace("taught: 60", "taught: .inf"), [
        f"{CURR}:6:11: hours.taught: is not a finite number (.inf); write a number or leave the field out"]),
    "not-a-number ECTS": (CURR, CURRICULUM + "ects: .nan\n", [
        f"{CURR}:9:7: ects: is not a finite number (.nan); write a number or leave the field out"]),
    "placeholder left in": (INST, INSTITUTION.replace("summary: An example association.", "summary: >-\n  To be written: one or two sentences on who they are."), [
        f"{INST}:5:10: summary: still holds the template's placeholder (To be written: one or two sentences on who they are.); "
        "write what your sources say in its place, or delete the line if the field is optional"]),
    "placeholder in a field with a list of values": (CURR, CURRICULUM.replace("outcome: continuing", 'outcome: "To be written: one of continuing, practitioner"'), [
        f"{CURR}:2:10: outcome: still holds the template's placeholder (To be written: one of continuing, practitioner); "
        "write what your sources say in its place, or delete the line if the field is optional"]),
    # tags on every node
    "tag on a list": (INST, INSTITUTION.replace("sources:", "sources: !!python/object:builtins.list"), [
        f"{INST}:7:10: a tag (!!python/object:builtins.list) is used; records hold plain values without tags, delete it"]),
    "tag on the whole file": (INST, "!!python/object/new:os.system\n" + INSTITUTION, [
        f"{INST}:1:1: a tag (!!python/object/new:os.system) is used; records hold plain values without tags, delete it"]),
    "tag on a group of fields": (INST, INSTITUTION.replace("  - title: A source", "  - !!map\n    title: A source"), [
        f"{INST}:8:5: a tag (!!map) is used; records hold plain values without tags, delete it"]),
    "tag on a field name": (INST, INSTITUTION.replace("kind:", "!!python/name:os.system kind:"), [
        f"{INST}:3:1: a tag (!!python/name:os.system) is used; records hold plain values without tags, delete it"]),
    "str tag": (INST, INSTITUTION.replace("kind: association", "kind: !!str association"), [
        f"{INST}:3:7: a tag (!!str) is used; records hold plain values without tags, delete it; to keep a value as text, put it in quotes instead"]),
    "local tag": (INST, INSTITUTION.replace("kind: association", "kind: !custom association"), [
        f"{INST}:3:7: a tag (!custom) is used; records hold plain values without tags, delete it"]),
    # YAML syntax, where the mistake is
    "unclosed double quote": (INST, INSTITUTION.replace("name: Beispiel-Institut", 'name: "Beispiel-Institut').replace("summary: An example association.", 'summary: "An example association."'), [
        f'{INST}:1:7: the double quote (") that opens this value is not closed on this line; add the closing " at the end of the value']),
    "unclosed double quote on the last line": (INST, INSTITUTION + 'city: "Wien\n', [
        f'{INST}:10:7: the double quote (") that opens this value is not closed on this line; add the closing " at the end of the value']),
    "unclosed single quote": (INST, INSTITUTION.replace("name: Beispiel-Institut", "name: 'Beispiel-Institut").replace("summary: An example association.", "summary: 'An example.'"), [
        f"{INST}:1:7: the single quote (') that opens this value is not closed on this line; add the closing ' at the end of the value"]),
    "apostrophe inside single quotes": (INST, INSTITUTION.replace("name: Beispiel-Institut", "name: 'Children's Centre'"), [
        f"{INST}:1:7: the text goes on after its closing quote ('); if the text itself holds an apostrophe, write it twice ('') "
        "or put the whole value in double quotes (\")"]),
    "text after the closing quote": (INST, INSTITUTION.replace("name: Beispiel-Institut", 'name: "Beispiel" Institut'), [
        f'{INST}:1:7: the text goes on after its closing quote ("); put the whole value inside the quotes, and write a quote '
        'that is part of the text as \\"']),
    "unclosed group of fields": (CURR, CURRICULUM.replace("hours:\n  taught: 60", "hours: {taught: 60"), [
        f"{CURR}:5:8: the group of fields opened with {{ here is not closed on this line; end it with }}, or put the value in quotes if it is text"]),
    "text in brackets": (INST, INSTITUTION.replace("name: Beispiel-Institut", "name: [Beispiel] Institut"), [
        f"{INST}:1:7: a value that starts with [ is read as a list; put the whole value in quotes if it is text"]),
    "colon in a value": (INST, INSTITUTION.replace("summary: An example association.", "summary: Note: an example association."), [
        f"{INST}:5:10: the value holds a colon followed by a space, which YAML reads as a new field; put the whole value in quotes"]),
    "field indented under another": (INST, INSTITUTION.replace("kind: association", "  kind: association"), [
        f"{INST}:3:3: this line is indented more than the field above it, as if it belonged inside it; line it up with the "
        "field names around it, or, if it continues the text above, put that text in quotes or after >-"]),
    "list item field out of line": (INST, INSTITUTION.replace("    url: https://example.org/", "   url: https://example.org/"), [
        f"{INST}:9:4: this line's indentation does not match the lines above it; indent it by as many spaces as the other "
        "fields of its group (in a list, as the field after the '- ')"]),
    "missing colon": (INST, INSTITUTION.replace("kind: association", "kind association"), [
        f"{INST}:3:1: this line is not `name: value` (there is no colon after a field name); add the colon, or, if the line "
        "continues the text above, indent it under that text"]),
    "value starting with a backtick": (INST, INSTITUTION.replace("name: Beispiel-Institut", "name: `Beispiel`"), [
        f"{INST}:1:7: a value cannot start with `; put the whole value in quotes"]),
    "backslash in double quotes": (INST, INSTITUTION.replace("name: Beispiel-Institut", 'name: "Beispiel\\Institut"'), [
        f"{INST}:1:16: a backslash (\\) inside double quotes starts an escape; write it as \\\\, or use single quotes (') around the value"]),
    "non-breaking spaces as indentation": (INST, INSTITUTION.replace("    url: https://example.org/", "\u00a0\u00a0\u00a0\u00a0url: https://example.org/"), [
        f"{INST}:9:1: a non-breaking space (U+00A0) is used for indentation; replace it with ordinary spaces"]),
    "non-breaking space before a list item": (INST, INSTITUTION.replace("  - title: A source", "\u00a0 - title: A source"), [
        f"{INST}:8:1: a non-breaking space (U+00A0) is used for indentation; replace it with ordinary spaces"]),
    "zero-width space in a field name": (INST, INSTITUTION.replace("website:", "\u200bwebsite:"), [
        f"{INST}:6:1: \u200bwebsite: is not a field of this record: its name holds a zero-width space (U+200B), which cannot be "
        "seen; delete the name and type it again ('website')"]),
    # the glossary
    "glossary key that is not a slug": ("partners/glossary.yml", GLOSSARY.replace("reflecting-team:", "Reflecting_Team:"), [
        "partners/glossary.yml:5:1: Reflecting_Team: is not a valid name here; expected a slug: lower-case letters, digits and single hyphens"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_mistake_is_reported_exactly(project, case):
    rel, text, expected = CASES[case]
    write(project, rel, text)
    assert messages(project) == expected


def test_french_text_with_non_breaking_spaces_is_fine(project):
    write(project, "partners/at/beispiel/institution.fr.yml", "summary: >-\n  Une association\u00a0: des exemples «\u00a0ici\u00a0».\n")
    assert messages(project) == []


def test_symlinked_record_file_and_folder_are_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "institution.yml").write_text(INSTITUTION, encoding="utf-8")
    (project / "partners/at/verlinkt").mkdir()
    (project / "partners/at/verlinkt/institution.yml").symlink_to(outside / "institution.yml")
    (project / "partners/at/ordner").symlink_to(outside, target_is_directory=True)
    assert messages(project) == [
        "partners/at/ordner: is a symbolic link to a folder; records must be real files and folders inside partners/, "
        "replace the link with a copy of what it points to",
        "partners/at/verlinkt/institution.yml: is a symbolic link to a file; records must be real files and folders "
        "inside partners/, replace the link with a copy of what it points to",
    ]


# x-ref: references declared in the schemas, resolved without code for each field.

@pytest.fixture
def schema_with(monkeypatch):
    """Change a kind's schema for one test, the way the lead adds a keyword to a field."""
    original = schemas.schema
    changed: dict[str, dict] = {}

    def clear():
        for fn in vars(schemas).values():
            if hasattr(fn, "cache_clear") and fn is not original:
                fn.cache_clear()

    def patch(kind, edit):
        """edit: a function that changes the kind's schema in place, or a whole new schema."""
        if isinstance(edit, dict):
            changed[kind] = edit
        else:
            changed[kind] = copy.deepcopy(original(kind))
            edit(changed[kind])
        monkeypatch.setattr(schemas, "schema", lambda k: changed.get(k) or original(k))
        clear()

    yield patch
    monkeypatch.undo()
    clear()


COUNTRY_WITH_BODIES = COUNTRY + """bodies:
  - name: Österreichische Arbeitsgemeinschaft für systemische Therapie und systemische Studien
    abbreviation: ÖAS
    roles: [accredits-training]
  - name: Österreichischer Bundesverband für Psychotherapie
    abbreviation: ÖBVP
    roles: [association]
"""


def test_x_ref_to_a_field_of_the_records_own_country(project, schema_with):
    schema_with("curriculum", lambda s: s["properties"]["accredited_by"]["items"].update(
        {"x-ref": {"kind": "country", "field": "bodies[].abbreviation", "scope": "same-country"}}))
    write(project, "partners/at/country.yml", COUNTRY_WITH_BODIES)
    write(project, CURR, CURRICULUM + "accredited_by: [ÖAS, OBVP]\n")
    assert messages(project) == [
        f"{CURR}:9:22: accredited_by[1]: 'OBVP' is not listed under bodies[].abbreviation in partners/at/country.yml; "
        "did you mean 'ÖBVP'? expected one of: ÖAS, ÖBVP, or add it there first"]


def test_x_ref_scope_keeps_to_the_records_own_country(project, schema_with):
    """A German body's abbreviation is no answer for an Austrian programme, though it is a real body."""
    schema_with("curriculum", lambda s: s["properties"]["accredited_by"]["items"].update(
        {"x-ref": {"kind": "country", "field": "bodies[].abbreviation", "scope": "same-country"}}))
    write(project, "partners/at/country.yml", COUNTRY_WITH_BODIES)
    write(project, "partners/de/country.yml", COUNTRY.replace("code: AT", "code: DE").replace("/at", "/de") + """bodies:
  - name: Deutsche Gesellschaft für Systemische Therapie, Beratung und Familientherapie
    abbreviation: DGSF
    roles: [accredits-training]
""")
    write(project, CURR, CURRICULUM + "accredited_by: [DGSF]\n")
    assert messages(project) == [
        f"{CURR}:9:17: accredited_by[0]: 'DGSF' is not listed under bodies[].abbreviation in partners/at/country.yml; "
        "expected one of: ÖAS, ÖBVP, or add it there first"]


PLACES = "Wien:\n  de: Wien\n  fr: Vienne\nGraz:\n  de: Graz\n"


def test_x_ref_to_a_single_file_kind_of_its_own(project, schema_with, monkeypatch):
    """partners/places.yml becomes a kind of record as soon as it has a schema, like the glossary."""
    schema_with("places", {"type": "object", "additionalProperties": {"type": "object"}})
    monkeypatch.setattr(schemas, "single_file_kinds", lambda: frozenset({"glossary", "places"}))
    schema_with("institution", lambda s: s["properties"]["city"].update({"x-ref": "places"}))
    write(project, INST, INSTITUTION + "city: Wein\n")
    write(project, "partners/places.yml", PLACES)
    assert messages(project) == [f"{INST}:10:7: city: 'Wein' is not in partners/places.yml; did you mean 'Wien'? expected a name listed at the top level of partners/places.yml"]
    write(project, INST, INSTITUTION + "city: Wien\n")
    assert messages(project) == []


def test_x_ref_to_the_keys_of_a_data_file(project, schema_with):
    schema_with("institution", lambda s: s["properties"]["city"].update(
        {"x-ref": {"file": "data/places.yml", "expected": "a place listed in data/places.yml"}}))
    write(project, INST, INSTITUTION + "city: Wein\n")
    assert messages(project) == [
        f"{INST}:10:7: city: 'Wein' cannot be checked, because data/places.yml does not exist; expected that file, listing 'Wein'"]
    write(project, "data/places.yml", PLACES)
    assert messages(project) == [
        f"{INST}:10:7: city: 'Wein' is not in data/places.yml; did you mean 'Wien'? expected a place listed in data/places.yml, or add it there first"]
    write(project, INST, INSTITUTION + "city: Wien\n")
    assert messages(project) == []
    write(project, "data/places.yml", PLACES.replace("Graz:", "Graz: [\n"))
    assert messages(project) == [
        f"{INST}:10:7: city: 'Wien' cannot be checked, because data/places.yml cannot be read (data/places.yml:4:7: the list "
        "opened with [ here is not closed on this line; end it with ], or put the value in quotes if it is text); expected that file, listing 'Wien'"]


def test_x_ref_to_values_inside_a_data_file(project, schema_with):
    schema_with("institution", lambda s: s["properties"]["city"].update({"x-ref": {"file": "data/places.yml", "field": "*.fr"}}))
    write(project, "data/places.yml", PLACES)
    write(project, INST, INSTITUTION + "city: Vien\n")
    assert messages(project) == [
        f"{INST}:10:7: city: 'Vien' is not listed under *.fr in data/places.yml; did you mean 'Vienne'? expected one of: Vienne, or add it there first"]


def test_x_ref_between_glossary_terms(project, schema_with):
    def see_also(s):
        s["additionalProperties"]["additionalProperties"]["properties"]["see"] = {"type": "array", "items": {"type": "string", "x-ref": "glossary"}}
    schema_with("glossary", see_also)
    write(project, "partners/glossary.yml", GLOSSARY + "    see: [reflecting-teams, circular-questions]\n")
    assert messages(project) == [
        "partners/glossary.yml:9:11: reflecting-team.en.see[0]: 'reflecting-teams' is not a term in the glossary; "
        "did you mean 'reflecting-team'? expected the key of a term in partners/glossary.yml"]


def test_x_ref_to_a_record_kind_the_code_does_not_name():
    """A `benchmark` reference works as soon as benchmark records are read, with no code for it."""
    def record(kind, slug, data, path):
        return Record(path, data, {(): (1, 1), ("benchmark",): (4, 12)}, {}, set(), kind=kind, slug=slug, country="AT", institution="beispiel")
    benchmark = record("benchmark", "efta-minimum", {"title": "EFTA minimum"}, "partners/benchmarks/efta-minimum.yml")
    programme = record("curriculum", "kurs", {"benchmark": "efta-minimun"}, "partners/at/beispiel/curricula/kurs.yml")
    schema = {"type": "object", "properties": {"benchmark": {"type": "string", "x-ref": {"kind": "benchmark"}}}}
    found = refs.check(programme, refs.collect(schema, programme.data), refs.Targets([benchmark, programme], None))
    assert [str(p) for p in found] == [
        "partners/at/beispiel/curricula/kurs.yml:4:12: benchmark: 'efta-minimun' is not a benchmark; "
        "did you mean 'efta-minimum'? expected the file name (without .yml) of a benchmark under partners/benchmarks/"]
    programme.data["benchmark"] = "efta-minimum"
    assert refs.check(programme, refs.collect(schema, programme.data), refs.Targets([benchmark, programme], None)) == []


def test_x_ref_in_one_branch_of_a_choice_is_checked_only_where_that_branch_applies():
    schema = {"type": "object", "properties": {"by": {"anyOf": [
        {"type": "integer"},
        {"type": "string", "x-ref": "institution"},
    ]}}}
    assert refs.collect(schema, {"by": 3}) == []
    assert refs.collect(schema, {"by": "asys"}) == [refs.Ref(("by",), "asys", {"kind": "institution"})]
