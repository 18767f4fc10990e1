"""The preview's shortcuts give the same pages as a full build, and faults in our code become messages."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import LANGUAGES, PROJECT, copy_project, run_build
from stepkb.generate import write_pages
from stepkb.pagecache import PageCache
from stepkb.preview import SearchEntries, latest_entries
from stepkb.validate import Cache, read_partners


def pages(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_pages_kept_between_builds_equal_pages_made_afresh(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(PROJECT / "partners", project / "partners")
    languages = ["en", "de"]
    files, cache = Cache(), PageCache()

    def build_both(step: str):
        collection, problems = read_partners(project / "partners", project, LANGUAGES, cache=files)
        assert problems == []
        write_pages(collection, tmp_path / "kept", languages, cache)
        write_pages(collection, tmp_path / step, languages)
        assert pages(tmp_path / "kept") == pages(tmp_path / step), step
        return cache.made

    build_both("first")
    total = cache.made
    # a provider's name is shown on its programmes' pages, its country's page, the lists and the comparison
    edit(project / "partners/de/hochschule-merseburg/institution.yml", "name: Hochschule Merseburg", "name: Hochschule Merseburg (renamed)")
    made = build_both("provider-renamed")
    assert 0 < made < total / 4
    # a translation of a country's text, and a glossary term
    edit(project / "partners/at/country.de.yml", "summary: >-\n", "summary: >-\n  Geändert.\n")
    build_both("translation")
    glossary = project / "partners/glossary.yml"
    glossary.write_text(re.sub(r'term: "circular questions"', 'term: "circular questioning"', glossary.read_text(encoding="utf-8")), encoding="utf-8")
    build_both("glossary")
    # a programme removed: lists change everywhere
    (project / "partners/de/hochschule-merseburg/curricula/sysoma.yml").unlink()
    for translation in (project / "partners/de/hochschule-merseburg/curricula").glob("sysoma.*.yml"):
        translation.unlink()
    build_both("removed")
    assert cache.made == total - 2 * 1  # every page made again, less the removed one in two languages


def test_search_index_of_a_dirty_build_keeps_each_pages_newest_entries():
    docs = [
        {"location": "a/", "title": "A old"}, {"location": "a/#x", "title": "A x old"},
        {"location": "b/", "title": "B"}, {"location": "b/#y", "title": "B y"},
        {"location": "a/", "title": "A new"}, {"location": "a/#z", "title": "A z new"},
        {"location": "", "title": "Home"},
    ]
    assert [e["title"] for e in latest_entries(docs)] == ["B", "B y", "A new", "A z new", "Home"]


def test_search_entries_of_pages_not_rendered_again_are_kept(tmp_path):
    index = tmp_path / "search/search_index.json"
    index.parent.mkdir()
    entries = SearchEntries()

    def build(docs):
        index.write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
        return [e["title"] for e in entries.merged(tmp_path)["docs"]]

    assert build([{"location": "a/", "title": "A"}, {"location": "b/", "title": "B"}, {"location": "b/#s", "title": "B s"}]) == ["A", "B", "B s"]
    assert build([{"location": "b/", "title": "B new"}]) == ["A", "B new"]  # a --dirty build indexes what it rendered
    assert build([{"location": "a/", "title": "A new"}]) == ["B new", "A new"]


def test_a_fault_in_a_template_is_a_message_not_a_traceback(tmp_path):
    project = copy_project(tmp_path / "project")
    template = project / "hooks/stepkb/templates/curriculum.md.j2"
    template.write_text("{{ d.title.no_such_field.anywhere }}\n" + template.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert ("partners/de/hochschule-merseburg/curricula/sysoma.yml: its page in en could not be made (UndefinedError: "
            "'str object' has no attribute 'no_such_field'); this is a fault in the site's code, not in the record: please "
            "report it with this message") in output
    assert "Traceback" not in output
    assert "nothing was built" in output
