"""The editor's commands: make check's output, GitHub annotations, the scaffolds, the files made from the schemas."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT
from test_validation import COUNTRY, CURRICULUM, INST, INSTITUTION, project, write  # noqa: F401  (project: the fixture)

BROKEN = INSTITUTION.replace("kind: association", "kind: club").replace("website:", "webiste:")


def stepkb(*args: str, project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "stepkb.cli", *args, "--project", str(project)],
                          capture_output=True, text=True, cwd=PROJECT / "hooks")


def make(project: Path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    """`make <args>` in a copy of the project's Makefile, with the project's own virtual environment."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(PROJECT / name, project / name)  # keeps the dates: the venv is up to date for it
    if not (project / "hooks").exists():
        (project / "hooks").symlink_to(PROJECT / "hooks", target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    command = ["make", "--no-print-directory", *args, f"VENV={PROJECT / '.venv'}", *(f"{k}={v}" for k, v in variables.items())]
    return subprocess.run(command, capture_output=True, text=True, cwd=project, env=env, timeout=300)


def test_make_check_ends_with_the_count_and_no_make_error_line(project):
    write(project, INST, BROKEN)
    result = make(project, "check")
    assert result.returncode != 0
    assert result.stdout.splitlines() == [
        f"{INST}:3:7: kind: 'club' is not valid here; expected one of association, university, university-of-applied-sciences, "
        "local-authority, health-service, training-institute, professional-body",
        f"{INST}:6:1: webiste: is not a field of this record; did you mean 'website'? expected one of: name, name_language, "
        "english_name, short_name, kind, country, region, city, website, email, founded, efta_tic, step_partner, summary, description, sources",
        "2 problems in 1 file; fix them and run the check again.",
    ]
    assert result.stderr == ""  # no "make: *** [Makefile:NN: check] Error 1"


def test_make_check_passes_quietly_on_valid_records(project):
    result = make(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "All records are valid: 1 country, 1 institution, 1 programme, 0 benchmarks, 0 translations.\n"


def test_check_as_github_annotations(project):
    write(project, INST, INSTITUTION.replace("kind: association", "kind: 100%"))
    write(project, "partners/at/zweites/curricula/kurs.yml", CURRICULUM)
    result = stepkb("check", "--format", "github", project=project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=partners/at/beispiel/institution.yml,line=3,col=7,title=kind::kind: '100%25' is not valid here; "
        "expected one of association, university, university-of-applied-sciences, local-authority, health-service, "
        "training-institute, professional-body",
        "::error file=partners/at/zweites/curricula/kurs.yml,title=record::its folder partners/at/zweites/ has no "
        "institution.yml; expected the provider's record there (make new-institution), or the programme moved into its "
        "provider's curricula/ folder",
        "2 problems in 2 files; fix them and run the check again.",
    ]


def test_github_annotation_escapes_what_would_end_or_split_it():
    from stepkb.cli import annotation
    from stepkb.problems import Problem

    assert annotation(Problem("partners/a,b/x.yml", 4, 2, "sources[0].title", "is 100% wrong\nsee: here")) == (
        "::error file=partners/a%2Cb/x.yml,line=4,col=2,title=sources[0].title::sources[0].title: is 100%25 wrong%0Asee: here")
    assert annotation(Problem("partners/at/x/institution.yml", 0, 0, "", "its country has no record")) == (
        "::error file=partners/at/x/institution.yml,title=record::its country has no record")


# The scaffolds

def test_make_new_institution_without_arguments_prints_its_usage(project):
    result = make(project, "new-institution")
    assert result.returncode != 0
    assert result.stdout == ('Usage: make new-institution COUNTRY=at SLUG=my-institute NAME="Mein Institut" [KIND=training-institute]\n'
                             "Missing: COUNTRY, SLUG, NAME.\n")
    assert result.stderr == ""


def test_make_new_programme_without_a_title_prints_its_usage(project):
    result = make(project, "new-programme", COUNTRY="at", INSTITUTION="beispiel", SLUG="kurs")
    assert result.stdout == ('Usage: make new-programme COUNTRY=at INSTITUTION=my-institute SLUG=systemic-foundation '
                             'TITLE="Systemische Grundausbildung"\nMissing: TITLE.\n')
    assert result.returncode != 0 and result.stderr == ""


def placeholders_in(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if "To be written:" in line and not line.lstrip().startswith("#")]


def test_new_institution_in_a_new_country_says_what_it_wrote_and_is_refused_until_filled_in(project):
    result = make(project, "new-institution", COUNTRY="be", SLUG="gent-instituut", NAME='Instituut "De Brug" voor Gezinstherapie')
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "Wrote partners/be/gent-instituut/institution.yml: the institution, with 2 placeholders to replace.",
        "Wrote partners/be/country.yml: Belgium had no country record yet: this is one, with 2 placeholders to replace.",
        "Note: name_language is nl: the most used of Belgium's official languages (nl, fr, de); change it if the name is in another one.",
        "Next: replace each 'To be written:' with what your sources say, delete the commented lines you have no source "
        "for, then run `make check`. Field reference: hooks/stepkb/schema/README.md",
    ]
    institution = project / "partners/be/gent-instituut/institution.yml"
    text = institution.read_text(encoding="utf-8")
    assert 'name: "Instituut \\"De Brug\\" voor Gezinstherapie"' in text
    assert 'name_language: "nl"  # the most used of Belgium\'s official languages (nl, fr, de)' in text
    assert 'kind: "training-institute"' in text and 'country: "BE"' in text
    check = make(project, "check")
    problems = check.stdout.splitlines()
    assert problems[-1] == "4 problems in 2 files; fix them and run the check again."
    assert [re.sub(r"\(To be written.*", "", p) for p in problems[:-1]] == [
        "partners/be/country.yml:6:10: summary: still holds the template's placeholder ",
        "partners/be/country.yml:31:12: sources[0].title: still holds the template's placeholder ",
        "partners/be/gent-instituut/institution.yml:22:10: summary: still holds the template's placeholder ",
        "partners/be/gent-instituut/institution.yml:27:12: sources[0].title: still holds the template's placeholder ",
    ]
    for path in (institution, project / "partners/be/country.yml"):
        path.write_text(re.sub(r"To be written: [^\n\"]*", "Written from the sources.", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert make(project, "check").stdout == "All records are valid: 2 countries, 2 institutions, 1 programme, 0 benchmarks, 0 translations.\n"


def test_new_programme_takes_its_language_from_the_country_and_is_refused_until_filled_in(project):
    write(project, "partners/ch/country.yml", COUNTRY.replace("code: AT", "code: CH"))
    write(project, "partners/ch/zuerich/institution.yml", INSTITUTION.replace("country: AT", "country: CH"))
    result = make(project, "new-programme", COUNTRY="ch", INSTITUTION="zuerich", SLUG="grundkurs", TITLE="Grundkurs Systemik")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[:2] == [
        "Wrote partners/ch/zuerich/curricula/grundkurs.yml: the programme, with 3 placeholders to replace.",
        "Note: languages is [de]: the most used of Switzerland's official languages (de, fr, it); change it if it is taught in another one.",
    ]
    path = project / "partners/ch/zuerich/curricula/grundkurs.yml"
    assert path.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=../../../../hooks/stepkb/schema/curriculum.schema.json"
    assert placeholders_in(path) == [
        'outcome: "To be written: one of continuing, practitioner, psychotherapist, supervisor"  # What it qualifies a person '
        "for: continuing (continuing training for practitioners, no new title), practitioner (systemic practitioner, counsellor "
        "or therapist certified by an association or a diploma), psychotherapist (family or systemic psychotherapist: a title "
        "protected by law, a licence or a national psychotherapy register), supervisor (systemic supervisor or trainer).",
        "To be written: one or two sentences on what it is and who it is for.",
        '- title: "To be written: the source\'s title, or a description of the document where it has no address."',
    ]
    text = path.read_text(encoding="utf-8")
    text = text.replace('"To be written: one of continuing, practitioner, psychotherapist, supervisor"', "continuing")
    path.write_text(re.sub(r"To be written: [^\n\"]*", "Written from the sources.", text), encoding="utf-8")
    # uncommenting a field by deleting its '# ' gives a line at the right indentation
    path.write_text(path.read_text(encoding="utf-8").replace("# ects: 120", "ects: 120")
                    .replace("# hours:", "hours:").replace("#   taught: <a number from 0 to 20000>", "  taught: 90")
                    .replace("    # checked: ", "    checked: "), encoding="utf-8")
    check = make(project, "check")
    assert check.stdout == "All records are valid: 2 countries, 2 institutions, 2 programmes, 0 benchmarks, 0 translations.\n", check.stdout


def test_new_programme_for_an_institution_that_does_not_exist(project):
    write(project, "partners/ch/country.yml", COUNTRY.replace("code: AT", "code: CH"))
    result = make(project, "new-programme", COUNTRY="ch", INSTITUTION="beispiel", SLUG="kurs", TITLE="Kurs")
    assert result.stdout == ("INSTITUTION: 'beispiel' has no record in partners/ch/; expected the folder name of the institution "
                             "that provides the programme. It is in partners/at/beispiel/: use COUNTRY=at.\n")
    assert result.returncode != 0 and result.stderr == ""


def test_scaffold_refuses_a_taken_slug(project):
    result = stepkb("new-institution", "--country", "de", "--slug", "beispiel", "--name", "Beispiel", project=project)
    assert result.returncode == 1
    assert result.stdout == "SLUG: 'beispiel' is already used by partners/at/beispiel/institution.yml; expected a new folder name\n"


# Files made from the schemas

def test_committed_field_reference_and_issue_forms_are_up_to_date():
    result = stepkb("generate", "--check", project=PROJECT)
    assert result.returncode == 0, result.stdout


def test_generate_check_names_a_stale_file(tmp_path):
    for rel in ("hooks/stepkb/schema/README.md", ".github/ISSUE_TEMPLATE/add-a-record.yml", ".github/ISSUE_TEMPLATE/correct-a-record.yml"):
        write(tmp_path, rel, (PROJECT / rel).read_text(encoding="utf-8"))
    readme = tmp_path / "hooks/stepkb/schema/README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("| `founded` |", "| `founded_in` |"), encoding="utf-8")
    result = stepkb("generate", "--check", project=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "hooks/stepkb/schema/README.md: out of date with the schemas; run `make generate` and commit the result\n"


def test_field_reference_is_linked_from_the_readme_and_lists_every_field():
    from stepkb.schemas import field_reference

    assert "(hooks/stepkb/schema/README.md)" in (PROJECT / "README.md").read_text(encoding="utf-8")
    reference = (PROJECT / "hooks/stepkb/schema/README.md").read_text(encoding="utf-8")
    for kind in ("institution", "curriculum", "country", "glossary"):
        for row in field_reference(kind):
            assert f"| `{row['name']}` |" in reference, (kind, row["name"])
    assert "| `partners` |  | a list of lower-case letters, digits and single hyphens, such as robert-gordon-university; must be the folder name of an institution under partners/ |" in reference
    assert "| `founded` |  | a whole number from 1800 to 2100, this year or earlier |" in reference


def test_every_field_of_a_template_is_explained_and_optional_ones_are_commented_out(tmp_path):
    (tmp_path / "partners").mkdir()
    result = subprocess.run([sys.executable, "-m", "stepkb.cli", "--project", str(tmp_path), "new-institution", "--country", "at",
                             "--slug", "x-inst", "--name", "X", "--kind", "association"], capture_output=True, text=True, cwd=PROJECT / "hooks")
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "partners/at/x-inst/institution.yml").read_text(encoding="utf-8").splitlines()
    active = [re.match(r"(\w+):", line).group(1) for line in lines if re.match(r"\w+:", line)]
    commented = [re.match(r"# (\w+):", line).group(1) for line in lines if re.match(r"# \w+:", line)]
    assert active == ["name", "name_language", "kind", "country", "summary", "sources"]  # the required fields
    assert commented == ["english_name", "short_name", "region", "city", "website", "email", "founded", "efta_tic", "step_partner", "description"]
    fields = [line for line in lines if re.match(r"(# )?\s*(- )?\w+:", line)]
    unexplained = [line for line in fields if "  # " not in line and "To be written:" not in line and not line.startswith("summary:")]
    assert unexplained == [] and len(fields) > 20
