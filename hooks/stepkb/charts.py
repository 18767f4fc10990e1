"""Hours by component for each programme: a stacked bar chart in HTML and CSS, and the same numbers as a table.

The chart is made of ordinary elements, not an SVG drawing: its labels are page text, so they keep the
page's font size at any width (an SVG scales its text down with the drawing: 4 px on a phone) and wrap
instead of being cut short. On a narrow screen each name sits above its bar (docs/assets/stepkb.css).
Each bar is an image named by every number it shows; the table below the chart holds the same numbers
for anyone who prefers reading them, and the comparison table above holds them too.

Every piece of text goes through markupsafe.escape (and bidi.isolate), so no name can become markup.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from .bidi import isolate
from .comparison import HOURS

# Components drawn, in order, in clock hours; "total" is drawn only where the parts are not given.
COMPONENTS = tuple(h for h in HOURS if h != "total")
# Colours given in turn to the components. Each has at least 3:1 contrast against white and against
# Material's dark background (#1e2129 needs the lighter half: see stepkb.css for the dark scheme).
PALETTE = ("#1f4e9c", "#2e7d32", "#00695c", "#b35900", "#a0204a", "#7a5c00", "#6a3d9a", "#5f6368")
TOTAL_COLOUR = "#767676"


def colours(components) -> dict[str, str]:
    out = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(components)}
    out["total"] = TOTAL_COLOUR
    return out


def _e(text) -> str:
    return str(escape(isolate(str(text))))


def hours_chart(rows: list[dict], labels: dict[str, str], component_names: dict[str, str], number,
                components=COMPONENTS, chart_id: str = "stepkb-hours-chart") -> str:
    """The chart and its table, as one HTML string; "" when no programme gives hours.

    rows: {"name", "lang", "href", "hours": {component: value}}, one per programme, in display order;
    programmes without hours are left out. labels: "legend", "bar" (an accessible name template with
    {name} and {values}), "table" (the <details> summary), "caption" (the table's caption), "name"
    (its first column's header). component_names: a name for each component and for "total"."""
    rows = [r for r in rows if r["hours"]]
    if not rows:
        return ""
    palette = colours(components)

    def parts_of(hours: dict) -> list[tuple[str, float]]:
        parts = [(c, hours[c]) for c in components if hours.get(c)]
        if not parts and hours.get("total"):
            parts = [("total", hours["total"])]
        return parts

    def total_of(hours: dict) -> float:
        return hours.get("total") or sum(v for _, v in parts_of(hours))

    scale = max(max(sum(v for _, v in parts_of(r["hours"])), total_of(r["hours"])) for r in rows) or 1
    shown = [c for c in (*components, "total") if any(c == p for r in rows for p, _ in parts_of(r["hours"]))]
    out = [f'<div class="stepkb-chart" id="{chart_id}">']
    out.append(f'<ul class="stepkb-chart__legend" aria-label="{_e(labels["legend"])}">')
    for c in shown:
        out.append(f'<li><span class="stepkb-chart__swatch" style="background:{palette[c]}"></span>{_e(component_names[c])}</li>')
    out.append("</ul>")
    out.append('<ol class="stepkb-chart__bars">')
    for row in rows:
        hours = row["hours"]
        parts = parts_of(hours)
        values = [f"{component_names[c]}: {number(v)}" for c, v in parts]
        if "total" in hours and parts[0][0] != "total":
            values.append(f"{component_names['total']}: {number(hours['total'])}")
        spoken = labels["bar"].format(name=row["name"], values="; ".join(values))
        out.append('<li class="stepkb-chart__row">')
        out.append(f'<a class="stepkb-chart__name" href="{escape(row["href"])}"><span lang="{escape(row["lang"])}">{_e(row["name"])}</span></a>')
        out.append(f'<span class="stepkb-chart__bar" role="img" aria-label="{_e(spoken)}">')
        for c, v in parts:
            out.append(f'<span class="stepkb-chart__part" style="width:{100 * v / scale:.2f}%;background:{palette[c]}"></span>')
        out.append("</span>")
        out.append(f'<span class="stepkb-chart__value">{_e(number(total_of(hours)))}</span>')
        out.append("</li>")
    out.append("</ol>")
    out.append("</div>")
    # The same numbers as a table: every component with a value in any row, unknown cells marked.
    columns = [c for c in (*components, "total") if any(r["hours"].get(c) is not None for r in rows)]
    out.append(f'<details class="stepkb-details stepkb-chart__table"><summary>{_e(labels["table"])}</summary>')
    out.append(f'<div class="stepkb-scroll" role="region" tabindex="0" aria-labelledby="{chart_id}-caption">')
    out.append(f'<table class="stepkb-table"><caption id="{chart_id}-caption">{_e(labels["caption"])}</caption>')
    out.append(f'<thead><tr><th scope="col">{_e(labels["name"])}</th>' + "".join(f'<th scope="col">{_e(component_names[c])}</th>' for c in columns) + "</tr></thead><tbody>")
    for row in rows:
        cells = "".join(
            f"<td>{_e(number(row['hours'][c]))}</td>" if row["hours"].get(c) is not None else f'<td>{labels["unknown"]}</td>'
            for c in columns
        )
        out.append(f'<tr><th scope="row"><a href="{escape(row["href"])}"><span lang="{escape(row["lang"])}">{_e(row["name"])}</span></a></th>{cells}</tr>')
    out.append("</tbody></table></div></details>")
    return "\n".join(out)


def unknown_cell(text: str) -> Markup:
    """How an unknown value reads in the chart's table: a dash, and the words for screen readers."""
    return Markup('<span class="stepkb-unknown"><span aria-hidden="true">–</span><span class="stepkb-sr-only">{}</span></span>').format(text)
