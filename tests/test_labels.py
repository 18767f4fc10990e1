"""Interface labels: every key and {placeholder} of English in every language, and the build refusing
languages that mkdocs.yml and the label files do not agree on."""
from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml

from conftest import LANGUAGES, PROJECT
from stepkb import labels

LABELS = PROJECT / "hooks" / "stepkb" / "labels"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_language_misses_a_key_or_a_placeholder(lang):
    assert labels.missing_keys(lang) == []


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_label_file_read_as_it_is_has_the_english_keys_and_placeholders():
    """The same rule read straight from the files, not through the labels module."""
    english = yaml.safe_load((LABELS / "en.yml").read_text(encoding="utf-8"))
    assert len(english) > 300 and english["fallback.notice"]
    assert sorted(p.stem for p in LABELS.glob("*.yml")) == sorted(LANGUAGES)
    for lang in LANGUAGES:
        own = yaml.safe_load((LABELS / f"{lang}.yml").read_text(encoding="utf-8"))
        assert sorted(set(english) - set(own)) == [], lang
        wrong = [k for k in english if _fields(str(own[k])) != _fields(str(english[k]))]
        assert wrong == [], lang
        assert all(str(v).strip() for v in own.values()), lang


def test_missing_keys_names_a_deleted_key_and_a_changed_placeholder(tmp_path, monkeypatch):
    (tmp_path / "en.yml").write_text("a.kept: Kept\nb.deleted: Gone\nc.counted: '{count} programmes'\n", encoding="utf-8")
    (tmp_path / "xx.yml").write_text("a.kept: Behalten\nc.counted: '{anzahl} Programme'\n", encoding="utf-8")
    monkeypatch.setattr(labels, "LABEL_DIR", tmp_path)
    labels._table.cache_clear()
    try:
        assert labels.missing_keys("xx") == ["b.deleted", "c.counted"]
        assert labels.missing_keys("en") == []
        assert labels.site_languages() == ["en", "xx"]
    finally:
        labels._table.cache_clear()


class _Language:
    def __init__(self, locale: str):
        self.locale = locale


def test_the_build_stops_when_mkdocs_yml_and_the_label_files_name_different_languages(monkeypatch):
    import step_hooks
    from mkdocs.exceptions import Abort

    configured = [_Language(code) for code in LANGUAGES if code != "el"]  # Greek left out of mkdocs.yml
    plugin = type("I18n", (), {"config": type("C", (), {"languages": configured})(), "building": False})()
    monkeypatch.setattr(step_hooks, "_i18n", lambda config: plugin)
    with pytest.raises(Abort) as stopped:
        step_hooks.on_config(config=None)
    assert str(stopped.value) == (
        "The site languages in mkdocs.yml (en, de, fr, it, nl, da, sv, fi, es, pl) differ from the label files in "
        "hooks/stepkb/labels/ (en, da, de, el, es, fi, fr, it, nl, pl, sv); add or remove a language in both (see README)")
