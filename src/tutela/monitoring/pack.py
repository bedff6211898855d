"""The committee pack: a PDF of a cycle for a committee session (WeasyPrint)."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from tutela.monitoring.dashboard import Matrix, percent


def pack_context(
    m: Matrix, narratives: list[tuple[str, str, str, str, str, str, str]]
) -> dict[str, object]:
    section_of = {section.sort_key: section for section in m.sections}
    grouped: dict[str, list[dict[str, object]]] = defaultdict(list)
    for node in m.nodes:
        top = node.sort_key.split(".")[0]
        grouped[top].append(
            {
                "node": node,
                "codes": [
                    (m.code(node.id, o.id), (node.id, o.id) in m.changed) for o in m.organizations
                ],
                "completeness": percent(m.completeness_by_node.get(node.id, (0, 0))),
            }
        )
    tables = [{"section": section_of.get(top), "rows": rows} for top, rows in grouped.items()]
    levels = {level.code: level for level in m.levels}
    nodes = []
    for (ref_id, title, text), items in groupby(narratives, key=lambda row: row[:3]):
        nodes.append(
            {
                "ref_id": ref_id,
                "text": title or text,
                "reports": [
                    {
                        "organization": organization,
                        "code": code or "",
                        "level": levels.get(code or ""),
                        "progress": progress,
                        "constraints": constraints,
                    }
                    for *_, organization, code, progress, constraints in items
                ],
            }
        )
    return {
        "matrix": m,
        "cycle": m.cycle,
        "tables": tables,
        "columns": [
            {
                "organization": o,
                "completeness": percent(m.completeness_by_organization.get(o.id, (0, 0))),
            }
            for o in m.organizations
        ],
        "nodes": nodes,
        "generated": timezone.now(),
    }


def committee_pack_html(
    m: Matrix, narratives: list[tuple[str, str, str, str, str, str, str]]
) -> str:
    return render_to_string("monitoring/committee_pack.html", pack_context(m, narratives))


def committee_pack_pdf(
    m: Matrix, *, narratives: list[tuple[str, str, str, str, str, str, str]]
) -> bytes:
    # No base_url: the pack loads nothing from outside the document.
    document: bytes = HTML(string=committee_pack_html(m, narratives)).write_pdf()
    return document
