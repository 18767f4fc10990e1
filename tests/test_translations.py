"""Every record text in every site language: a translatable field without its translation fails here."""
from __future__ import annotations

from pathlib import Path

from conftest import LANGUAGES, PROJECT
from stepkb.records import Collection, Record
from stepkb.translation_status import fingerprint, gaps, stamp, stamp_line
from stepkb.validate import read_partners


def test_every_record_text_has_its_ten_translations():
    collection, problems = read_partners(PROJECT / "partners", PROJECT, LANGUAGES)
    assert problems == []
    missing = [str(g) for g in gaps(collection, PROJECT, LANGUAGES[1:]) if g.what != "stale"]
    assert missing == [], f"{len(missing)} translations missing, e.g.:\n" + "\n".join(missing[:30])


def _record(tmp_path: Path, english: str, german: str | None) -> tuple[Collection, Path]:
    (tmp_path / "partners/at").mkdir(parents=True)
    (tmp_path / "partners/at/country.yml").write_text(english, encoding="utf-8")
    if german is not None:
        (tmp_path / "partners/at/country.de.yml").write_text(german, encoding="utf-8")
    collection, problems = read_partners(tmp_path / "partners", tmp_path, ["en", "de"])
    assert problems == []
    return collection, tmp_path


ENGLISH = "code: AT\nsummary: Austria sets training in law.\npsychotherapy: The act of 1990.\nsources:\n  - title: A source\n"


def test_a_missing_field_a_missing_file_and_stale_text_are_each_reported(tmp_path):
    collection, root = _record(tmp_path, ENGLISH, "summary: Österreich regelt die Ausbildung gesetzlich.\n")
    assert [str(g) for g in gaps(collection, root, ["de"])] == [
        "partners/at/country.yml [de]: missing fields: psychotherapy",
        "partners/at/country.yml [de]: stale",
    ]
    assert [str(g) for g in gaps(collection, root, ["fr"])] == ["partners/at/country.yml [fr]: missing"]


def test_a_stamped_translation_is_current_until_the_english_changes(tmp_path):
    german = "summary: Österreich regelt die Ausbildung gesetzlich.\npsychotherapy: Das Gesetz von 1990.\n"
    collection, root = _record(tmp_path, ENGLISH, german)
    record = collection.countries["AT"]
    assert stamp(record, "de", root) is True
    first = (root / "partners/at/country.de.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# translation of country.yml, English text {fingerprint(record)}" == stamp_line(record)
    assert gaps(collection, root, ["de"]) == []
    assert stamp(record, "de", root) is False  # already current: the file is not rewritten
    changed = Record(record.path, {**record.data, "summary": "Austria sets psychotherapy training in law."}, {}, {}, kind="country")
    assert fingerprint(changed) != fingerprint(record)
    assert fingerprint(Record(record.path, {**record.data, "code": "AT", "sources": []}, {}, {}, kind="country")) == fingerprint(record)


def test_a_translation_of_english_text_changed_since_is_stale(tmp_path):
    german = "summary: Österreich regelt die Ausbildung gesetzlich.\npsychotherapy: Das Gesetz von 1990.\n"
    collection, root = _record(tmp_path, ENGLISH, german)
    assert stamp(collection.countries["AT"], "de", root) is True
    assert gaps(collection, root, ["de"]) == []
    (root / "partners/at/country.yml").write_text(ENGLISH.replace("The act of 1990.", "The act of 1990, amended in 2024."), encoding="utf-8")
    collection, problems = read_partners(root / "partners", root, ["en", "de"])
    assert problems == []
    assert [str(g) for g in gaps(collection, root, ["de"])] == ["partners/at/country.yml [de]: stale"]


def test_the_translations_command_lists_what_is_left_and_stamps(tmp_path):
    import subprocess
    import sys

    _record(tmp_path, ENGLISH, "summary: Österreich regelt die Ausbildung gesetzlich.\n")

    def translations(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "stepkb.cli", "--project", str(tmp_path), "translations", *args],
                              capture_output=True, text=True, cwd=PROJECT / "hooks")

    listed = translations("--lang", "de", "--lang", "fr")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == ("partners/at/country.yml [de]: missing fields: psychotherapy\npartners/at/country.yml [de]: stale\n"
                             "partners/at/country.yml [fr]: missing\n3 translations to do.\n")
    stamped = translations("--lang", "de", "--stamp", "partners/at/country.yml")
    assert stamped.returncode == 0, stamped.stderr
    assert stamped.stdout.endswith("partners/at/country.yml [de]: missing fields: psychotherapy\n1 translation to do.\n")
    assert (tmp_path / "partners/at/country.de.yml").read_text(encoding="utf-8").startswith("# translation of country.yml, English text ")
