"""The build: every language at once gives the sequential build's site byte for byte, on any day."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, copy_project, run_parallel_build
from stepkb.source_date import source_date

# MkDocs reads "today" from mkdocs.utils.get_build_datetime (page dates, the sitemap, its .gz stamp)
# unless SOURCE_DATE_EPOCH is set. This runs `mkdocs <args>` with that clock set to another day.
ON_ANOTHER_DAY = """
import sys
from datetime import datetime, timezone
import mkdocs.utils
mkdocs.utils.get_build_datetime = lambda: datetime(2031, 5, 17, 9, 30, tzinfo=timezone.utc)
from mkdocs.__main__ import cli
cli(sys.argv[1:])
"""


def build_on_another_day(project: Path, site_dir: Path, *options: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    return subprocess.run(
        [sys.executable, "-c", ON_ANOTHER_DAY, "build", *options, "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=project, capture_output=True, text=True, env=env, timeout=900,
    )


def differences(left: Path, right: Path) -> list[str]:
    """Every file that is on one side only or whose bytes differ."""
    files = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    others = {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    found = [f"only in the first: {name}" for name in sorted(files - others)]
    found += [f"only in the second: {name}" for name in sorted(others - files)]
    found += [f"differs: {name}" for name in sorted(files & others) if (left / name).read_bytes() != (right / name).read_bytes()]
    return found


def test_parallel_build_is_the_sequential_build_made_on_another_day(site, tmp_path):
    # `site` is built with every language at once, today; this is plain `mkdocs build`, one language
    # after another, with MkDocs' clock on 17 May 2031. One commit, one site: not a byte may differ.
    sequential = tmp_path / "sequential"
    result = build_on_another_day(PROJECT, sequential, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    found = differences(site, sequential)
    assert not found, "\n".join(found[:30])
    pages = list(site.rglob("*.html"))
    assert len(pages) > 500 and (site / "sitemap.xml").is_file() and (site / "sitemap.xml.gz").is_file()
    for lang in ("de", "el"):  # each language's own search index and page-not-found page are compared too
        assert (site / lang / "search/stepkb.json").is_file() and (site / lang / "404.html").is_file()
    assert (site / "data/stepkb.json").is_file()
    # What the build reports of every language, though its workers built most of them: the same line.
    parallel_output = json.loads((site.parent / "site-build.json").read_text(encoding="utf-8"))["output"]  # conftest's `site`
    [reported] = re.findall(r"Search index per language \(KB\): (.*)", parallel_output)
    assert re.findall(r"Search index per language \(KB\): (.*)", result.stdout + result.stderr) == [reported]
    assert [part.split()[0] for part in reported.split(", ")] == ["en", "de", "fr", "it", "nl", "da", "sv", "fi", "es", "pl", "el"]


def test_the_other_day_reaches_mkdocs(tmp_path):
    # Without our hook, MkDocs dates the sitemap by its clock: the build above really ran on another day.
    project = tmp_path / "plain"
    (project / "docs").mkdir(parents=True)
    (project / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: Plain\nsite_url: https://example.org/\n", encoding="utf-8")
    result = build_on_another_day(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "<lastmod>2031-05-17</lastmod>" in (tmp_path / "site/sitemap.xml").read_text(encoding="utf-8")


def test_sitemap_dates_every_page_by_the_commit(site):
    if shutil.which("git") is None or not (PROJECT / ".git").exists():
        pytest.skip("not a git checkout: pages are dated by the day of the build")
    commit_day = subprocess.run(["git", "log", "-1", "--date=format-local:%Y-%m-%d", "--format=%cd"], cwd=PROJECT,
                                capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}).stdout.strip()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", commit_day), commit_day
    sitemap = (site / "sitemap-pages.xml").read_text(encoding="utf-8")  # the root's sitemap.xml indexes it (sitefiles.py)
    dates = re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)
    assert len(dates) > 500 and set(dates) == {commit_day}
    assert f"sitemap-pages.xml</loc><lastmod>{commit_day}</lastmod>" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_source_date_epoch_wins_and_a_folder_without_git_has_no_date(tmp_path):
    assert source_date(PROJECT, {"SOURCE_DATE_EPOCH": "1700000000"}) == "2023-11-14"
    assert source_date(tmp_path, {}) is None


def test_a_warning_in_one_language_stops_the_parallel_build(tmp_path):
    # A worker's warnings reach the main process, where --strict counts them: a link broken only in the
    # French pages must fail the build, with the message an editor needs.
    project = copy_project(tmp_path / "project", languages=["en", "fr"])
    page = project / "docs/fr/about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Lien](nulle-part.md)\n", encoding="utf-8")
    result = run_parallel_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert re.search(r"WARNING.*Doc file 'fr/about.md' contains a link 'nulle-part.md'", output), output
    assert re.search(r"Aborted with \d+ warnings in strict mode!", output), output
    assert "Traceback" not in output
    assert not any(p.name.startswith(".site-languages-") for p in tmp_path.iterdir()), "staging folders left behind"
