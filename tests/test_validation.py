"""What an editor is told about a bad record: file, line, column, field and what is expected.

Each case starts from a small valid set of records, breaks it the way an editor plausibly would, and
asserts the exact messages.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import LANGUAGES, PROJECT
from stepkb.validate import read_partners

COUNTRY = """code: AT
summary: Austria sets psychotherapy training in law.
sources:
  - title: A source
    url: https://example.org/at
"""
INSTITUTION = """name: Beispiel-Institut
name_language: de
kind: association
country: AT
summary: An example association.
website: https://example.org/
sources:
  - title: A source
    url: https://example.org/
"""
CURRICULUM = """title: Beispielkurs
outcome: continuing
languages: [de]
summary: An example course.
hours:
  taught: 60
sources:
  - title: A source
"""


def write(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


@pytest.fixture
def project(tmp_path):
    write(tmp_path, "partners/at/country.yml", COUNTRY)
    write(tmp_path, INST, INSTITUTION)
    write(tmp_path, CURR, CURRICULUM)
    return tmp_path


def messages(root: Path) -> list[str]:
    _, problems = read_partners(root / "partners", root, LANGUAGES)
    return [str(p) for p in problems]


INST = "partners/at/beispiel/institution.yml"
CURR = "partners/at/beispiel/curricula/beispielkurs.yml"


def test_the_valid_set_passes(project):
    assert messages(project) == []


def test_the_real_records_pass():
    assert messages(PROJECT) == []


CASES = {
    "malformed YAML": (INST, INSTITUTION.replace("kind: association", "kind: [association"),
        [f"{INST}:3:7: the list opened with [ here is not closed on this line; end it with ], or put the value in quotes if it is text"]),
    "tab indentation": (INST, INSTITUTION.replace("  - title: A source", "\t- title: A source"),
        [f"{INST}:8:1: a tab is used for indentation; indent with spaces"]),
    "duplicate key": (INST, INSTITUTION + "kind: university\n",
        [f"{INST}:10:1: kind: is given twice (first on line 3); keep one"]),
    "unknown field with suggestion": (INST, INSTITUTION.replace("website:", "webiste:"),
        [f"{INST}:6:1: webiste: is not a field of this record; did you mean 'website'? expected one of: name, name_language, english_name, short_name, kind, country, region, city, website, email, founded, efta_tic, step_partner, summary, description, sources"]),
    "wrong type": (CURR, CURRICULUM.replace("taught: 60", "taught: sixty hours"),
        [f"{CURR}:6:11: hours.taught: is the text 'sixty hours'; expected a number"]),
    "missing required field": (INST, INSTITUTION.replace("summary: An example association.\n", ""),
        [f"{INST}:1:1: summary: is missing; expected a 'summary:' line (one or two sentences: who they are and what they do in systemic practice)"]),
    "country not ISO": (INST, INSTITUTION.replace("country: AT", "country: XY"),
        [f"{INST}:4:10: country: 'XY' is not valid here; expected an ISO 3166-1 alpha-2 country code in capitals, such as AT, DE, GB, NO"]),
    "country as a word": (INST, INSTITUTION.replace("country: AT", "country: Austria"),
        [f"{INST}:4:10: country: 'Austria' is not valid here; expected an ISO 3166-1 alpha-2 country code in capitals, such as AT, DE, GB, NO"]),
    "bad URL": (INST, INSTITUTION.replace("website: https://example.org/", "website: www.example.org"),
        [f"{INST}:6:10: website: 'www.example.org' is not valid here; expected a web address starting with https:// or http://"]),
    "javascript URL": (INST, INSTITUTION.replace("website: https://example.org/", "website: javascript:alert(1)"),
        [f"{INST}:6:10: website: 'javascript:alert(1)' is not valid here; expected a web address starting with https:// or http://"]),
    "web address without a domain": (INST, INSTITUTION.replace("website: https://example.org/", "website: https://localhost/step"),
        [f"{INST}:6:10: website: 'https://localhost/step' is not valid here; expected a web address starting with https:// or http://"]),
    "web address with commas for dots": (INST, INSTITUTION.replace("website: https://example.org/", "website: https://www,example,org/"),
        [f"{INST}:6:10: website: 'https://www,example,org/' is not valid here; expected a web address starting with https:// or http://"]),
    "line break inside a web address": (INST, INSTITUTION.replace("website: https://example.org/", 'website: "https://example.org/a\\nb"'),
        [f"{INST}:6:10: website: 'https://example.org/a\\nb' is not valid here; expected a web address starting with https:// or http://"]),
    "founding year with a digit too many": (INST, INSTITUTION + "founded: 20100\n",
        [f"{INST}:10:10: founded: is 20100; expected a number of at most 2100"]),
    "kind with a zero-width space pasted in": (INST, INSTITUTION.replace("kind: association", "kind: association\u200b"),
        [f"{INST}:3:7: kind: 'association\u200b' is not valid here: it holds a zero-width space (U+200B), which cannot be seen; "
         "delete the value and type it again; expected one of association, university, university-of-applied-sciences, local-authority, "
         "health-service, training-institute, professional-body"]),
    "bad email": (INST, INSTITUTION + "email: office(at)example.org\n",
        [f"{INST}:10:8: email: 'office(at)example.org' is not valid here; expected an email address such as office@example.org"]),
    "language code unknown": (CURR, CURRICULUM.replace("languages: [de]", "languages: [german]"),
        [f"{CURR}:3:13: languages[0]: 'german' is not valid here; expected an ISO 639-1 language code in lower case, such as de, en, fi"]),
    "outcome not on the axis": (CURR, CURRICULUM.replace("outcome: continuing", "outcome: master"),
        [f"{CURR}:2:10: outcome: 'master' is not valid here; expected one of continuing, practitioner, psychotherapist, supervisor"]),
    "negative hours": (CURR, CURRICULUM.replace("taught: 60", "taught: -5"),
        [f"{CURR}:6:11: hours.taught: is -5; expected a number of at least 0"]),
    "date written the European way": (INST, INSTITUTION + "step_partner:\n  role: partner\n  meeting_start: 28.09.2011\n",
        [f"{INST}:12:18: step_partner.meeting_start: '28.09.2011' is not valid here; expected a date written YYYY-MM-DD, in quotes or not"]),
    "name of only spaces": (INST, INSTITUTION.replace("name: Beispiel-Institut", 'name: "   "'),
        [f"{INST}:1:7: name: is blank (only spaces or line breaks); expected text, or leave the field out"]),
    "list item of only a line break": (CURR, CURRICULUM.replace("languages: [de]", 'languages: [de, "\\n"]'),
        [f"{CURR}:3:17: languages[1]: is blank (only spaces or line breaks); expected text, or leave the field out"]),
    "empty sources": (INST, INSTITUTION.split("sources:")[0] + "sources: []\n",
        [f"{INST}:7:10: sources: has 0 items; expected at least 1"]),
    "not a mapping": (INST, "- name: Beispiel\n",
        [f"{INST}:1:1: the file is not a list of fields; expected `name: value` lines"]),
    "empty file": (INST, "",
        [f"{INST}:1:1: the file is empty; expected the record's fields, one `name: value` a line"]),
    "only comments": (INST, "# yaml-language-server: $schema=x\n",
        [f"{INST}:1:1: the file is empty; expected the record's fields, one `name: value` a line"]),
    "not UTF-8": (INST, INSTITUTION.replace("Beispiel-Institut", "Caf\u00e9").encode("latin-1"),
        [f"{INST}:1:10: the file is not UTF-8 (byte 0xe9); save it as UTF-8"]),
    "billion laughs": (INST, "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n" + INSTITUTION,
        [f"{INST}:1:4: an anchor (&name) is used; records do not allow anchors or aliases: write the value out, and put text that starts with & in quotes"]),
    "very large file": (INST, INSTITUTION + "description: |-\n" + ("  " + "word " * 30 + "\n") * 2000,
        [f"{INST}: the file is 299 KB; a record must be under 256 KB, split it or shorten it"]),
    "python tag": (INST, INSTITUTION.replace("kind: association", "kind: !!python/name:os.system association"),
        [f"{INST}:3:7: a tag (!!python/name:os.system) is used; records hold plain values without tags, delete it"]),
    "country does not match its folder": (INST, INSTITUTION.replace("country: AT", "country: DE"),
        [f"{INST}:4:10: country: 'DE' does not match the folder partners/at/; expected AT, or move the institution's folder to partners/de/"]),
    "partner that does not exist": (CURR, CURRICULUM + "partners: [beispeil]\n",
        [f"{CURR}:9:12: partners[0]: 'beispeil' is not an institution; did you mean 'beispiel'? expected the folder name of an institution under partners/"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_record_is_reported_exactly(project, case):
    rel, text, expected = CASES[case]
    write(project, rel, text)
    assert messages(project) == expected


def test_norway_stays_a_country_code(project):
    write(project, "partners/no/country.yml", COUNTRY.replace("code: AT", "code: NO"))
    write(project, "partners/no/norsk/institution.yml", INSTITUTION.replace("country: AT", "country: NO"))
    collection, problems = read_partners(project / "partners", project, LANGUAGES)
    assert problems == []
    assert collection.institutions["norsk"].data["country"] == "NO"


def test_every_problem_in_every_file_is_reported_at_once(project):
    write(project, INST, INSTITUTION.replace("website:", "webiste:").replace("country: AT", "country: XY"))
    write(project, CURR, CURRICULUM.replace("outcome: continuing", "outcome: master"))
    write(project, "partners/at/zweites/institution.yml", "name: [\n")
    found = messages(project)
    assert [m.split(":")[0] for m in found] == [CURR, INST, INST, "partners/at/zweites/institution.yml"]


def test_duplicate_slug(project):
    write(project, "partners/de/country.yml", COUNTRY.replace("code: AT", "code: DE"))
    write(project, "partners/de/beispiel/institution.yml", INSTITUTION.replace("country: AT", "country: DE"))
    assert messages(project) == [
        "partners/de/beispiel/institution.yml: its slug 'beispiel' is already used by partners/at/beispiel/institution.yml; expected a folder no other institution has"
    ]


def test_duplicate_programme_slug(project):
    write(project, "partners/at/zweites/institution.yml", INSTITUTION)
    write(project, "partners/at/zweites/curricula/beispielkurs.yml", CURRICULUM)
    assert messages(project) == [
        "partners/at/zweites/curricula/beispielkurs.yml: its slug 'beispielkurs' is already used by partners/at/beispiel/curricula/beispielkurs.yml; expected a file name no other curriculum has"
    ]


def test_country_without_a_record(project):
    write(project, "partners/se/lund/institution.yml", INSTITUTION.replace("country: AT", "country: SE"))
    assert messages(project) == ["partners/se/lund/institution.yml: its country has no record; expected partners/se/country.yml"]


def test_a_country_record_that_cannot_be_read_is_its_only_problem(project):
    """Its institutions are not told that their country has no record: the country's file says why."""
    write(project, "partners/at/country.yml", COUNTRY.replace("code: AT", "code: [AT"))
    assert messages(project) == [
        "partners/at/country.yml:1:7: the list opened with [ here is not closed on this line; end it with ], or put the value in quotes if it is text"]


def test_translation_of_a_record_that_does_not_exist(project):
    write(project, "partners/at/beispiel/curricula/andere.de.yml", "summary: Ein Beispiel.\n")
    assert messages(project) == [
        "partners/at/beispiel/curricula/andere.de.yml: is a translation of a record that does not exist; expected partners/at/beispiel/curricula/andere.yml beside it"
    ]


def test_translation_into_a_language_the_site_does_not_have(project):
    write(project, "partners/at/beispiel/institution.pt.yml", "summary: Um exemplo.\n")
    assert messages(project) == [
        "partners/at/beispiel/institution.pt.yml: is a translation into 'pt', which is not a site language; expected one of: de, fr, it, nl, da, sv, fi, es, pl, el"
    ]


def test_translation_that_sets_a_field_that_is_not_translatable(project):
    write(project, "partners/at/beispiel/institution.de.yml", "summary: Ein Beispielverein.\nwebsite: https://example.de/\n")
    assert messages(project) == [
        "partners/at/beispiel/institution.de.yml:2:1: website: is not translatable (it is the same in every language); a translation may set only: summary, description"
    ]


def test_file_in_the_wrong_place_and_wrong_extension(project):
    write(project, "partners/at/beispiel/programme.yml", CURRICULUM)
    write(project, "partners/at/beispiel/curricula/zweiter.yaml", CURRICULUM)
    assert messages(project) == [
        "partners/at/beispiel/curricula/zweiter.yaml: records end in .yml; rename the file to zweiter.yml",
        "partners/at/beispiel/programme.yml: is not where a record can be; expected partners/<cc>/country.yml, partners/<cc>/<institution>/institution.yml, partners/<cc>/<institution>/curricula/<programme>.yml, partners/benchmarks/<benchmark>.yml, partners/glossary.yml or partners/places.yml",
    ]


def test_check_command_prints_problems_and_a_count_and_fails(project):
    write(project, INST, INSTITUTION.replace("website:", "webiste:"))
    write(project, CURR, CURRICULUM.replace("outcome: continuing", "outcome: master"))
    result = subprocess.run([sys.executable, "-m", "stepkb.cli", "check", "--project", str(project)],
                            capture_output=True, text=True, cwd=PROJECT / "hooks")
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 1
    assert lines[0].startswith(f"{CURR}:2:10: outcome: ")
    assert lines[1].startswith(f"{INST}:6:1: webiste: ")
    assert lines[-1] == "2 problems in 2 files; fix them and run the check again."


def test_check_command_passes_on_valid_records(project):
    result = subprocess.run([sys.executable, "-m", "stepkb.cli", "check", "--project", str(project)],
                            capture_output=True, text=True, cwd=PROJECT / "hooks")
    assert result.returncode == 0, result.stdout
    assert result.stdout == "All records are valid: 1 country, 1 institution, 1 programme, 0 benchmarks, 0 translations.\n"
