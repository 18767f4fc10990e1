"""Property-based tests: whatever an editor's file holds, the loader ends in a valid record or a clear error."""
from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import LANGUAGES, PROJECT
from stepkb.problems import Problem
from stepkb.validate import read_partners
from stepkb.yamlfile import parse_bytes

VALID = (PROJECT / "partners/de/hochschule-merseburg/curricula/sysoma.yml").read_text(encoding="utf-8")
COUNTRY = (PROJECT / "partners/de/country.yml").read_text(encoding="utf-8")
INSTITUTION = (PROJECT / "partners/de/hochschule-merseburg/institution.yml").read_text(encoding="utf-8")
PLACES = (PROJECT / "partners/places.yml").read_text(encoding="utf-8")  # cities must be listed here (an x-ref)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(records: dict[str, bytes]) -> list[Problem]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, data in records.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        collection, problems = read_partners(root / "partners", root, LANGUAGES)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path.startswith("partners/") and problem.message
        assert str(problem).startswith(problem.path)
        assert "; " in problem.message or "expected" in problem.message, problem.message
    return problems


def project_with(curriculum: bytes) -> dict[str, bytes]:
    return {
        "partners/places.yml": PLACES.encode(),
        "partners/de/country.yml": COUNTRY.encode(),
        "partners/de/hochschule-merseburg/institution.yml": INSTITUTION.encode(),
        "partners/de/hochschule-merseburg/curricula/sysoma.yml": curriculum,
    }


def test_the_unmutated_record_is_valid():
    assert check(project_with(VALID.encode())) == []


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash_the_parser(data):
    doc = parse_bytes(data)
    assert doc.errors or isinstance(doc.data, dict)


@SETTINGS
@given(st.text(max_size=1500))
def test_random_text_gives_a_record_or_errors(text):
    check(project_with(text.encode("utf-8", "surrogatepass")))


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(VALID)), st.integers(0, 40), st.text(max_size=12)), min_size=1, max_size=6))
def test_mutated_records_give_a_record_or_errors(edits):
    text = VALID
    for position, length, insert in edits:
        text = text[:position] + insert + text[position + length:]
    check(project_with(text.encode("utf-8", "replace")))


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["title", "outcome", "languages", "summary", "sources", "hours", "ects", "partners",
                                        "duration_months", "accredited_by", "cities", "cost", "x", "offered_from"]),
                       yaml_values, max_size=8))
def test_random_structures_give_a_record_or_errors(data):
    problems = check(project_with(yaml.safe_dump(data, allow_unicode=True).encode()))
    if not problems:
        assert {"title", "outcome", "languages", "summary", "sources"} <= set(data)
