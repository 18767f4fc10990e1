"""The search's logic without a browser: search.js and normalise.js run in Node over the built index
(tests/jsrun.py), the build's normaliser and index on their own. Cheap, so that every query of the suite
and every normalising step is checked in every run and by `make mutants`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import LANGUAGES
from jsrun import built_site, normalise, search  # noqa: F401
from stepkb import names, search_index
from stepkb.render import render_compare, render_index
from stepkb.search_index import Block, Entry
from stepkb.search_text import Normaliser, fold, greek_to_latin
from test_search import QUERY_ROWS


def root_of(site: Path, lang: str) -> Path:
    return site / ("" if lang == "en" else lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_query_suite_through_the_search_script(built_site, lang):
    """tests/search_queries.tsv (the expected pages are the suite's facts), ranked by search.js itself."""
    rows = [r for r in QUERY_ROWS if r["lang"] == lang]
    found = search(root_of(built_site, lang), lang, *[r["query"] for r in rows])
    failures = [f"{r['class']}: {r['query']!r} expected {r['expected']} in the first {r['top']}, got {found[r['query']][:5]}"
                for r in rows if not set(r["expected"]) & set(found[r["query"]][: r["top"]])]
    assert not failures, "\n".join(failures)


def test_accents_are_folded_in_the_search_script(built_site):
    # Typed without accents, or with them where the page has none: the same first result.
    en = search(root_of(built_site, "en"), "en", "kobenhavns", "Københavns", "goteborgs universitet")
    assert en["kobenhavns"][0] == en["Københavns"][0] == "institutions/kobenhavns-professionshojskole/"
    assert en["goteborgs universitet"][0] == "institutions/university-of-gothenburg/"
    de = search(root_of(built_site, "de"), "de", "zurich", "Zürich")
    assert de["zurich"][0] == de["Zürich"][0] == "institutions/institut-fuer-oekologisch-systemische-therapie/"
    el = search(root_of(built_site, "el"), "el", "Θεσσαλονικη", "θεσσαλονίκη")
    assert el["Θεσσαλονικη"][0] == el["θεσσαλονίκη"][0] == "institutions/institute-of-systemic-therapy-thessaloniki/"


# Words as the browser's normaliser must turn them: [folded, term, English term, Latin spelling].
NORMALISED = {
    "en": {"Københavns": ["kobenhavns", "kobenhavn", "kobenhavn", "kobenhavns"], "Jyväskylä": ["jyvaskyla", "jyvaskyla", "jyvaskyla", "jyvaskyla"],
           "supervisors": ["supervisors", "supervisor", "supervisor", "supervisors"]},
    "de": {"Straße": ["strasse", "strass", "strass", "strasse"], "Familientherapie": ["familientherapie", "familientherapi", "familientherapi", "familientherapie"]},
    "el": {"θεραπεία": ["θεραπεια", "θεραπ", "θεραπεια", "therapeia"], "Θεσσαλονίκη": ["θεσσαλονικη", "θεσσαλονικ", "θεσσαλονικη", "thessaloniki"]},
    "fi": {"Helsingissä": ["helsingissa", "helsing", "helsingissa", "helsingissa"], "Helsinki": ["helsinki", "helsing", "helsinki", "helsinki"]},
    "pl": {"Niemczech": ["niemczech", "niemc", "niemczech", "niemczech"], "Łódź": ["lodz", "lodz", "lodz", "lodz"]},
}


@pytest.mark.parametrize("lang", sorted(NORMALISED))
def test_the_browsers_normaliser_folds_accents_and_stems(lang):
    assert normalise(lang, *NORMALISED[lang]) == NORMALISED[lang]


@pytest.mark.parametrize("lang", sorted(NORMALISED))
def test_the_builds_normaliser_folds_accents_and_stems(lang):
    norm = Normaliser(lang)
    got = {w: [fold(w), norm.term(fold(w)), norm.english_term(fold(w)), greek_to_latin(fold(w))] for w in NORMALISED[lang]}
    assert got == NORMALISED[lang]


def _index(tmp_path: Path, lang: str, entries: list[Entry], records, country_aliases=None) -> Path:
    """A search index of these entries alone, with the real glossary's keywords (and countries' other names)."""
    search_index.add_keywords(entries, lang, records.glossary.data, country_aliases or {})
    meta, terms, documents = search_index.build(entries, lang)
    search_index.write(tmp_path / "search", meta, terms, documents, {})
    return tmp_path


def test_a_page_using_only_its_languages_term_is_found_by_the_english_one(tmp_path, records):
    """Glossary equivalents: a German page that says only "Familientherapie" is found by "family therapy"."""
    own = Entry("programmes/a/", "Weiterbildung in Bamberg", "de", "curriculum", "DE", "practitioner")
    own.blocks = [Block("title", "Weiterbildung in Bamberg", "de"), Block("text", "Drei Jahre Familientherapie für Fachkräfte.", "de")]
    other = Entry("programmes/b/", "Kurs in Hamburg", "de", "curriculum", "DE", "practitioner")
    other.blocks = [Block("title", "Kurs in Hamburg", "de"), Block("text", "Zwei Jahre Beratung für Lehrkräfte.", "de")]
    root = _index(tmp_path, "de", [own, other], records)
    assert [b.text for b in own.blocks if b.kind == "keyword"] == ["family therapy systemic family therapy family and systemic psychotherapy"]
    assert [b.kind for b in other.blocks] == ["title", "text"]  # no term of the glossary, nothing added
    found = search(root, "de", "family therapy", "Familientherapie", "Beratung")
    assert found == {"family therapy": ["programmes/a/"], "Familientherapie": ["programmes/a/"], "Beratung": ["programmes/b/"]}


def test_a_country_is_found_first_by_its_other_names(tmp_path, records):
    """Another name of a country ("Olanda" for the Paesi Bassi, the English "Holland") names its page, as
    its title does: a page that only mentions the name, however often, comes after it."""
    country = Entry("countries/nl/", "Paesi Bassi", "it", "country", "NL")
    country.blocks = [Block("title", "Paesi Bassi", "it"), Block("text", "La psicoterapia non è regolata per legge.", "it")]
    institute = Entry("institutions/a/", "Istituto di Amsterdam", "it", "institution", "NL")
    institute.blocks = [Block("title", "Istituto di Amsterdam", "it"),
                        Block("text", "Corsi in Olanda per chi lavora in Olanda con le famiglie: la terapia in Olanda.", "it")]
    root = _index(tmp_path, "it", [country, institute], records, {"NL": ["Netherlands", "Nederland", *names.other_country_names("NL", "it")]})
    found = search(root, "it", "Olanda", "Holland", "Nederland", "Amsterdam")
    assert [found[q][0] for q in ("Olanda", "Holland", "Nederland")] == ["countries/nl/"] * 3
    assert found["Amsterdam"] == ["institutions/a/"]


def test_a_compound_the_site_does_not_use_is_searched_as_its_parts(tmp_path, records):
    """German joins words (Supervision + s + Stunden): a compound the reader types that no page uses finds
    the pages with both parts, first those with both."""
    both = Entry("programmes/a/", "Weiterbildung in Bamberg", "de", "curriculum", "DE")
    both.blocks = [Block("title", "Weiterbildung in Bamberg", "de"), Block("text", "Die Supervision umfasst 120 Stunden.", "de")]
    one = Entry("programmes/b/", "Kurs in Hamburg", "de", "curriculum", "DE")
    one.blocks = [Block("title", "Kurs in Hamburg", "de"), Block("text", "Supervision in Gruppen.", "de")]
    other = Entry("programmes/c/", "Kurs in Kiel", "de", "curriculum", "DE")
    other.blocks = [Block("title", "Kurs in Kiel", "de"), Block("text", "Zwei Jahre Beratung.", "de")]
    root = _index(tmp_path, "de", [both, one, other], records)
    assert json.loads((root / "search" / "stepkb.json").read_text(encoding="utf-8"))["links"] == ["", "s", "n", "en", "e", "es", "er"]
    found = search(root, "de", "Supervisionsstunden", "Beratungsstunden", "Xylofonstunden")
    assert found["Supervisionsstunden"] == ["programmes/a/"]  # both parts: the entries matching more words
    assert sorted(found["Beratungsstunden"]) == ["programmes/a/", "programmes/c/"]  # one part each
    assert found["Xylofonstunden"] == []  # a part the site does not use: no split, nothing found


def test_no_english_keywords_on_the_english_site(tmp_path, records):
    entry = Entry("page/", "Family therapy", "en", "page")
    entry.blocks = [Block("title", "Family therapy", "en"), Block("text", "Family therapy in Europe.", "en")]
    _index(tmp_path, "en", [entry], records)
    assert [b.kind for b in entry.blocks] == ["title", "text"]


def test_lists_and_the_comparison_page_are_kept_out_of_the_index(built_site):
    """The lists and /compare/ repeat the record pages: not one of them is an entry, in any language."""
    lists = {"institutions/", "programmes/", "countries/", "benchmarks/", "compare/"}
    for lang in LANGUAGES:
        search_dir = root_of(built_site, lang) / "search"
        version = json.loads((search_dir / "stepkb.json").read_text(encoding="utf-8"))["version"]
        addresses = {json.loads(p.read_text(encoding="utf-8"))["u"] for p in (search_dir / version / "d").glob("*.json")}
        assert not addresses & lists, (lang, addresses & lists)
        assert "programmes/sysoma/" in addresses and "institutions/asys/" in addresses  # the record pages are


@pytest.mark.parametrize("kind", ["institution", "curriculum", "country", "benchmark"])
def test_list_pages_and_the_comparison_ask_to_be_left_out_of_search(kind, records):
    from stepkb.generate import pages_for

    pages = {rel: make for rel, make, _ in pages_for(records, "fr", LANGUAGES)}
    section = {"institution": "institutions", "curriculum": "programmes", "country": "countries", "benchmark": "benchmarks"}[kind]
    for rel in (f"{section}/index.md", "compare/index.md"):
        front = yaml.safe_load(pages[rel]().split("---\n")[1])
        assert front["search"] == {"exclude": True}, rel
    assert "search" not in yaml.safe_load(pages["programmes/sysoma.md"]().split("---\n")[1])


def test_results_match_every_word_of_the_query_when_some_do(built_site):
    # Only these pages name both supervision and Vienna: pages with one of the words are left out.
    found = search(root_of(built_site, "en"), "en", "supervision Vienna")
    assert found["supervision Vienna"] == ["institutions/asys/", "programmes/ulg-systemische-psychotherapie-familientherapie/", "countries/at/"]


def test_a_name_typed_in_greek_letters_finds_its_latin_spelling(built_site):
    found = search(root_of(built_site, "el"), "el", "ΑΣΥΣ", "Τάβιστοκ", "σύσομα", "Φρόντλαϊν")
    assert [found[q][0] for q in ("ΑΣΥΣ", "Τάβιστοκ", "σύσομα", "Φρόντλαϊν")] == [
        "institutions/asys/", "institutions/tavistock-and-portman-nhs-foundation-trust/", "programmes/sysoma/", "programmes/frontline-programme/"]


def test_an_english_word_on_the_german_site_finds_the_german_term(built_site):
    # "counselling" is the English glossary term for Beratung: the Münster programme says only "Beratung".
    found = search(root_of(built_site, "de"), "de", "counselling")
    assert "programmes/master-ehe-familien-und-lebensberatung-muenster/" in found["counselling"][:2]


def _entry(url: str, title: str, text: str) -> Entry:
    entry = Entry(url, title, "en", "page")
    entry.blocks = [Block("title", title, "en"), Block("text", text, "en")]
    return entry


def test_a_rare_word_outweighs_a_common_one_in_titles(tmp_path):
    """No page has both words: the one with the rare word comes first, though the common word is in titles."""
    entries = [_entry(f"family-{n}/", f"Family page {n}", "About relatives.") for n in range(5)]
    entries.append(_entry("merseburg/", "A town", "The course meets in Merseburg every spring."))
    meta, terms, documents = search_index.build(entries, "en")
    search_index.write(tmp_path / "search", meta, terms, documents, {})
    found = search(tmp_path, "en", "family merseburg")["family merseburg"]
    assert found[0] == "merseburg/" and sorted(found[1:]) == [f"family-{n}/" for n in range(5)]


def test_an_inflected_word_finds_a_longer_word_of_the_same_stem(tmp_path):
    entries = [_entry("a/", "Training", "A year of supervisorship for trainers."), _entry("b/", "Other", "Nothing of the kind.")]
    meta, terms, documents = search_index.build(entries, "en")
    search_index.write(tmp_path / "search", meta, terms, documents, {})
    assert search(tmp_path, "en", "supervisors") == {"supervisors": ["a/"]}


def test_other_country_names_are_for_real_countries_and_site_languages(records):
    """data/country-names.yml: a misspelt code or language would silently add nothing."""
    data = names._other_country_names()
    assert set(data) <= {code.upper() for code in records.countries}
    assert all(set(by_lang) <= set(LANGUAGES) for by_lang in data.values())
    # The language's names first, then the English ones, each once.
    assert names.other_country_names("gb", "de") == ["Großbritannien", "England", "Schottland", "Wales", "UK", "Great Britain", "Britain", "Scotland"]
    assert names.other_country_names("nl", "el") == ["Ολλανδία", "Holland"]
    assert names.other_country_names("at", "fr") == []
