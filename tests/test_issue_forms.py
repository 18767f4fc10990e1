"""The way in without git: the issue forms, and a submitted form turned into a record or into plain messages.

Issue bodies are written the way GitHub writes a submitted form (`### <question>`, then the answer, or
`_No response_`), from the committed form file itself, so that the form and the conversion are tested together.
"""
from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from conftest import LANGUAGES, PROJECT
from stepkb.fromissue import comment, convert
from stepkb.validate import read_partners
from test_validation import COUNTRY, CURR, CURRICULUM, INST, INSTITUTION, write

FORMS = PROJECT / ".github/ISSUE_TEMPLATE"


def form(name: str) -> dict:
    return yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))


def issue_body(answers: dict[str, str]) -> str:
    """An issue body as GitHub writes it for a submitted add-a-record form."""
    parts = []
    ids = set()
    for element in form("add-a-record.yml")["body"]:
        if element["type"] == "markdown":
            continue
        ids.add(element["id"])
        answer = answers.get(element["id"])
        if answer and element["attributes"].get("render"):
            answer = f"```{element['attributes']['render']}\n{answer}\n```"
        parts.append(f"### {element['attributes']['label']}\n\n{answer or '_No response_'}\n")
    assert set(answers) <= ids, set(answers) - ids  # a test answering a question the form does not ask is wrong
    return "\n".join(parts)


@pytest.fixture
def project(tmp_path):
    write(tmp_path, "partners/at/country.yml", COUNTRY)
    write(tmp_path, INST, INSTITUTION)
    write(tmp_path, CURR, CURRICULUM)
    write(tmp_path, "partners/places.yml", "Vienna: {de: Wien, fr: Vienne}\n")
    return tmp_path


INSTITUTION_ANSWERS = {
    "kind": "An institution", "country": "at", "institution": "wiener-institut",
    "institution-name": "Wiener Institut für systemische Therapie", "institution-name-language": "de",
    "institution-english-name": "Vienna Institute for Systemic Therapy", "institution-kind": "training-institute",
    "institution-city": "Vienna", "institution-website": "https://example.org/wit/", "institution-founded": "1995",
    "institution-summary": "A training institute for systemic therapy in Vienna.\r\n\r\nIt also trains social workers.",
    "institution-sources": "- The institute's website | https://example.org/wit/about | 2026-11-30\r\n- Annual report 2025",
}
PROGRAMME_ANSWERS = {
    "kind": "A programme", "country": "AT", "institution": "beispiel", "programme": "aufbaukurs",
    "programme-title": "Aufbaukurs systemische Praxis", "programme-outcome": "practitioner", "programme-languages": "de, en",
    "programme-mode": "part-time", "programme-hours-taught": "120", "programme-hours-supervision": "40",
    "programme-ects": "30", "programme-summary": "A second-year course.", "programme-partners": "",
    "programme-sources": "Course page | https://example.org/kurs",
}


def test_an_institution_from_the_form(project):
    result = convert(issue_body(INSTITUTION_ANSWERS), project)
    assert result.problems == []
    assert result.path == "partners/at/wiener-institut/institution.yml"
    assert result.text == """# yaml-language-server: $schema=../../../hooks/stepkb/schema/institution.schema.json
name: Wiener Institut für systemische Therapie
name_language: de
english_name: Vienna Institute for Systemic Therapy
kind: training-institute
country: AT
city: Vienna
website: https://example.org/wit/
founded: 1995
summary: |-
  A training institute for systemic therapy in Vienna.

  It also trains social workers.
sources:
- title: The institute's website
  url: https://example.org/wit/about
  checked: '2026-11-30'
- title: Annual report 2025
"""
    write(project, result.path, result.text)
    assert read_partners(project / "partners", project, LANGUAGES)[1] == []


def test_a_programme_from_the_form_by_the_command_the_workflow_runs(project, tmp_path):
    body = tmp_path / "issue.md"
    body.write_text(issue_body(PROGRAMME_ANSWERS), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "stepkb.cli", "--project", str(project), "from-issue", "--body", str(body), "--write"],
                         capture_output=True, text=True, cwd=PROJECT / "hooks")
    assert run.returncode == 0, run.stderr
    assert run.stdout == "partners/at/beispiel/curricula/aufbaukurs.yml\n"
    assert (project / "partners/at/beispiel/curricula/aufbaukurs.yml").read_text(encoding="utf-8") == """# yaml-language-server: $schema=../../../../hooks/stepkb/schema/curriculum.schema.json
title: Aufbaukurs systemische Praxis
outcome: practitioner
mode: part-time
hours:
  taught: 120
  supervision: 40
ects: 30
languages:
- de
- en
summary: A second-year course.
sources:
- title: Course page
  url: https://example.org/kurs
"""
    check = subprocess.run([sys.executable, "-m", "stepkb.cli", "--project", str(project), "check"], capture_output=True, text=True, cwd=PROJECT / "hooks")
    assert check.returncode == 0, check.stderr
    assert check.stdout == "All records are valid: 1 country, 1 institution, 2 programmes, 0 benchmarks, 0 translations.\n"


BAD = {
    "wrong values": ({**INSTITUTION_ANSWERS, "institution-website": "www.example.org", "institution-founded": "nineteen-ninety",
                      "institution-sources": "The website | example.org/about"}, [
        "partners/at/wiener-institut/institution.yml:8:10: website: 'www.example.org' is not valid here; expected a web address starting with https:// or http://",
        "partners/at/wiener-institut/institution.yml:9:10: founded: is the text 'nineteen-ninety'; expected a whole number",
        "partners/at/wiener-institut/institution.yml:16:8: sources[0].url: 'example.org/about' is not valid here; expected a web address starting with https:// or http://",
    ]),
    "required answers missing": ({"kind": "An institution", "country": "AT", "institution": "leeres-institut", "institution-name": "Leeres Institut"}, [
        "partners/at/leeres-institut/institution.yml:1:1: kind: is missing; expected a 'kind:' line (what sort of institution it is)",
        "partners/at/leeres-institut/institution.yml:1:1: sources: is missing; expected a 'sources:' line (the sources of the record's facts, each with its address)",
        "partners/at/leeres-institut/institution.yml:1:1: summary: is missing; expected a 'summary:' line (one or two sentences: who they are and what they do in systemic practice)",
    ]),
    "where the record goes": ({**INSTITUTION_ANSWERS, "kind": "", "country": "Austria", "institution": "Wiener Institut"}, [
        "form: What are you adding?: is not answered; expected 'An institution' or 'A programme'",
        "form: Country: 'Austria' is not a country code; expected an ISO 3166-1 alpha-2 country code in capitals, such as AT, DE, GB, NO",
        "form: Institution's folder name: 'Wiener Institut' is not a folder name; expected lower-case letters, digits and single hyphens, such as robert-gordon-university",
    ]),
    "an institution that exists": ({**INSTITUTION_ANSWERS, "institution": "beispiel"}, [
        "form: Institution's folder name: partners/at/beispiel/institution.yml exists already; expected a new name, or the "
        "\"Correct a record\" form to change that record",
    ]),
    "a programme of an institution not on the site": ({**PROGRAMME_ANSWERS, "institution": "nicht-da"}, [
        "partners/at/nicht-da/curricula/aufbaukurs.yml: its folder partners/at/nicht-da/ has no institution.yml; expected "
        "the provider's record there (make new-institution), or the programme moved into its provider's curricula/ folder",
    ]),
    "a programme with a partner that does not exist": ({**PROGRAMME_ANSWERS, "programme-partners": "beispeil-zwei", "programme-hours-taught": "1,200"}, [
        "partners/at/beispiel/curricula/aufbaukurs.yml:4:3: partners[0]: 'beispeil-zwei' is not an institution; did you mean 'beispiel'? "
        "expected the folder name of an institution under partners/",
        "partners/at/beispiel/curricula/aufbaukurs.yml:8:11: hours.taught: is the text '1,200'; expected a number",
    ]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_answers_give_the_plain_messages(project, case):
    answers, expected = BAD[case]
    result = convert(issue_body(answers), project)
    assert [str(p) for p in result.problems] == expected


def test_the_comment_for_bad_answers(project):
    result = convert(issue_body({**INSTITUTION_ANSWERS, "institution-founded": "nineteen-ninety"}), project)
    text = comment(result)
    assert text.startswith(
        "Thank you! The record cannot be made from these answers yet. Please edit the issue (\"...\" then \"Edit\") and change "
        "the answers below; the check runs again when you save.\n\n```\n"
        "partners/at/wiener-institut/institution.yml:9:10: founded: is the text 'nineteen-ninety'; expected a whole number\n```\n\n"
        "Where a line number is given, it is a line of the record made from your answers, `partners/at/wiener-institut/institution.yml`:\n\n"
        "```yaml\n# yaml-language-server: $schema=../../../hooks/stepkb/schema/institution.schema.json\n")
    assert text.split("```yaml\n")[1].splitlines()[8] == "founded: nineteen-ninety"  # line 9 of the record, as the message says


def test_the_command_writes_the_comment_and_fails(project, tmp_path):
    body = tmp_path / "issue.md"
    body.write_text(issue_body({**INSTITUTION_ANSWERS, "country": "Austria"}), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "stepkb.cli", "--project", str(project), "from-issue", "--body", str(body),
                          "--write", "--comment", str(tmp_path / "comment.md")], capture_output=True, text=True, cwd=PROJECT / "hooks")
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr == "form: Country: 'Austria' is not a country code; expected an ISO 3166-1 alpha-2 country code in capitals, such as AT, DE, GB, NO\n"
    assert "form: Country: 'Austria'" in (tmp_path / "comment.md").read_text(encoding="utf-8")
    assert not (project / "partners/at/wiener-institut").exists()


def test_the_add_form_asks_for_every_field_of_both_kinds():
    add = form("add-a-record.yml")
    assert add["name"] == "Add an institution or programme"
    ids = [e["id"] for e in add["body"] if "id" in e]
    assert len(ids) == len(set(ids))
    for expected in ("kind", "country", "institution", "programme", "institution-name", "institution-website",
                     "institution-step-partner-meeting-start", "programme-outcome", "programme-hours-taught", "programme-sources"):
        assert expected in ids, expected
    described = " ".join(e["attributes"].get("description", "") for e in add["body"] if "id" in e)
    from stepkb import schemas
    for kind in ("institution", "curriculum"):
        for name in schemas.field_names(kind):
            assert f"`{name}" in described or (kind, name) == ("institution", "country"), (kind, name)
    outcome = next(e for e in add["body"] if e.get("id") == "programme-outcome")
    assert outcome["type"] == "dropdown" and outcome["attributes"]["options"] == ["continuing", "practitioner", "psychotherapist", "supervisor"]


def test_the_correction_form_takes_the_record_from_the_link():
    correct = form("correct-a-record.yml")
    assert correct["name"] == "Correct a record"
    record = correct["body"][1]
    # a page links to <repo>/issues/new?template=correct-a-record.yml&record=partners/...: GitHub fills in the input of that id
    assert record["type"] == "input" and record["id"] == "record"
    fields = next(e for e in correct["body"] if e.get("id") == "fields")
    assert {"summary", "hours.taught", "sources", "website", "bodies"} <= set(fields["attributes"]["options"])


def test_the_workflow_never_puts_issue_text_into_a_shell_command():
    workflow = (PROJECT / ".github/workflows/record-from-issue.yml").read_text(encoding="utf-8")
    steps = yaml.safe_load(workflow)["jobs"]["record"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "${{" not in runs  # issue text reaches the commands through the environment only
    assert "stepkb.cli" in runs and "from-issue" in runs and "gh pr create" in runs and "gh issue comment" in runs
