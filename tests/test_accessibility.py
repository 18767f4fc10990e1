"""WCAG 2.1 AA: axe-core in headless Chromium on every page type in every language, plus keyboard checks."""
from __future__ import annotations


import pytest

from conftest import LANGUAGES, PROJECT

AXE = PROJECT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
PAGE_TYPES = [
    "", "about/", "systemic-practice/", "institutions/", "institutions/asys/", "programmes/", "programmes/sysoma/",
    "countries/", "countries/gb/", "compare/", "glossary/", "contribute/", "contribute/fields/", "404.html",
]


def prefix(lang: str) -> str:
    return "/" if lang == "en" else f"/{lang}/"


@pytest.fixture(scope="module")
def axe_page(browser):
    assert AXE.is_file(), "axe-core is missing: `make test` installs it (npm ci in tests/)"
    page = browser.new_page()
    page.add_init_script(path=str(AXE))  # axe-core in every page this tab opens
    yield page
    page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_serious_or_critical_axe_violations(axe_page, served, lang):
    problems = []
    for path in PAGE_TYPES:
        axe_page.goto(served + prefix(lang) + path)
        # Every rule runs; resultTypes only spares listing every element that passed (axe's own advice
        # for speed): violations keep all their elements.
        result = axe_page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},"
            " resultTypes: ['violations']})"
        )
        for v in result["violations"]:
            if v["impact"] in ("serious", "critical"):
                targets = [" ".join(n["target"]) for n in v["nodes"][:3]]
                problems.append(f"{prefix(lang)}{path}: {v['id']} ({v['impact']}): {v['help']} at {targets}")
        assert result["passes"], "axe ran no check"
    assert not problems, "\n".join(problems)


def test_skip_link_is_the_first_thing_a_keyboard_reaches(browser_page, served):
    browser_page.goto(served + "/de/programmes/sysoma/")
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href'), document.activeElement.textContent.trim()]")
    assert "md-skip" in focused[0] and focused[1].startswith("#"), focused
    target = focused[1][1:]
    assert browser_page.locator(f"[id='{target}']").count() == 1, f"the skip link's target #{target} is missing"
    box = browser_page.locator("a.md-skip").bounding_box()
    assert box and box["height"] > 0 and box["y"] >= 0, box  # shown on screen while it has focus


def test_map_and_chart_are_reachable_by_keyboard(browser_page, served):
    browser_page.goto(served + "/fr/")
    names = []
    for _ in range(60):
        browser_page.keyboard.press("Tab")
        name = browser_page.evaluate("() => document.activeElement.closest('svg') ? document.activeElement.getAttribute('aria-label') : null")
        if name:
            names.append(name)
    assert "Allemagne" in names and "Autriche" in names, names
    browser_page.goto(served + "/de/compare/")
    bars = browser_page.locator("svg.stepkb-chart a")
    assert bars.count() >= 3
    label = bars.first.locator("title").text_content()
    assert ":" in label and any(ch.isdigit() for ch in label)
    bars.first.focus()
    assert browser_page.evaluate("() => document.activeElement.closest('svg.stepkb-chart') !== null")


def test_passages_in_another_language_are_marked(page):
    doc = page("/de/institutions/fh-campus-wien/")
    name = doc.h1
    assert name.get("lang") in (None, "de")  # a German name on a German page needs no mark
    doc = page("/fr/institutions/asys/")
    assert doc.h1.get("lang") == "de"  # the German name on the French page is marked
    compare = page("/el/compare/")
    titles = compare.select("table.stepkb-compare tbody th[scope=row] a span[lang]")
    assert {span["lang"] for span in titles} >= {"de", "fi", "sv", "it", "en"}


def test_tables_have_headers_and_captions(page):
    for path in ("/compare/", "/de/institutions/asys/", "/el/countries/gb/", "/programmes/sysoma/"):
        for table in page(path).select("article table"):
            assert table.caption is not None and table.caption.get_text(strip=True), (path, str(table)[:200])
            assert table.select("th"), (path, str(table)[:200])
