"""WCAG 2.1 AA beyond what axe-core checks (that is tests/test_pages_in_browser.py): keyboard, languages, tables."""
from __future__ import annotations

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
    for _ in range(90):
        browser_page.keyboard.press("Tab")
        name = browser_page.evaluate("() => document.activeElement.closest('svg') ? document.activeElement.getAttribute('aria-label') : null")
        if name:
            names.append(name)
    # Each country is named with its number of programmes (French puts a no-break space before a colon).
    assert "Allemagne\u00a0: 6 programmes" in names and "Autriche\u00a0: 4 programmes" in names, names
    assert "Bulgarie\u00a0: 1 programme" in names and "Chypre\u00a0: 0 programme" in names, names
    browser_page.goto(served + "/de/compare/")
    bars = browser_page.locator(".stepkb-chart__bars a")
    assert bars.count() >= 3
    bars.first.focus()
    assert browser_page.evaluate("() => document.activeElement.closest('.stepkb-chart') !== null")


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


def test_comparison_works_with_the_keyboard_alone(browser, served):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(served + "/compare/")
        # The table's box scrolls with the arrow keys once focused.
        for _ in range(120):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('stepkb-scroll--compare')"):
                break
        else:
            raise AssertionError("the comparison table's scroll box is not reachable by Tab")
        assert page.evaluate("document.activeElement.getAttribute('aria-labelledby')") == "stepkb-compare-caption"
        for _ in range(10):
            page.keyboard.press("ArrowRight")
        # Keyboard scrolling is animated: wait for it (a timeout here means it did not scroll).
        page.wait_for_function("document.querySelector('.stepkb-scroll--compare').scrollLeft > 0", timeout=5000)
        # Sorting and selecting: the next Tabs reach the sort buttons and the row checkboxes.
        reached = set()
        for _ in range(40):
            page.keyboard.press("Tab")
            reached |= set(page.evaluate("Array.from(document.activeElement.classList)"))
            if "stepkb-select" in reached:
                break
        assert {"stepkb-sort", "stepkb-select"} <= reached, reached
        page.keyboard.press("Space")
        page.wait_for_function("document.querySelector('.stepkb-selection__status').textContent.startsWith('Selected:')", timeout=5000)
    finally:
        page.close()


def test_links_in_text_are_underlined(browser_page, served):
    """Links in running text are not told apart by colour alone (WCAG 1.4.1): they are underlined."""
    decorations = []
    for path in ("/de/about/", "/programmes/sysoma/", "/el/systemic-practice/"):
        browser_page.goto(served + path)
        decorations += browser_page.eval_on_selector_all(
            "article.md-content__inner p a[href]", "links => links.map(a => [a.textContent, getComputedStyle(a).textDecorationLine])")
    assert len(decorations) >= 3, decorations
    assert [d for d in decorations if "underline" not in d[1]] == []
