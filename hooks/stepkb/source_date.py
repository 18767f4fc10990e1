"""The date a build stamps on its pages (the sitemap's `lastmod`): the last commit's, not today's.

MkDocs dates every page with the day of the build unless SOURCE_DATE_EPOCH is set, so two builds of one
commit on different days differ. Following https://reproducible-builds.org/specs/source-date-epoch/,
SOURCE_DATE_EPOCH wins when set; otherwise the date of the commit checked out; outside a git checkout
(a copied folder, an unpacked archive) there is no such date and MkDocs' own (today) stays.
"""
from __future__ import annotations

import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path


def commit_epoch(project: Path) -> int | None:
    """Seconds since 1970 of the checked-out commit, or None outside a git checkout."""
    try:
        result = subprocess.run(["git", "-C", str(project), "log", "-1", "--format=%ct"],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None  # no git on this machine
    out = result.stdout.strip()
    return int(out) if result.returncode == 0 and out.isdigit() else None


def source_date(project: Path, environ=os.environ) -> str | None:
    """The pages' date as MkDocs writes it (YYYY-MM-DD, UTC), or None to keep MkDocs' own."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else commit_epoch(project)
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%d")
