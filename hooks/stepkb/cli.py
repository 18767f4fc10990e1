"""Command line for editors and CI: `python -m stepkb.cli check` validates partners/ without a site build.

Prints every problem as path:line:column: field: message, then a count; exits 1 when there are any.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .labels import site_languages
from .problems import summary
from .scaffold import new_institution
from .translation_status import gaps, stamp
from .validate import read_partners


def check(project: Path) -> int:
    collection, problems = read_partners(project / "partners", project, site_languages())
    for problem in problems:
        print(problem)
    if problems:
        print(f"{summary(problems)}; fix them and run the check again.")
        return 1
    translations = sum(len(r.translations) for r in collection.all())
    print(
        f"All records are valid: {len(collection.countries)} countries, {len(collection.institutions)} institutions, "
        f"{len(collection.curricula)} programmes, {translations} translations."
    )
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
    print(f"{len(found)} translations to do." if found else "Every record text is translated into " + ", ".join(wanted) + ".")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="stepkb", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    chk = sub.add_parser("check", help="validate every record under partners/")
    chk.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[2], help="the project folder (default: this checkout)")
    new = sub.add_parser("new-institution", help="write a commented template for a new institution")
    new.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[2])
    new.add_argument("--country", required=True, help="ISO 3166-1 code, such as AT")
    new.add_argument("--slug", required=True, help="folder name, such as robert-gordon-university")
    new.add_argument("--name", required=True, help="the name in its own language")
    new.add_argument("--kind", default="training-institute", help="association, university, ...")
    tr = sub.add_parser("translations", help="list record texts still to translate (missing, incomplete or stale)")
    tr.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[2])
    tr.add_argument("--lang", action="append", default=[], help="only this language (repeatable)")
    tr.add_argument("--stamp", action="append", default=[], metavar="RECORD", help="mark this record's translations (in --lang) as up to date with its English text")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.project.resolve())
    if args.command == "translations":
        return translations(args.project.resolve(), args.lang, args.stamp)
    if args.command == "new-institution":
        try:
            written = new_institution(args.project.resolve(), args.country, args.slug, args.name, args.kind)
        except ValueError as exc:
            print(exc)
            return 1
        for path in written:
            print(f"Wrote {path}: fill it in, then run `make check`.")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
