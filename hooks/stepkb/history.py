"""Dates from the project's git history: when each record file last changed, and the build's "today".

Both come from commits, not from file times or the clock, so two builds of one commit print the same
dates. Without git (a copied folder, a tarball) or in a shallow clone, whose history stops early and
would give every file the date of the last commit, there are no change dates: pages leave them out.
"""
from __future__ import annotations

import logging
import os
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.stepkb")


def _git(project_dir: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", "-C", str(project_dir), *args],
            capture_output=True, text=True, timeout=120, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def changed_dates(project_dir: Path, folder: str = "partners") -> dict[str, str]:
    """File path (relative to project_dir, with /) -> ISO date of the last commit that touched it."""
    shallow = _git(project_dir, "rev-parse", "--is-shallow-repository")
    if shallow is None:
        return {}
    if shallow.strip() == "true":
        log.info("The git clone is shallow: record pages leave out their 'last changed' dates")
        return {}
    # Newest first: the first time a file appears is its last change. %x00 marks a commit's line.
    out = _git(project_dir, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--relative", "--", folder)
    dates: dict[str, str] = {}
    current = None
    for line in (out or "").splitlines():
        if line.startswith("\0"):
            current = line[1:]
        elif line and current and line not in dates:
            dates[line] = current
    return dates


def reference_date(project_dir: Path) -> date:
    """The day this build counts as today: SOURCE_DATE_EPOCH if set, else the date of the commit built,
    else (no git) the actual date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    head = _git(project_dir, "log", "-1", "--format=%cs")
    if head and head.strip():
        return date.fromisoformat(head.strip())
    return date.today()
