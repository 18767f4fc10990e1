"""Make hooks/stepkb/data/europe-paths.json: the country shapes of the map of Europe (europe_map.py).

Source: the npm package `world-atlas`, version 2.0.2 (file countries-50m.json), which is Natural Earth's
1:50m "Admin 0 - Countries" as TopoJSON. Natural Earth is in the public domain; world-atlas is under the
ISC licence. Neither is needed to build the site: only the JSON this script writes is, and it is kept in
the repository. The site never fetches map data from anywhere.

To rerun (from the project root; needs Node's npm once, and nothing beyond the standard library here):

    mkdir -p /tmp/mapwork && (cd /tmp/mapwork && npm install world-atlas@2.0.2)
    python hooks/stepkb/tools/make_europe_paths.py /tmp/mapwork/node_modules/world-atlas/countries-50m.json

Same input, same output, byte for byte. What it does:

1. decodes the TopoJSON (quantised, delta-encoded arcs) itself;
2. projects every arc with the Lambert azimuthal equal-area projection centred on 10°E 52°N (the
   projection of EPSG:3035, ETRS89-LAEA, which the EU uses for maps of Europe), on a sphere;
3. simplifies each arc once with Douglas-Peucker, keeping its ends, so that two neighbours still share
   exactly the same border (no gaps or slivers between countries);
4. joins Northern Cyprus to CY and Åland to FI (ISO 3166-1 counts the one as part of Cyprus, and the
   other is a region of Finland whose training is Finland's), removing the border between them;
5. clips every ring to the frame (Iceland to the Caucasus, the North Cape to Crete and Cyprus) and keeps
   each country with something left inside it;
6. writes SVG path data, keyed by ISO 3166-1 alpha-2 (Kosovo, which has no ISO code, as the
   user-assigned XK), with coordinates rounded to 0.1 and written as relative moves.

Countries too small to see or click on the map (under SMALL_AREA square units: Luxembourg, Malta, the
microstates) also get a "markers" entry, the centre of their largest part, where europe_map.py draws a
dot when such a country has records.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "data" / "europe-paths.json"
SOURCE = "world-atlas@2.0.2 countries-50m.json (Natural Earth 1:50m, public domain)"

# Projection centre (EPSG:3035) and the sphere's radius in km (authalic).
LON0, LAT0 = 10.0, 52.0
RADIUS_KM = 6371.0072

# Points the frame must show, as (lon, lat): its bounding box in the projection, plus MARGIN_KM on each
# side, is the map. West: Iceland; north: the North Cape; east: the Caucasus (Baku); south: Crete and
# Cyprus, Gibraltar.
FRAME_POINTS = [
    (-24.6, 65.5),  # Látrabjarg, Iceland's western tip
    (-13.4, 66.6),  # north of Iceland
    (25.8, 71.2),   # the North Cape
    (31.0, 70.4),   # Vardø, Norway's north-east
    (-10.5, 36.0),  # off Cabo de São Vicente and Gibraltar
    (24.5, 34.8),   # Crete's south coast
    (34.6, 34.5),   # Cyprus's south-east
    (46.0, 41.0),   # the eastern Caucasus
]
MARGIN_KM = 60.0
WIDTH = 800.0  # of the viewBox; its height follows from the frame

TOLERANCE = 0.45  # Douglas-Peucker tolerance, in viewBox units
MIN_RING_AREA = 1.0  # islands smaller than this (square units) are dropped, unless a country's largest
SMALL_AREA = 60.0  # countries smaller than this (square units) get a marker
CLIP_MARGIN = 4.0  # rings are clipped a little outside the viewBox so clip edges are never seen

# ISO 3166-1 numeric -> alpha-2, for every country the frame may touch (checked against the ISO
# 3166-1 table of Debian's iso-codes package). A feature inside the frame whose id is missing here
# stops the script, so the table cannot silently drop a country.
NUMERIC_TO_ALPHA2 = {
    "008": "AL", "012": "DZ", "020": "AD", "031": "AZ", "040": "AT", "051": "AM", "056": "BE",
    "070": "BA", "100": "BG", "112": "BY", "191": "HR", "196": "CY", "203": "CZ", "208": "DK",
    "233": "EE", "234": "FO", "246": "FI", "248": "AX", "250": "FR", "268": "GE", "275": "PS",
    "276": "DE", "292": "GI", "300": "GR", "304": "GL", "336": "VA", "348": "HU", "352": "IS",
    "364": "IR", "368": "IQ", "372": "IE", "376": "IL", "380": "IT", "398": "KZ", "400": "JO",
    "422": "LB", "428": "LV", "434": "LY", "438": "LI", "440": "LT", "442": "LU", "470": "MT",
    "492": "MC", "498": "MD", "499": "ME", "504": "MA", "528": "NL", "578": "NO", "616": "PL",
    "620": "PT", "642": "RO", "643": "RU", "674": "SM", "682": "SA", "688": "RS", "703": "SK", "705": "SI",
    "724": "ES", "744": "SJ", "752": "SE", "756": "CH", "760": "SY", "788": "TN", "792": "TR",
    "795": "TM", "804": "UA", "807": "MK", "818": "EG", "826": "GB", "831": "GG", "832": "JE",
    "833": "IM",
}
# Features without an ISO numeric id, by their Natural Earth name.
UNNUMBERED = {"Kosovo": "XK", "N. Cyprus": "CY"}
# Parts drawn as one with another country (see 4. above).
MERGE_INTO = {"AX": "FI"}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs as lists of (lon, lat)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def laea(lon: float, lat: float) -> tuple[float, float]:
    """Lambert azimuthal equal-area on a sphere, in km, y northwards."""
    lam, phi = math.radians(lon - LON0), math.radians(lat)
    phi0 = math.radians(LAT0)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2.0 / max(1.0 + cos_c, 1e-12))
    x = RADIUS_KM * k * math.cos(phi) * math.sin(lam)
    y = RADIUS_KM * k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, y


class Frame:
    """Projected km -> viewBox units (y downwards)."""

    def __init__(self) -> None:
        xs, ys = zip(*(laea(lon, lat) for lon, lat in FRAME_POINTS))
        self.x0, self.x1 = min(xs) - MARGIN_KM, max(xs) + MARGIN_KM
        self.y0, self.y1 = min(ys) - MARGIN_KM, max(ys) + MARGIN_KM
        self.scale = WIDTH / (self.x1 - self.x0)
        self.width = WIDTH
        self.height = round((self.y1 - self.y0) * self.scale, 1)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = laea(lon, lat)
        return (x - self.x0) * self.scale, (self.y1 - y) * self.scale

    @property
    def view_box(self) -> str:
        return f"0 0 {fmt(self.width)} {fmt(self.height)}"


def douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """The points to keep, ends always kept (iterative, so long arcs cannot overflow the stack)."""
    n = len(points)
    if n <= 2:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, best_i = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:  # a closed arc: distance from its start
                dist = math.hypot(px - ax, py - ay)
            else:
                dist = abs(dy * (px - ax) - dx * (py - ay)) / length
            if dist > best:
                best, best_i = dist, i
        if best_i >= 0 and (best > tolerance or length == 0 and last - first > 2):
            keep[best_i] = True
            stack.append((first, best_i))
            stack.append((best_i, last))
    return [p for p, k in zip(points, keep) if k]


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring (a list of arc indexes, ~i for arc i reversed) as its points, closed."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def merge_rings(rings: list[list[int]], arcs: list[list[tuple[float, float]]]) -> list[list[int]]:
    """Rings of several neighbouring features, with the borders they share removed.

    A shared border is an arc used once in each direction; the remaining arcs are chained into rings
    again by their end points."""
    used = [i for ring in rings for i in ring]
    present = set(used)
    rest = [i for i in used if ~i not in present]

    def ends(i: int) -> tuple[tuple[float, float], tuple[float, float]]:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        return arc[0], arc[-1]

    by_start: dict[tuple[float, float], list[int]] = {}
    for i in rest:
        by_start.setdefault(ends(i)[0], []).append(i)
    merged, done = [], set()
    for i in rest:
        if i in done:
            continue
        ring, start = [i], ends(i)[0]
        done.add(i)
        end = ends(i)[1]
        while end != start:
            nxt = next(j for j in by_start[end] if j not in done)
            ring.append(nxt)
            done.add(nxt)
            end = ends(nxt)[1]
        merged.append(ring)
    return merged


def clip(points: list[tuple[float, float]], x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clipping of a closed ring to a rectangle."""
    edges = [
        (lambda p: p[0] >= x0, lambda a, b: (x0, a[1] + (b[1] - a[1]) * (x0 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[0] <= x1, lambda a, b: (x1, a[1] + (b[1] - a[1]) * (x1 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[1] >= y0, lambda a, b: (a[0] + (b[0] - a[0]) * (y0 - a[1]) / (b[1] - a[1]), y0)),
        (lambda p: p[1] <= y1, lambda a, b: (a[0] + (b[0] - a[0]) * (y1 - a[1]) / (b[1] - a[1]), y1)),
    ]
    out = points[:-1] if points and points[0] == points[-1] else list(points)
    for inside, cross in edges:
        if not out:
            break
        current, out = out, []
        previous = current[-1]
        for point in current:
            if inside(point):
                if not inside(previous):
                    out.append(cross(previous, point))
                out.append(point)
            elif inside(previous):
                out.append(cross(previous, point))
            previous = point
    return out


def area(points: list[tuple[float, float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))) / 2


def centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    return cx / (3 * a), cy / (3 * a)


def fmt(value: float) -> str:
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def path_data(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data: one absolute move per ring, then relative lines, in tenths so nothing drifts."""
    parts = []
    for ring in rings:
        tenths = []
        for x, y in ring:
            p = (round(x * 10), round(y * 10))
            if not tenths or p != tenths[-1]:
                tenths.append(p)
        while len(tenths) > 1 and tenths[-1] == tenths[0]:
            tenths.pop()
        if len(tenths) < 3:
            continue
        (x, y), rest = tenths[0], tenths[1:]
        steps = [f"{fmt(x / 10)} {fmt(y / 10)}"]
        for px, py in rest:
            steps.append(f"{fmt((px - x) / 10)} {fmt((py - y) / 10)}")
            x, y = px, py
        parts.append("M" + steps[0] + "l" + " ".join(steps[1:]) + "z")
    return "".join(parts)


def build(topology: dict) -> dict:
    frame = Frame()
    geographic = decode_arcs(topology)
    geometries = topology["objects"]["countries"]["geometries"]

    # Which code each feature gets; only features with a point inside the frame are looked at.
    def near(geometry: dict) -> bool:
        indexes = {i if i >= 0 else ~i for polygon in polygons_of(geometry) for ring in polygon for i in ring}
        for i in indexes:
            for lon, lat in geographic[i]:
                if -60 <= lon <= 90 and 10 <= lat <= 90:
                    x, y = frame(lon, lat)
                    if 0 <= x <= frame.width and 0 <= y <= frame.height:
                        return True
        return False

    features: dict[str, list[list[list[int]]]] = {}
    sources: dict[str, int] = {}
    for geometry in geometries:
        if not near(geometry):
            continue
        numeric, name = geometry.get("id"), geometry.get("properties", {}).get("name", "")
        code = NUMERIC_TO_ALPHA2.get(numeric) if numeric else UNNUMBERED.get(name)
        if code is None:
            sys.exit(f"no ISO 3166-1 alpha-2 code for feature {numeric!r} ({name}): add it to the tables")
        code = MERGE_INTO.get(code, code)
        features.setdefault(code, []).extend(polygons_of(geometry))
        sources[code] = sources.get(code, 0) + 1

    # Project and simplify every arc the kept features use, once.
    needed = sorted({i if i >= 0 else ~i for polys in features.values() for poly in polys for ring in poly for i in ring})
    exact: dict[int, list[tuple[float, float]]] = {}
    for i in needed:
        exact[i] = [frame(lon, lat) for lon, lat in geographic[i]]
    full = [exact.get(i, []) for i in range(len(geographic))]
    arcs = [douglas_peucker(points, TOLERANCE) for points in full]

    bounds = (-CLIP_MARGIN, -CLIP_MARGIN, frame.width + CLIP_MARGIN, frame.height + CLIP_MARGIN)
    countries: dict[str, str] = {}
    markers: dict[str, list[float]] = {}
    for code in sorted(features):
        rings = [ring for polygon in features[code] for ring in polygon]
        if sources[code] > 1:
            rings = merge_rings(rings, arcs)
        clipped = []
        for source in (arcs, full):  # a country too small to survive simplification is drawn unsimplified
            clipped = [clip(ring_points(ring, source), *bounds) for ring in rings]
            clipped = [ring for ring in clipped if len(ring) >= 3 and area(ring) > 0]
            if clipped:
                break
        if not clipped:
            continue
        largest = max(clipped, key=area)
        kept = [ring for ring in clipped if ring is largest or area(ring) >= MIN_RING_AREA]
        # A country whose every part lies in the clip margin is outside the map.
        if all(max(x for x, _ in r) <= 0 or min(x for x, _ in r) >= frame.width
               or max(y for _, y in r) <= 0 or min(y for _, y in r) >= frame.height for r in kept):
            continue
        data = path_data(kept)
        if not data:  # too small to survive rounding: keep the unsimplified largest part
            data = path_data([largest])
        if not data:
            continue
        countries[code] = data
        total = sum(area(ring) for ring in kept if ring is largest or area(ring) >= MIN_RING_AREA)
        if total < SMALL_AREA:
            cx, cy = centroid(largest)
            markers[code] = [round(cx, 1), round(cy, 1)]
    return {
        "source": SOURCE,
        "projection": f"Lambert azimuthal equal-area, centre {LON0:g}E {LAT0:g}N (as EPSG:3035), sphere",
        "viewBox": frame.view_box,
        "countries": countries,
        "markers": markers,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas's countries-50m.json")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    data = build(json.loads(args.topojson.read_text(encoding="utf-8")))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False, separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")
    size = args.output.stat().st_size
    print(f"{args.output}: {len(data['countries'])} countries, {size / 1024:.1f} KiB, viewBox {data['viewBox']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
