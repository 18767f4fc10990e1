"""Every page type in every language, as a reader's browser shows it: at a phone's width and a desktop's,
in the light and the dark scheme, with the search open and with programmes set side by side.

One test per language walks every page type once (a page load is the slow part): at 1,280 px and at
360 px it runs axe-core's WCAG 2.1 A/AA and best-practice rules (the colour rules in English, where the
dark scheme is checked too: colours do not depend on the language); at 320, 360 and 1,280 px the document
must be no wider than the window. The walk records every 404 on the site's own address, every request
to another host and every console error: there must be none. Pages are opened at the address the site
was built for (tests/published.py), so the theme's requests for absolute addresses are answered as they
would be.
"""
from __future__ import annotations

import pytest

from conftest import LANGUAGES, PROJECT
from published import Published
from stepkb.labels import Labels

AXE = PROJECT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
PAGE_TYPES = [
    "", "about/", "systemic-practice/", "institutions/", "institutions/asys/", "programmes/", "programmes/sysoma/",
    "countries/", "countries/gb/", "countries/is/", "themes/", "themes/training-accreditation/", "benchmarks/",
    "benchmarks/efta-tic/", "compare/", "glossary/", "contribute/", "contribute/fields/", "accessibility/", "404.html",
]  # countries/is/: a country with no programme; programmes/sysoma/: closed, with benchmark tables
# The rules that compare colours (text against its background, links against the text around them):
# their outcome changes with the colour scheme, and with nothing a language changes. The dark scheme is
# checked with them alone, the other languages without them.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
WIDE, NARROW, NARROWEST = 1280, 360, 320
# The parts of a page that change when a reader sets programmes side by side or searches.
SIDE_BY_SIDE, SEARCH = ".stepkb-side-by-side__result", ".stepkb-search"

RUN_AXE = """async ({rules, skip, within}) => {
  const options = {resultTypes: ['violations'], iframes: false, preload: false, performanceTimer: false};
  options.runOnly = rules ? {type: 'rule', values: rules}
                          : {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']};
  if (skip) options.rules = Object.fromEntries(skip.map(rule => [rule, {enabled: false}]));
  if (within && !document.querySelector(within)) return [`nothing to check: ${within} is not on the page`];
  const result = await axe.run(within ? {include: [within]} : document, options);
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
}"""
WIDTH = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
# After a resize, the page's scripts adjust on the next frame (stepkb.js): wait for two.
NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
# Colours are checked once they have settled: a transition caught half-way is neither state.
NO_TRANSITIONS = """document.addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
  document.head.appendChild(style);
});"""


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


@pytest.fixture(scope="module", autouse=True)
def axe_is_installed():
    assert AXE.is_file(), "axe-core is missing: `make test` installs it (npm ci in tests/)"


class Checker:
    """Runs the checks on one tab and collects every problem, so one test reports them all."""

    def __init__(self, tab, where: str, labels: Labels):
        self.tab = tab
        self.where = where
        self.labels = labels
        self.problems: list[str] = []

    def axe(self, label: str, rules=None, skip=None, within=None) -> None:
        """axe-core on the page (or only on the part `within` names, when the rest was checked already)."""
        found = self.tab.evaluate(RUN_AXE, {"rules": rules, "skip": skip, "within": within})
        self.problems += [f"{self.where}{label}: {v}" for v in found]

    def fits(self, label: str, width: int) -> None:
        self.tab.set_viewport_size({"width": width, "height": 800})
        self.tab.evaluate(NEXT_FRAME)
        document_width, window_width = self.tab.evaluate(WIDTH)
        if document_width > window_width:
            self.problems.append(f"{self.where}{label}: {document_width} px wide in a {window_width} px window")

    def scheme(self, name: str) -> None:
        """Switch the colour scheme as a reader does, with the toggle in the header (named in the page's
        language); the choice is kept for the next pages, so the walk switches back each time."""
        expected = "slate" if name == "dark" else "default"
        if self.tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected:
            return
        self.tab.get_by_title(self.labels("palette." + name)).click()
        self.tab.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{expected}'")


def open_tab(published: Published, lang: str):
    context, log = published.context(viewport={"width": WIDE, "height": 800})
    context.add_init_script(path=str(AXE))
    context.add_init_script(script=NO_TRANSITIONS)
    tab = context.new_page()
    published.watch(tab, log)
    return context, log, tab, Checker(tab, f"/{prefix(lang)}", Labels(lang))


def select_two(tab, published, lang: str) -> None:
    """The comparison with two programmes selected, as a shared address opens it."""
    tab.goto(published.address(prefix(lang) + "compare/?select=sysoma,msc-systemic-psychotherapy-qualifying"))
    tab.locator(".stepkb-side-by-side__result table").wait_for()


def search(tab, word: str = "STEP") -> None:
    field = tab.locator("input.md-search__input")
    field.click()
    field.fill("")
    tab.keyboard.type(word, delay=20)
    tab.locator(".stepkb-search__results .stepkb-result").first.wait_for()


def assert_clean(check: Checker, log) -> None:
    assert not check.problems, "\n".join(check.problems)
    assert log.not_found == [], f"requests that found nothing: {log.not_found}"
    assert log.elsewhere == [], f"requests to another host: {log.elsewhere}"
    assert log.console_errors == [] and log.page_errors == [], log.console_errors + log.page_errors
    assert log.requests > len(PAGE_TYPES) * 2  # the pages and what they load were answered by the site


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_type_fits_and_passes_axe(published, lang):
    """Every rule at 1,280 px and again at 360 px, where the layout differs (the navigation drawer's
    button, tables wider than the screen that must be reachable by keyboard); no sideways scrolling at
    1,280, 360 and 320 px. The colour rules (contrast, links told apart from the text around them),
    half of axe's time, are checked in English only: colours do not depend on the language
    (test_dark_scheme_and_narrow_screens_keep_contrast adds the dark scheme). After a click only the
    part of the page that changed is checked again."""
    skip = None if lang == "en" else COLOUR_RULES
    context, log, tab, check = open_tab(published, lang)
    try:
        for path in PAGE_TYPES:
            tab.set_viewport_size({"width": WIDE, "height": 800})
            tab.goto(published.address(prefix(lang) + path))
            check.fits(path, WIDE)
            check.axe(path, skip=skip)
            check.fits(path, NARROW)
            check.axe(f"{path} at {NARROW} px", skip=skip)
            check.fits(path, NARROWEST)
        tab.set_viewport_size({"width": WIDE, "height": 800})
        select_two(tab, published, lang)
        check.axe("compare/ with two selected", skip=skip, within=SIDE_BY_SIDE)
        check.fits("compare/ with two selected", NARROW)
        check.axe(f"compare/ with two selected at {NARROW} px", skip=skip, within=SIDE_BY_SIDE)
        tab.set_viewport_size({"width": WIDE, "height": 800})
        tab.goto(published.address(prefix(lang)))
        search(tab)
        check.axe("search results", skip=skip, within=SEARCH)
    finally:
        context.close()
    assert_clean(check, log)


def test_dark_scheme_and_narrow_screens_keep_contrast(published):
    """Colours do not depend on the language: the colour rules in the dark scheme (switched with the
    header's toggle, as a reader does) are checked at 360 px on every page type and state in one language;
    the light scheme's at both widths with every other rule in English above."""
    context, log, tab, check = open_tab(published, "en")
    try:
        tab.set_viewport_size({"width": NARROW, "height": 800})
        for path in PAGE_TYPES:
            tab.goto(published.address(path))
            check.scheme("dark")
            check.axe(f"{path} at {NARROW} px, dark", COLOUR_RULES)
            check.scheme("light")
        select_two(tab, published, "en")
        check.scheme("dark")
        check.axe(f"compare/ with two selected at {NARROW} px, dark", COLOUR_RULES, within=SIDE_BY_SIDE)
        tab.set_viewport_size({"width": WIDE, "height": 800})
        check.axe("compare/ with two selected, dark", COLOUR_RULES, within=SIDE_BY_SIDE)
        tab.goto(published.address(""))
        search(tab)
        check.axe("search results, dark", COLOUR_RULES, within=SEARCH)
        tab.keyboard.press("Escape")
        check.scheme("light")
    finally:
        context.close()
    assert_clean(check, log)


def test_an_address_with_no_page_gets_the_404_page_and_is_recorded(published):
    """The walks' "no 404" check is only as good as the host behind the published address: a missing
    page must be answered with status 404 and the site's page-not-found page, as a static host does, and
    the log must name it."""
    context, log = published.context()
    try:
        tab = context.new_page()
        response = tab.goto(published.address("de/no-such-page/"))
        assert response.status == 404
        assert tab.locator("h1").inner_text() == "Page not found"
        assert log.not_found == ["/de/no-such-page/"] and log.elsewhere == []
    finally:
        context.close()
