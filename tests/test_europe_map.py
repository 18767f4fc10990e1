"""The map of Europe: its data, the <svg> europe_map.europe_svg makes, and the colours in stepkb-map.css."""
from __future__ import annotations

import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from stepkb import europe_map

PROJECT = Path(__file__).resolve().parents[1]
DATA = PROJECT / "hooks" / "stepkb" / "data" / "europe-paths.json"
TOOL = PROJECT / "hooks" / "stepkb" / "tools" / "make_europe_paths.py"
CSS = PROJECT / "docs" / "assets" / "stepkb-map.css"
SVG = "{http://www.w3.org/2000/svg}"
PARTNERS = "AT BE CH DE DK ES FI FR GB GR IT NL NO PL SE IE PT".split()
EVIL = '"><script>alert(1)</script>'


def make(links=None, names=None, title="Countries with records", description="Shaded countries have records.", lang="en"):
    links = {"AT": "../countries/at/", "DE": "../countries/de/", "MT": "../countries/mt/"} if links is None else links
    names = {"AT": "Austria", "DE": "Germany", "MT": "Malta"} if names is None else names
    return europe_map.europe_svg(links, names, title, description, lang)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


# --- the data --------------------------------------------------------------------------------------

def test_data_covers_the_partner_countries_and_stays_small():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert set(PARTNERS) <= set(data["countries"])
    assert {"IS", "TR", "CY", "GE", "AM", "AZ", "XK"} <= set(data["countries"])
    assert DATA.stat().st_size < 150 * 1024
    assert re.fullmatch(r"0 0 \d+(\.\d)? \d+(\.\d)?", data["viewBox"])
    for code, d in data["countries"].items():
        assert re.fullmatch(r"[A-Z]{2}", code)
        assert re.fullmatch(r"(M-?\d+(\.\d)? -?\d+(\.\d)?l[-\d. ]+z)+", d), code
    width, height = (float(v) for v in data["viewBox"].split()[2:])
    for code, (x, y) in data["markers"].items():
        assert code in data["countries"] and 0 <= x <= width and 0 <= y <= height


def test_data_is_in_europe():
    """Rough geography: the projection keeps west left and north up."""
    data = json.loads(DATA.read_text(encoding="utf-8"))

    def start(code):
        x, y = re.match(r"M(-?[\d.]+) (-?[\d.]+)", data["countries"][code]).groups()
        return float(x), float(y)

    assert start("PT")[0] < start("ES")[0] < start("IT")[0] < start("GR")[0] < start("TR")[0]
    assert start("NO")[1] < start("DE")[1] < start("IT")[1]
    assert start("FI")[1] < start("PL")[1] < start("GR")[1]


def _tool():
    spec = importlib.util.spec_from_file_location("make_europe_paths", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_converter_decodes_simplifies_and_clips():
    tool = _tool()
    topology = {"transform": {"scale": [0.5, 2], "translate": [10, 20]}, "arcs": [[[0, 0], [2, 0], [0, 1], [-2, -1]]]}
    assert tool.decode_arcs(topology) == [[(10.0, 20.0), (11.0, 20.0), (11.0, 22.0), (10.0, 20.0)]]
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (3.0, 5.0)]
    assert tool.douglas_peucker(line, 0.1) == [(0.0, 0.0), (2.0, 0.0), (3.0, 5.0)]
    square = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0)]
    assert tool.area(tool.clip(square, 0, 0, 10, 10)) == pytest.approx(1.0)
    assert tool.path_data([[(0, 0), (1.26, 0), (1.26, 1), (0, 1)]]) == "M0 0l1.3 0 0 1 -1.3 0z"
    # A merge of two squares sharing an edge (arc 1 one way in one, the other way in the other) keeps
    # only the outer edges.
    arcs = [[(0, 0), (0, 1), (1, 1)], [(1, 1), (1, 0)], [(1, 0), (0, 0)], [(1, 1), (2, 1), (2, 0), (1, 0)]]
    merged = tool.merge_rings([[0, 1, 2], [3, ~1]], arcs)
    assert sorted(map(sorted, merged)) == [[0, 2, 3]]
    # The numeric table agrees with the codes the map uses.
    assert tool.NUMERIC_TO_ALPHA2["826"] == "GB" and tool.NUMERIC_TO_ALPHA2["300"] == "GR"
    assert tool.NUMERIC_TO_ALPHA2["756"] == "CH" and tool.NUMERIC_TO_ALPHA2["208"] == "DK"


# --- the svg ---------------------------------------------------------------------------------------

def test_svg_parses_and_is_labelled():
    root = parse(make())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "group"
    assert "width" not in root.attrib and "height" not in root.attrib
    assert root.get("viewBox") == europe_map.map_data()["viewBox"]
    title_id, desc_id = root.get("aria-labelledby"), root.get("aria-describedby")
    assert title_id.startswith("stepkb-map-") and desc_id.startswith("stepkb-map-")
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert ids[title_id].tag == f"{SVG}title" and ids[title_id].text == "Countries with records"
    assert ids[desc_id].tag == f"{SVG}desc" and ids[desc_id].text == "Shaded countries have records."
    assert root.get("lang") == "en"


def test_ids_differ_between_maps():
    one, other = parse(make(lang="en")), parse(make(title="Länder", lang="de"))
    assert one.get("aria-labelledby") != other.get("aria-labelledby")


def test_linked_countries_are_named_links():
    root = parse(make())
    links = {a.get("data-code"): a for a in root.iter(f"{SVG}a")}
    assert set(links) == {"AT", "DE", "MT"}
    for code, name, href in [("AT", "Austria", "../countries/at/"), ("DE", "Germany", "../countries/de/")]:
        a = links[code]
        assert a.get("href") == href
        assert a.get("aria-label") == name
        assert a.find(f"{SVG}title").text == name
        assert "stepkb-map__country--has-records" in a.get("class").split()
        assert a.find(f"{SVG}path") is not None
        assert a.get("aria-hidden") is None
    # Malta is too small to hit: it gets a dot too.
    assert links["MT"].find(f"{SVG}circle") is not None
    assert links["AT"].find(f"{SVG}circle") is None


def test_other_countries_are_hidden_paths_and_every_country_is_drawn_once():
    root = parse(make())
    drawn = [el.get("data-code") for el in root.iter() if el.get("data-code")]
    assert sorted(drawn) == europe_map.codes()
    others = [p for p in root.findall(f"{SVG}path")]
    assert len(others) == len(europe_map.codes()) - 3
    for path in others:
        assert path.get("aria-hidden") == "true"
        assert path.get("class") == "stepkb-map__country"
        assert path.get("d").startswith("M")
    assert not [el for el in root.iter() if el.get("tabindex") is not None]


def test_no_links_is_an_image():
    root = parse(make(links={}, names={}))
    assert root.get("role") == "img"
    assert not list(root.iter(f"{SVG}a"))


def test_text_is_escaped():
    svg = make(
        links={"AT": 'x"><script>alert(1)</script>', "DE": "../de/?a=1&b=2"},
        names={"AT": EVIL, "DE": "O'Land & <b>"},
        title=EVIL, description=EVIL, lang='en"><script>',
    )
    assert "<script" not in svg
    root = parse(svg)
    assert not [el for el in root.iter() if "script" in el.tag]
    links = {a.get("data-code"): a for a in root.iter(f"{SVG}a")}
    assert links["AT"].get("aria-label") == EVIL
    assert links["AT"].find(f"{SVG}title").text == EVIL
    assert links["AT"].get("href") == 'x"><script>alert(1)</script>'
    assert links["DE"].get("href") == "../de/?a=1&b=2"
    assert links["DE"].get("aria-label") == "O'Land & <b>"
    assert root.find(f"{SVG}title").text == EVIL


def test_output_is_deterministic():
    links = {"SE": "se/", "AT": "at/", "GB": "gb/"}
    names = {"SE": "Sweden", "AT": "Austria", "GB": "United Kingdom"}
    first = europe_map.europe_svg(links, names, "t", "d", "en")
    assert first == europe_map.europe_svg(links, names, "t", "d", "en")
    reordered = europe_map.europe_svg(dict(reversed(links.items())), dict(reversed(names.items())), "t", "d", "en")
    assert first == reordered
    codes = [a.get("data-code") for a in parse(first).iter(f"{SVG}a")]
    assert codes == sorted(codes)


def test_codes_off_the_map_are_left_out_and_names_are_required():
    root = parse(make(links={"AT": "at/", "US": "us/"}, names={"AT": "Austria", "US": "United States"}))
    assert [a.get("data-code") for a in root.iter(f"{SVG}a")] == ["AT"]
    with pytest.raises(ValueError):
        make(links={"AT": "at/"}, names={})


def test_nothing_is_fetched():
    svg = make()
    assert re.findall(r"https?://[^\"']+", svg) == ["http://www.w3.org/2000/svg"]
    assert "url(" not in CSS.read_text(encoding="utf-8")
    assert "@import" not in CSS.read_text(encoding="utf-8")


# --- colours ---------------------------------------------------------------------------------------

def _luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    low, high = sorted([_luminance(a), _luminance(b)])
    return (high + 0.05) / (low + 0.05)


def _variables(block: str) -> dict[str, str]:
    """--stepkb-map-* colours of one CSS block; for var(--md-..., #fallback) the fallback, which is the
    value of the site's indigo palette."""
    found = {}
    for name, value in re.findall(r"(--stepkb-map-[\w-]+):\s*([^;]+);", block):
        match = re.search(r"#[0-9a-fA-F]{6}", value)
        found[name] = match.group(0)
    return found


def test_colours_meet_non_text_contrast():
    css = CSS.read_text(encoding="utf-8")
    light = _variables(re.search(r"^\.stepkb-map \{(.*?)\}", css, re.S | re.M).group(1))
    dark = {**light, **_variables(re.search(r'\[data-md-color-scheme="slate"\] \.stepkb-map \{(.*?)\}', css, re.S).group(1))}
    for scheme, colours, page in [("default", light, "#ffffff"), ("slate", dark, "#1e2129")]:
        for shade in ("--stepkb-map-records", "--stepkb-map-records-hover"):
            assert contrast(colours[shade], colours["--stepkb-map-land"]) >= 3, (scheme, shade)
            assert contrast(colours[shade], page) >= 3, (scheme, shade)
        assert contrast(colours["--stepkb-map-focus-ring"], page) >= 3, scheme
    # The focused country: yellow with a near-black outline, against land and the white page.
    assert contrast(light["--stepkb-map-focus"], light["--stepkb-map-focus-ring"]) >= 3
    assert contrast(light["--stepkb-map-focus-ring"], light["--stepkb-map-land"]) >= 3
    assert re.search(r"a:focus-visible path[^{]*\{[^}]*stroke-width: 3", css)
    assert re.search(r"max-width: 40rem", css) and re.search(r"width: 100%", css)


# --- in a browser ----------------------------------------------------------------------------------

def test_map_in_chromium_is_styled_and_keyboard_reachable(browser):
    page = browser.new_page(viewport={"width": 900, "height": 800})
    try:
        page.route("**/*", lambda route: route.abort())  # nothing may be fetched
        page.set_content(f'<!doctype html><html lang="en"><body><p><a href="#top">before</a></p>{make()}</body></html>')
        page.add_style_tag(content=CSS.read_text(encoding="utf-8"))
        fills = page.evaluate(
            """() => ({
                records: getComputedStyle(document.querySelector('a[data-code="AT"] path')).fill,
                other: getComputedStyle(document.querySelector('path[data-code="FR"]')).fill,
                width: document.querySelector('svg.stepkb-map').getBoundingClientRect().width,
            })"""
        )
        assert fills["records"] == "rgb(64, 81, 181)"
        assert fills["other"] == "rgb(221, 224, 230)"
        assert 300 < fills["width"] <= 640
        assert page.get_by_role("link", name="Austria").count() == 1
        assert page.get_by_role("link", name="Germany").count() == 1
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('data-code')") == "AT"
        focused = page.evaluate("getComputedStyle(document.querySelector('a[data-code=\"AT\"] path')).fill")
        assert focused == "rgb(255, 221, 0)"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('data-code')") == "DE"
    finally:
        page.close()


def test_shades_are_classes_on_the_linked_countries():
    root = parse(europe_map.europe_svg({"AT": "at/", "DE": "de/", "CH": "ch/"}, {"AT": "Austria: 2", "DE": "Germany: 4", "CH": "Switzerland: 0"},
                                       "t", "d", "en", shades={"AT": 2, "DE": 3, "CH": 0}))
    classes = {a.get("data-code"): a.get("class").split() for a in root.iter(f"{SVG}a")}
    assert classes == {
        "AT": ["stepkb-map__country--has-records", "stepkb-map__shade-2"],
        "CH": ["stepkb-map__country--has-records", "stepkb-map__shade-0"],
        "DE": ["stepkb-map__country--has-records", "stepkb-map__shade-3"],
    }
    # Without shades, every linked country is shaded alike.
    assert all(a.get("class") == "stepkb-map__country--has-records" for a in parse(make()).iter(f"{SVG}a"))


def test_shade_colours_meet_non_text_contrast():
    css = CSS.read_text(encoding="utf-8")
    light = _variables(re.search(r"^\.stepkb-map,\n\.stepkb-legend \{(.*?)\}", css, re.S | re.M).group(1))
    dark = _variables(re.search(r'\[data-md-color-scheme="slate"\] \.stepkb-map,\n\[data-md-color-scheme="slate"\] \.stepkb-legend \{(.*?)\}', css, re.S).group(1))
    for scheme, colours, page, land in [("default", light, "#ffffff", "#dde0e6"), ("slate", dark, "#1e2129", "#3b404d")]:
        for step in ("--stepkb-map-shade-1", "--stepkb-map-shade-2", "--stepkb-map-shade-3"):
            assert contrast(colours[step], page) >= 3, (scheme, step)
            assert contrast(colours[step], land) >= 3, (scheme, step)
        # Each step is darker (light scheme) or lighter (dark scheme) than the one before.
        order = [_luminance(colours[f"--stepkb-map-shade-{n}"]) for n in (1, 2, 3)]
        assert order == sorted(order, reverse=(scheme == "default")), (scheme, order)
        assert contrast(colours["--stepkb-map-outline"], land) >= 3, scheme
