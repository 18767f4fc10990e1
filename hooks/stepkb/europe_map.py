"""A map of Europe as one inline <svg>, shading the countries that have records and linking each to its page.

The shapes come from data/europe-paths.json, made once by tools/make_europe_paths.py from Natural Earth
(public domain): nothing is fetched at build time or when a reader opens the page. The styles are in
docs/assets/stepkb-map.css.

Accessibility: with links, the <svg> is a group (role="group") named by its <title> and described by its
<desc>, and each shaded country is an ordinary link (<a href>, focusable by default) whose name is the
country's name; the other countries are decoration, hidden from assistive technology. Without links the
map is a plain image (role="img"). The map is a convenience: a page that shows it should also list the
same links as text. Countries too small to click (Luxembourg's size and below) get a dot inside their link.

Every piece of text reaches the markup through markupsafe.escape, so no name, title or URL can leave its
attribute or element. The output depends only on the arguments, so two builds give the same bytes.

Embed the string inside a block-level element (a <figure> or <div>) so that Markdown leaves it alone.
"""
from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from markupsafe import escape

DATA = Path(__file__).parent / "data" / "europe-paths.json"
MARKER_RADIUS = 5


@cache
def map_data() -> dict:
    """The map's shapes: {"viewBox": "...", "countries": {"AT": "M...z", ...}, "markers": {...}}."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def codes() -> list[str]:
    """The ISO 3166-1 alpha-2 codes of every country the map draws, sorted."""
    return sorted(map_data()["countries"])


def _map_id(links: dict[str, str], names: dict[str, str], title: str, description: str, lang: str) -> str:
    """An id prefix unique to this map's content, so two different maps on one page never share ids,
    and the same map always gets the same id."""
    key = json.dumps([sorted(links.items()), sorted(names.items()), title, description, lang], ensure_ascii=False)
    return "stepkb-map-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def europe_svg(links: dict[str, str], names: dict[str, str], title: str, description: str, lang: str,
               shades: dict[str, int] | None = None) -> str:
    """The map as one <svg> element string.

    links: ISO 3166-1 alpha-2 code -> URL of the country's page, for the countries that have records;
    codes the map does not draw (outside Europe) are left out of it. names: code -> the country's
    accessible name in the page's language, for every code in links. title, description: the map's
    accessible name and description. lang: the language of those texts (BCP 47 tag, as on the page).
    shades: code -> a shade step (0 = a page but nothing to count, then 1, 2, 3 ... darker), given as a
    class stepkb-map__shade-<n> on the country's link; without it every linked country is shaded alike."""
    data = map_data()
    shapes: dict[str, str] = data["countries"]
    markers: dict[str, list[float]] = data.get("markers", {})
    linked = {code.upper(): url for code, url in links.items()}
    missing = sorted(code for code in links if code not in names and code.upper() not in names)
    if missing:
        raise ValueError(f"europe_svg: no name for {', '.join(missing)}")
    label = {code.upper(): name for code, name in names.items()}

    map_id = _map_id(linked, {c: label[c] for c in linked}, title, description, lang)
    drawn_links = sorted(code for code in linked if code in shapes)
    role = "group" if drawn_links else "img"
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stepkb-map" viewBox="{escape(data["viewBox"])}"'
        f' role="{role}" lang="{escape(lang)}" aria-labelledby="{map_id}-title" aria-describedby="{map_id}-desc">',
        f'<title id="{map_id}-title">{escape(title)}</title>',
        f'<desc id="{map_id}-desc">{escape(description)}</desc>',
    ]
    # Countries without records first, as the background; linked ones on top, so that a focused
    # country's outline is not drawn over by a neighbour without records.
    for code in sorted(shapes):
        if code in linked:
            continue
        lines.append(f'<path class="stepkb-map__country" aria-hidden="true" data-code="{escape(code)}" d="{escape(shapes[code])}"/>')
    for code in drawn_links:
        name = escape(label[code])
        css = "stepkb-map__country--has-records"
        if shades is not None:
            css += f" stepkb-map__shade-{int(shades.get(code, 0))}"
        parts = [
            f'<a href="{escape(linked[code])}" class="{css}" data-code="{escape(code)}" aria-label="{name}">',
            f"<title>{name}</title>",
            f'<path d="{escape(shapes[code])}"/>',
        ]
        if code in markers:
            x, y = markers[code]
            parts.append(f'<circle class="stepkb-map__marker" cx="{x:g}" cy="{y:g}" r="{MARKER_RADIUS}"/>')
        parts.append("</a>")
        lines.append("".join(parts))
    lines.append("</svg>")
    return "\n".join(lines)
