"""The preview's shortcuts give the same pages as a full build, and faults in our code become messages."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import LANGUAGES, PROJECT, copy_project, run_build
from stepkb.generate import write_pages
from stepkb.pagecache import PageCache
from stepkb.preview import write_search_atomically
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
        write_pages(collection, tmp_path / "kept", languages, cache=cache)
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


def test_search_indexes_are_swapped_into_place_whole(tmp_path):
    site = tmp_path / "site"
    (site / "de/search").mkdir(parents=True)
    (site / "de/search/old.json").write_text("old", encoding="utf-8")

    def write(folder):
        for lang in ("", "de"):
            (folder / lang / "search").mkdir(parents=True)
            (folder / lang / "search" / "meta.json").write_text(f"new {lang}", encoding="utf-8")
        return {"en": 5, "de": 6}

    assert write_search_atomically(site, write) == {"en": 5, "de": 6}
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == ["de/search/meta.json", "search/meta.json"]
    assert (site / "de/search/meta.json").read_text(encoding="utf-8") == "new de"
    assert not list(tmp_path.glob(".stepkb-search-*"))  # the staging folder is gone


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
