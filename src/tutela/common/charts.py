"""Small server-side SVG charts (no scripts, no inline styles: fills are SVG attributes).

Each chart carries a <title> and <desc> for assistive technology; pages show the same numbers
in a table next to it, so the colours are never the only carrier of meaning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    values: Sequence[int]
    text_colour: str = "#000000"


def stacked_bars(
    *,
    categories: Sequence[str],
    series: Sequence[Series],
    title: str,
    description: str,
    chart_id: str,
    bar_width: int = 36,
    height: int = 160,
) -> SafeString:
    """Vertical stacked bars, one per category, the series stacked bottom to top."""
    gap = 16
    left, bottom, top = 32, 36, 8
    width = left + len(categories) * (bar_width + gap) + gap
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    biggest = max(totals, default=0) or 1
    scale = (height - bottom - top) / biggest
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{}" '
            'height="{}" viewBox="0 0 {} {}" aria-labelledby="{}-title {}-desc">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            width,
            height,
            width,
            height,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            description,
        ),
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#444" stroke-width="1"/>',
            left,
            height - bottom,
            width,
            height - bottom,
        ),
        format_html(
            '<text x="{}" y="{}" font-size="10" text-anchor="end">{}</text>',
            left - 4,
            top + 8,
            biggest,
        ),
    ]
    for index, category in enumerate(categories):
        x = left + gap + index * (bar_width + gap)
        y = float(height - bottom)
        for item in series:
            value = item.values[index]
            if not value:
                continue
            bar = value * scale
            y -= bar
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff">'
                    "<title>{}: {} {}</title></rect>",
                    x,
                    f"{y:.1f}",
                    bar_width,
                    f"{bar:.1f}",
                    item.colour,
                    category,
                    item.label,
                    value,
                )
            )
            if bar >= 12:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" font-size="10" text-anchor="middle" '
                        'fill="{}">{}</text>',
                        x + bar_width / 2,
                        f"{y + bar / 2 + 3.5:.1f}",
                        item.text_colour,
                        value,
                    )
                )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
                x + bar_width / 2,
                height - bottom + 14,
                category[:10],
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(escape(p) if not isinstance(p, SafeString) else p for p in parts))  # noqa: S308 — every part is escaped by format_html
