"""Command line for editors and CI (`python -m stepkb.cli <command>`, or the make targets).

    check [--format github]      validate partners/ without a site build; every problem as
                                 path:line:column: field: message (or as GitHub annotations), then a count
    new-institution, new-programme
                                 write a template for a new record
    generate [--check]           write the files made from the schemas (field reference, issue forms)
    from-issue --body FILE       an "Add an institution or programme" issue, to a record file
    translations [--lang L] [--stamp RECORD]
                                 record texts still to translate (missing, incomplete or stale)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import fieldref, issueforms, scaffold
from .fromissue import comment, convert
from .labels import site_languages
from .problems import Problem, summary
from .translation_status import gaps, stamp
from .validate import read_partners

PROJECT = Path(__file__).resolve().parents[2]
USAGE = {
    "new-institution": ('make new-institution COUNTRY=at SLUG=my-institute NAME="Mein Institut" [KIND=training-institute]',
                        ("country", "slug", "name")),
    "new-programme": ('make new-programme COUNTRY=at INSTITUTION=my-institute SLUG=systemic-foundation TITLE="Systemische Grundausbildung"',
                      ("country", "institution", "slug", "title")),
}


def _escape(text: str, property_value: bool = False) -> str:
    """GitHub Actions' workflow-command escaping (of a message, or of a property such as file=)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def annotation(problem: Problem) -> str:
    """A problem as a GitHub Actions error annotation, shown on the file's line in a pull request."""
    props = [f"file={_escape(problem.path, True)}"]
    if problem.line:
        props.append(f"line={problem.line}")
        if problem.column:
            props.append(f"col={problem.column}")
    props.append(f"title={_escape(problem.field or 'record', True)}")
    text = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return f"::error {','.join(props)}::{_escape(text)}"


def check(project: Path, form: str = "text") -> int:
    collection, problems = read_partners(project / "partners", project, site_languages())
    for problem in problems:
        print(annotation(problem) if form == "github" else problem)
    if problems:
        print(f"{summary(problems)}; fix them and run the check again.")
        return 1
    translations = sum(len(r.translations) for r in collection.all())
    counts = [(len(collection.countries), "country", "countries"), (len(collection.institutions), "institution", "institutions"),
              (len(collection.curricula), "programme", "programmes"), (len(collection.benchmarks), "benchmark", "benchmarks"),
              (translations, "translation", "translations")]
    print(
        "All records are valid: " + ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts) + "."
    )
    return 0


def _missing(command: str, args: argparse.Namespace) -> int | None:
    """With a required value missing, print the usage line (make's names) and return 2."""
    usage, required = USAGE[command]
    missing = [name.upper() for name in required if not (getattr(args, name) or "").strip()]
    if not missing:
        return None
    print(f"Usage: {usage}")
    print(f"Missing: {', '.join(missing)}.")
    return 2


def _scaffold(command: str, args: argparse.Namespace) -> int:
    status = _missing(command, args)
    if status is not None:
        return status
    try:
        if command == "new-institution":
            written = scaffold.new_institution(args.project, args.country, args.slug, args.name, args.kind or "training-institute")
        else:
            written = scaffold.new_programme(args.project, args.country, args.institution, args.slug, args.title)
    except ValueError as exc:
        print(exc)
        return 1
    for path, what in written.files:
        print(f"Wrote {path}: {what}.")
    for note in written.notes:
        print(f"Note: {note}")
    print("Next: replace each 'To be written:' with what your sources say, delete the commented lines you have no "
          f"source for, then run `make check`. Field reference: {scaffold.FIELD_REFERENCE}")
    return 0


def generate(project: Path, only_check: bool) -> int:
    """Write (or, with only_check, compare) the files made from the schemas."""
    wanted = {fieldref.OUTPUT: fieldref.markdown(), **issueforms.files()}
    stale = [rel for rel, text in wanted.items() if not (project / rel).is_file() or (project / rel).read_text(encoding="utf-8") != text]
    if only_check:
        for rel in stale:
            print(f"{rel}: out of date with the schemas; run `make generate` and commit the result")
        return 1 if stale else 0
    for rel in stale:
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(wanted[rel], encoding="utf-8")
        print(f"Wrote {rel}")
    if not stale:
        print("The files made from the schemas are up to date.")
    return 0


def from_issue(project: Path, body: Path, write: bool, comment_file: Path | None) -> int:
    result = convert(body.read_text(encoding="utf-8"), project)
    if result.problems:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        if comment_file:
            comment_file.write_text(comment(result), encoding="utf-8")
        return 1
    if write:
        target = project / result.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(result.text, encoding="utf-8")
    print(result.path)
    return 0


def translations(project: Path, languages: list[str], mark: list[str]) -> int:
    """List the translations still to do; with --stamp, first mark the named records' ones as done."""
    collection, problems = read_partners(project / "partners", project, site_languages())
    if problems:
        print(f"The records have {summary(problems)}; run `make check` first.")
        return 1
    wanted = [lang for lang in site_languages()[1:] if not languages or lang in languages]
    for path in mark:
        record = next((r for r in collection.all() if r.path == path), None)
        if record is None:
            print(f"{path}: is not a record; expected a path such as partners/at/asys/institution.yml")
            return 1
        for lang in wanted:
            stamp(record, lang, project)
    found = gaps(collection, project, wanted)
    for gap in found:
        print(gap)
    print(f"{len(found)} translation{'s' if len(found) != 1 else ''} to do." if found else "Every record text is translated into " + ", ".join(wanted) + ".")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="stepkb", description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=PROJECT, help="the project folder (default: this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    chk = sub.add_parser("check", help="validate every record under partners/")
    chk.add_argument("--format", choices=["text", "github"], default="text", help="github: GitHub Actions annotations")
    new = sub.add_parser("new-institution", help="write a commented template for a new institution")
    new.add_argument("--country", help="ISO 3166-1 code, such as AT")
    new.add_argument("--slug", help="folder name, such as robert-gordon-university")
    new.add_argument("--name", help="the name in its own language")
    new.add_argument("--kind", help="association, university, ... (default: training-institute)")
    prog = sub.add_parser("new-programme", help="write a commented template for a new programme")
    prog.add_argument("--country", help="ISO 3166-1 code of the institution's country, such as AT")
    prog.add_argument("--institution", help="the folder name of the institution that provides it")
    prog.add_argument("--slug", help="the programme's file name, such as systemic-foundation")
    prog.add_argument("--title", help="the title in its own language")
    gen = sub.add_parser("generate", help="write the field reference and the issue forms from the schemas")
    gen.add_argument("--check", action="store_true", help="only say which files are out of date")
    issue = sub.add_parser("from-issue", help="turn an 'Add an institution or programme' issue body into a record file")
    issue.add_argument("--body", type=Path, required=True, help="a file holding the issue's body (Markdown)")
    issue.add_argument("--write", action="store_true", help="write the record into the project")
    issue.add_argument("--comment", type=Path, help="where to write the issue comment when the answers have problems")
    tr = sub.add_parser("translations", help="list record texts still to translate (missing, incomplete or stale)")
    tr.add_argument("--lang", action="append", default=[], help="only this language (repeatable)")
    tr.add_argument("--stamp", action="append", default=[], metavar="RECORD", help="mark this record's translations (in --lang) as up to date with its English text")
    # `--project` is accepted after the command too, as the tests and the Makefile give it
    for command in (chk, new, prog, gen, issue, tr):
        command.add_argument("--project", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    project = args.project.resolve()
    args.project = project
    if args.command == "check":
        return check(project, args.format)
    if args.command in USAGE:
        return _scaffold(args.command, args)
    if args.command == "generate":
        return generate(project, args.check)
    if args.command == "from-issue":
        return from_issue(project, args.body, args.write, args.comment)
    if args.command == "translations":
        return translations(project, args.lang, args.stamp)
    return 2


if __name__ == "__main__":
    sys.exit(main())
