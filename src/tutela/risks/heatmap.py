"""The heat map of a risk matrix as server-side SVG: likelihood up the side (highest on top),
impact along the bottom, each cell in its level's colour with its count and level label, so
colour is never the only carrier of meaning. Pages show the same counts in a table too."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

CELL = 78
LEFT = 120
BOTTOM = 56


@dataclass(frozen=True)
class HeatCell:
    likelihood: str
    impact: str
    level: dict[str, Any]
    count: int


@dataclass(frozen=True)
class HeatMap:
    """Rows highest likelihood first; each row's cells lowest impact first."""

    rows: list[tuple[str, list[HeatCell]]]
    impacts: list[str]
    total: int


def heat_map(definition: dict[str, Any], counts: list[list[int]]) -> HeatMap:
    levels = {level["code"]: level for level in definition["levels"]}
    impacts = [level["label"] for level in definition["impact"]]
    rows = []
    for row, likelihood in enumerate(definition["likelihood"]):
        cells = [
            HeatCell(
                likelihood["label"],
                impacts[column],
                levels.get(code, {"label": code, "colour": "#ffffff", "text_colour": "#000000"}),
                counts[row][column] if row < len(counts) and column < len(counts[row]) else 0,
            )
            for column, code in enumerate(definition["grid"][row])
        ]
        rows.append((str(likelihood["label"]), cells))
    rows.reverse()
    return HeatMap(rows=rows, impacts=impacts, total=sum(sum(row) for row in counts))


def heat_map_svg(heat: HeatMap, *, chart_id: str, title: str) -> SafeString:
    columns = len(heat.impacts)
    width = LEFT + columns * CELL + 8
    height = len(heat.rows) * CELL + BOTTOM
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart heat-map" role="img" '
            'width="{}" height="{}" viewBox="0 0 {} {}" aria-labelledby="{}-title {}-desc">'
            '<title id="{}-title">{}</title>'
            '<desc id="{}-desc">{}</desc>',
            width,
            height,
            width,
            height,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            _(
                "%(total)s risks by likelihood (rows) and impact (columns); the table below "
                "gives the same counts."
            )
            % {"total": heat.total},
        )
    ]
    for row_index, (likelihood, cells) in enumerate(heat.rows):
        y = row_index * CELL
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>',
                LEFT - 6,
                y + CELL / 2 + 4,
                likelihood,
            )
        )
        for column, cell in enumerate(cells):
            x = LEFT + column * CELL
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff" '
                    'stroke-width="2"><title>{} \u00d7 {}: {} ({})</title></rect>'
                    '<text x="{}" y="{}" font-size="20" font-weight="bold" text-anchor="middle" '
                    'fill="{}">{}</text>'
                    '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="{}">{}</text>',
                    x,
                    y,
                    CELL,
                    CELL,
                    cell.level["colour"],
                    cell.likelihood,
                    cell.impact,
                    cell.count,
                    cell.level["label"],
                    x + CELL / 2,
                    y + CELL / 2 + 2,
                    cell.level["text_colour"],
                    cell.count,
                    x + CELL / 2,
                    y + CELL - 10,
                    cell.level["text_colour"],
                    cell.level["label"],
                )
            )
    parts.append(
        format_html_join(
            "",
            '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
            (
                (LEFT + column * CELL + CELL / 2, len(heat.rows) * CELL + 16, label)
                for column, label in enumerate(heat.impacts)
            ),
        )
    )
    parts.append(
        format_html(
            '<text x="{}" y="{}" font-size="11" font-weight="bold" text-anchor="middle">{}</text>',
            LEFT + columns * CELL / 2,
            len(heat.rows) * CELL + 40,
            _("Impact"),
        )
    )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308 — every part is built by format_html
