"""Shaping framework data for pages: the applicability table and the scale colours as CSS."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tutela.frameworks.library import COLOUR
from tutela.frameworks.models import Applicability, Node, StatusLevel
from tutela.organizations.models import PersonnelCategory


@dataclass(frozen=True)
class ApplicabilityTable:
    categories: list[PersonnelCategory]
    rows: list[tuple[Node, list[Applicability | None]]]


def applicability_table(nodes: Iterable[Node]) -> ApplicabilityTable:
    """Nodes x the personnel categories any of them names (nodes loaded by `node_list`)."""
    with_entries = [(node, list(node.applicability.all())) for node in nodes]
    categories: dict[int, PersonnelCategory] = {}
    for _node, entries in with_entries:
        for entry in entries:
            categories.setdefault(entry.personnel_category_id, entry.personnel_category)
    ordered = sorted(categories.values(), key=lambda c: (c.order, c.code))
    rows = []
    for node, entries in with_entries:
        if not entries:
            continue
        by_category = {entry.personnel_category_id: entry for entry in entries}
        rows.append((node, [by_category.get(category.pk) for category in ordered]))
    return ApplicabilityTable(categories=ordered, rows=rows)


def scale_stylesheet_text(levels: Iterable[StatusLevel]) -> str:
    """`.status-<scale>-<code> { background-color; color }` for every level (CSP forbids
    inline styles, so pages colour status cells with these classes)."""
    rules = [
        "/* Status scale colours: one class per level of every scale. */",
        ".status-level { display: inline-block; min-width: 1.8em; padding: 0 .3em;"
        " border: 1px solid #1f2933; border-radius: 3px; text-align: center; font-weight: 700; }",
    ]
    for level in levels:
        if not (COLOUR.match(level.colour) and COLOUR.match(level.text_colour)):
            continue
        colours = f"background-color: {level.colour}; color: {level.text_colour};"
        rules.append(f".{level.css_class} {{ {colours} }}")
    return "\n".join(rules) + "\n"
