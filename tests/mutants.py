"""The mutation check (`make mutants`): does a realistic bug in the production code make a test fail?

tests/mutants.yml lists the mutants: each replaces one exact snippet of a file in hooks/ or docs/assets/
(which must occur there exactly once) and names the tests that must catch it (the mapping: only those
run, in one pytest process without xdist, so that a mutant costs seconds). Each mutant is applied alone,
its tests run, and the file is restored; a mutant is "killed" when a test fails, "survived" when all
pass, "error" when the tests could not run (a name that is not a test, a timeout).

The tree stays clean: the original of the file being mutated is copied to tests/.mutants-backup/ before
it is changed, restored after each mutant, on Ctrl-C and on SIGTERM; a run killed outright (SIGKILL, a
power cut) leaves the copy, which the next run restores before anything else.

The JavaScript's tests drive Chromium over a built site whose /assets/ are served from docs/assets/
(tests/test_assets_in_browser.py): the site is built once, before the first mutant that needs it, into
a temporary folder (STEPKB_ASSET_SITE, which the tests then use instead of building their own).

    python tests/mutants.py                  every mutant
    python tests/mutants.py csv-guard ...    those mutants (by id)
    python tests/mutants.py --list           the ids, files and tests
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
LIST = PROJECT / "tests" / "mutants.yml"
BACKUP = PROJECT / "tests" / ".mutants-backup"
TIMEOUT = 300  # seconds for one mutant's tests; a mutant making the code loop forever counts as an error
SITE_ENV = "STEPKB_ASSET_SITE"


def load() -> list[dict]:
    mutants = yaml.safe_load(LIST.read_text(encoding="utf-8"))
    seen = set()
    for m in mutants:
        for key in ("id", "feature", "file", "find", "replace", "tests"):
            if key not in m:
                sys.exit(f"{LIST.name}: mutant {m.get('id', '?')} has no `{key}`")
        if m["id"] in seen:
            sys.exit(f"{LIST.name}: mutant id {m['id']} is used twice")
        seen.add(m["id"])
        if not (m["file"].startswith("hooks/") or m["file"].startswith("docs/assets/")):
            sys.exit(f"{LIST.name}: {m['id']}: only the production code in hooks/ and docs/assets/ is mutated")
    return mutants


def restore_leftovers() -> None:
    """Puts back any file a previous, interrupted run left mutated."""
    if not BACKUP.exists():
        return
    for copy in BACKUP.rglob("*"):
        if copy.is_file():
            target = PROJECT / copy.relative_to(BACKUP)
            shutil.copy2(copy, target)
            print(f"restored {target.relative_to(PROJECT)} from an interrupted run")
    shutil.rmtree(BACKUP)


class Mutated:
    """A file with one mutant applied, restored on leaving (also on Ctrl-C and SIGTERM)."""

    def __init__(self, mutant: dict):
        self.path = PROJECT / mutant["file"]
        self.original = self.path.read_bytes()
        text = self.original.decode("utf-8")
        count = text.count(mutant["find"])
        if count != 1:
            raise ValueError(f"`find` occurs {count} times in {mutant['file']} (it must occur once)")
        self.mutated = text.replace(mutant["find"], mutant["replace"]).encode("utf-8")
        self.copy = BACKUP / mutant["file"]

    def __enter__(self):
        self.copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(self.path, self.copy)  # first the copy, then the change: a crash leaves a way back
        self.path.write_bytes(self.mutated)
        return self

    def __exit__(self, *exc):
        self.path.write_bytes(self.original)
        shutil.copystat(self.copy, self.path)  # the same file time: make and the preview see no change
        shutil.rmtree(BACKUP)
        return False


def _terminated(signum, frame):
    raise KeyboardInterrupt  # unwinds through Mutated.__exit__, which restores the file


def build_site(folder: Path) -> Path:
    site = folder / "site"
    print("building the site once for the JavaScript's tests ...", flush=True)
    result = subprocess.run(
        [sys.executable, "-m", "stepkb.parallel_build", "build", "--strict", "-d", str(site)],
        cwd=PROJECT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(PROJECT / "hooks")},
    )
    if result.returncode != 0:
        sys.exit("the site does not build without mutants:\n" + result.stdout[-3000:] + result.stderr[-3000:])
    return site


def run_tests(tests: list[str], env: dict) -> tuple[str, str, float]:
    started = time.monotonic()
    command = [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-x", "-q",
               "--no-header", "-o", "addopts=", *tests]
    try:
        result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "error", f"timed out after {TIMEOUT} s", time.monotonic() - started
    elapsed = time.monotonic() - started
    # pytest: 0 all passed, 1 a test failed, 2 interrupted or a collection error, 4 usage, 5 nothing collected
    if result.returncode == 0:
        return "survived", "", elapsed
    if result.returncode == 1:
        failed = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
        return "killed", (failed[0] if failed else ""), elapsed
    return "error", (result.stdout + result.stderr).strip().splitlines()[-1:][0] if (result.stdout + result.stderr).strip() else "", elapsed


def needs_site(mutant: dict) -> bool:
    return mutant["file"].startswith("docs/assets/")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ids", nargs="*", help="run only these mutants")
    parser.add_argument("--list", action="store_true", help="list the mutants and their tests")
    parser.add_argument("--baseline", action="store_true", help="first run every mapped test without mutants")
    args = parser.parse_args()

    restore_leftovers()
    mutants = load()
    if args.ids:
        unknown = set(args.ids) - {m["id"] for m in mutants}
        if unknown:
            sys.exit("no such mutant: " + ", ".join(sorted(unknown)))
        mutants = [m for m in mutants if m["id"] in args.ids]
    if args.list:
        for m in mutants:
            print(f"{m['id']:32} {m['file']}\n{'':32} {' '.join(m['tests'])}")
        return 0

    signal.signal(signal.SIGTERM, _terminated)
    started = time.monotonic()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    results: list[tuple[dict, str, str, float]] = []
    with tempfile.TemporaryDirectory(prefix="stepkb-mutants-") as scratch:
        try:
            if any(needs_site(m) for m in mutants) and not os.environ.get(SITE_ENV):
                env[SITE_ENV] = str(build_site(Path(scratch)))
            if args.baseline:
                tests = sorted({t for m in mutants for t in m["tests"]})
                outcome, detail, _ = run_tests(tests, env)
                if outcome != "survived":
                    sys.exit(f"the mapped tests fail without any mutant: {detail}")
            for i, m in enumerate(mutants, 1):
                try:
                    with Mutated(m):
                        outcome, detail, elapsed = run_tests(m["tests"], env)
                except ValueError as exc:
                    outcome, detail, elapsed = "error", str(exc), 0.0
                results.append((m, outcome, detail, elapsed))
                print(f"[{i}/{len(mutants)}] {outcome:8} {m['id']} ({elapsed:.1f} s) {detail}", flush=True)
        except KeyboardInterrupt:
            print("\ninterrupted: the mutated file is restored", file=sys.stderr)
            return 130

    killed = [r for r in results if r[1] == "killed"]
    survived = [r for r in results if r[1] == "survived"]
    errors = [r for r in results if r[1] == "error"]
    print()
    for title, group in (("SURVIVED (no test failed)", survived), ("ERROR (the tests did not run)", errors)):
        if group:
            print(title)
            for m, _, detail, _ in group:
                print(f"  {m['id']}: {m['feature']} ({m['file']}) {detail}")
    total = len(results)
    score = 100 * len(killed) / total if total else 0
    print(f"{len(killed)} of {total} mutants killed ({score:.0f}%), {len(survived)} survived, "
          f"{len(errors)} errors, in {time.monotonic() - started:.0f} s")
    return 0 if len(killed) == total else 1


if __name__ == "__main__":
    sys.exit(main())
