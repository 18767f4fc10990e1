"""Hours by component for each programme, as a stacked bar chart in SVG made at build time.

Accessible by construction: the figure has a title and a description, each bar is a link with an
accessible name that states every number, and the same numbers stand in the comparison table.
"""
from __future__ import annotations

from markupsafe import escape

from .comparison import HOURS

# Components drawn, in clock hours (total is the bar's length only where the parts are not given)
COMPONENTS = tuple(h for h in HOURS if h != "total")
# Each colour has at least 3:1 contrast against white (WCAG 1.4.11); the legend also names them.
COLOURS = {
    "taught": "#1f4e9c",
    "supervision": "#2e7d32",
    "live_supervision": "#00695c",
    "practice": "#b35900",
    "personal_development": "#a0204a",
    "peer_learning": "#7b5800",
    "self_study": "#6a3d9a",
    "other": "#5f6368",
    "total": "#8a8a8a",
}


def hours_chart(rows: list[dict], title: str, description: str, component_names: dict[str, str], number, chart_id: str = "stepkb-hours-chart") -> str:
    """rows: {"name", "lang", "href", "hours": {component: value}} for programmes that give hours."""
    rows = [r for r in rows if r["hours"]]
    if not rows:
        return ""
    label_w, bar_w, row_h, top = 260, 460, 26, 8
    scale = max(max(sum(r["hours"].get(c, 0) for c in COMPONENTS), r["hours"].get("total", 0)) for r in rows) or 1
    legend_y = top + len(rows) * row_h + 16
    height = legend_y + 22 * ((len(COMPONENTS) + 1 + 2) // 3) + 8
    e = escape
    out = [
        f'<svg class="stepkb-chart" viewBox="0 0 {label_w + bar_w + 90} {height}" role="group" aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{e(title)}</title>',
        f'<desc id="{chart_id}-desc">{e(description)}</desc>',
    ]
    for i, row in enumerate(rows):
        y = top + i * row_h
        parts = [(c, row["hours"][c]) for c in COMPONENTS if row["hours"].get(c)]
        if not parts and row["hours"].get("total"):
            parts = [("total", row["hours"]["total"])]
        spoken = "; ".join(f"{component_names[c]}: {number(v)}" for c, v in parts)
        if "total" in row["hours"] and parts[0][0] != "total":
            spoken += f"; {component_names['total']}: {number(row['hours']['total'])}"
        name = row["name"]
        short = name if len(name) <= 38 else name[:36] + "…"
        # The accessible name comes from the <title>: an aria-label would hide the visible label (WCAG 2.5.3).
        out.append(f'<a href="{e(row["href"])}">')
        out.append(f'<title>{e(name)}: {e(spoken)}</title>')
        out.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" class="stepkb-chart__label" lang="{e(row["lang"])}">{e(short)}</text>')
        x = float(label_w)
        for component, value in parts:
            w = bar_w * value / scale
            out.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{max(w, 1):.1f}" height="{row_h - 8}" fill="{COLOURS[component]}"/>')
            x += w
        total = row["hours"].get("total") or sum(v for _, v in parts)
        out.append(f'<text x="{x + 6:.1f}" y="{y + 17}" class="stepkb-chart__value">{e(number(total))}</text>')
        out.append("</a>")
    for j, component in enumerate(COMPONENTS + ("total",)):
        lx = 8 + (j % 3) * 260
        ly = legend_y + (j // 3) * 22
        out.append(f'<rect x="{lx}" y="{ly}" width="14" height="14" fill="{COLOURS[component]}" aria-hidden="true"/>')
        out.append(f'<text x="{lx + 20}" y="{ly + 12}" class="stepkb-chart__legend">{e(component_names[component])}</text>')
    out.append("</svg>")
    return "\n".join(out)
