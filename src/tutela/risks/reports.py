"""What a quarterly report holds: built from the unit's registers as they stand when it is
generated, compared with the unit's previous quarter, and its XLSX and PDF exports."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from tutela.risks.models import (
    PENDING_ACTION_STATUSES,
    ActionStatus,
    MitigatingAction,
    QuarterlyReport,
    Register,
    Risk,
    Visit,
)

# A quarter's report is due this many days after the quarter ends.
DUE_AFTER_DAYS = 30


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * (quarter - 1) + 1, 1)
    next_first = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, next_first - timedelta(days=1)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def due_date(year: int, quarter: int) -> date:
    return quarter_bounds(year, quarter)[1] + timedelta(days=DUE_AFTER_DAYS)


def _empty_cells(rows: int, columns: int) -> list[list[int]]:
    return [[0] * columns for _ in range(rows)]


def snapshot_build(report: QuarterlyReport) -> tuple[dict[str, Any], dict[str, Any]]:
    """(snapshot, summary) of the report's unit and quarter."""
    starts_on, ends_on = quarter_bounds(report.year, report.quarter)
    registers = list(
        Register.objects.filter(unit=report.unit).select_related("matrix").order_by("name", "pk")
    )
    risks = list(
        Risk.objects.filter(register__in=registers, is_closed=False)
        .only(
            "pk",
            "register_id",
            "number",
            "title",
            "prong",
            "inherent_likelihood",
            "inherent_impact",
            "inherent_level",
            "residual_likelihood",
            "residual_impact",
            "residual_level",
        )
        .order_by("register_id", "number")
    )
    py, pq = previous_quarter(report.year, report.quarter)
    previous = (
        QuarterlyReport.objects.filter(unit=report.unit, year=py, quarter=pq)
        .values_list("snapshot", flat=True)
        .first()
    )
    previous_levels = {
        (entry["id"], risk["number"]): risk["residual_level"]
        for entry in (previous or {}).get("registers", [])
        for risk in entry.get("risks", [])
    }
    by_register: dict[int, list[Risk]] = {}
    for risk in risks:
        by_register.setdefault(risk.register_id, []).append(risk)
    register_entries = []
    summary_levels: Counter[str] = Counter()
    heat: dict[str, Any] = {}
    for register in registers:
        matrix = register.matrix
        likelihoods = [level["code"] for level in matrix.likelihood_levels]
        impacts = [level["code"] for level in matrix.impact_levels]
        order = {level["code"]: position for position, level in enumerate(matrix.risk_levels)}
        cells = {
            "inherent": _empty_cells(len(likelihoods), len(impacts)),
            "residual": _empty_cells(len(likelihoods), len(impacts)),
        }
        entries = []
        for risk in by_register.get(register.pk, []):
            for view in ("inherent", "residual"):
                likelihood, impact = (
                    getattr(risk, f"{view}_likelihood"),
                    getattr(risk, f"{view}_impact"),
                )
                if likelihood in likelihoods and impact in impacts:
                    cells[view][likelihoods.index(likelihood)][impacts.index(impact)] += 1
            before = previous_levels.get((register.pk, risk.number))
            if before is None:
                change = "new"
            elif order.get(risk.residual_level, 0) > order.get(before, 0):
                change = "up"
            elif order.get(risk.residual_level, 0) < order.get(before, 0):
                change = "down"
            else:
                change = "same"
            summary_levels[matrix.level(risk.residual_level)["label"]] += 1
            entries.append(
                {
                    "number": risk.number,
                    "title": risk.title,
                    "prong": risk.prong,
                    "inherent_level": risk.inherent_level,
                    "residual_level": risk.residual_level,
                    "previous_residual_level": before,
                    "change": change,
                }
            )
        key = f"{matrix.code}:{matrix.version}"
        cell_sum = heat.setdefault(
            key,
            {
                "matrix_id": matrix.pk,
                "residual": _empty_cells(len(likelihoods), len(impacts)),
                "inherent": _empty_cells(len(likelihoods), len(impacts)),
            },
        )
        for view in ("inherent", "residual"):
            for row, counts in enumerate(cells[view]):
                for column, count in enumerate(counts):
                    cell_sum[view][row][column] += count
        register_entries.append(
            {
                "id": register.pk,
                "name": register.name,
                "kind": register.kind,
                "matrix": {
                    "id": matrix.pk,
                    "code": matrix.code,
                    "version": matrix.version,
                    "name": matrix.name,
                },
                "levels": matrix.risk_levels,
                "likelihood": [
                    {"code": lv["code"], "label": lv["label"]} for lv in matrix.likelihood_levels
                ],
                "impact": [
                    {"code": lv["code"], "label": lv["label"]} for lv in matrix.impact_levels
                ],
                "grid": matrix.definition["grid"],
                "cells": cells,
                "risks": entries,
            }
        )
    actions = MitigatingAction.objects.filter(risk__register__in=registers).select_related(
        "risk", "owner"
    )
    done = [
        {
            "risk": a.risk.reference,
            "register": a.risk.register_id,
            "title": a.title,
            "done_on": a.done_on.isoformat() if a.done_on else None,
        }
        for a in actions.filter(
            status=ActionStatus.DONE, done_on__gte=starts_on, done_on__lte=ends_on
        ).order_by("done_on", "pk")
    ]
    overdue = [
        {
            "risk": a.risk.reference,
            "register": a.risk.register_id,
            "title": a.title,
            "due_on": a.due_on.isoformat() if a.due_on else None,
            "owner": a.owner.full_name if a.owner else "",
        }
        for a in actions.filter(status__in=PENDING_ACTION_STATUSES, due_on__lte=ends_on).order_by(
            "due_on", "pk"
        )
    ]
    visits = [
        {
            "id": v.pk,
            "kind": v.kind,
            "visited_on": v.visited_on.isoformat(),
            "location": v.location,
            "findings": v.findings,
        }
        for v in Visit.objects.filter(
            unit=report.unit, visited_on__gte=starts_on, visited_on__lte=ends_on
        ).order_by("visited_on", "pk")
    ]
    unit = report.unit
    snapshot = {
        "unit": {
            "id": unit.pk,
            "name": unit.name,
            "organization": unit.organization.acronym,
            "country": unit.country,
        },
        "period": {
            "year": report.year,
            "quarter": report.quarter,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
        },
        "receiving_body": report.receiving_body.acronym,
        "generated_at": (report.generated_at or timezone.now()).isoformat(),
        "narrative": report.narrative,
        "registers": register_entries,
        "actions_done": done,
        "actions_overdue": overdue,
        "visits": visits,
    }
    summary = {
        "risks": len(risks),
        "levels": dict(summary_levels),
        "heat": heat,
        "actions_done": len(done),
        "actions_overdue": len(overdue),
        "visits": len(visits),
        "level_changes": dict(
            Counter(risk["change"] for entry in register_entries for risk in entry["risks"])
        ),
    }
    return snapshot, summary


def report_xlsx(report: QuarterlyReport) -> bytes:
    from openpyxl import Workbook

    snapshot = report.snapshot
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 — a new workbook always has a sheet
    sheet.title = "Risks"
    sheet.append(
        [
            "Unit",
            snapshot["unit"]["name"],
            "Period",
            report.period,
            "Submitted to",
            snapshot["receiving_body"],
        ]
    )
    sheet.append(["Snapshot SHA-256", report.snapshot_sha256 or "(draft)"])
    sheet.append([])
    sheet.append(
        [
            "Register",
            "Risk",
            "Title",
            "Prong",
            "Inherent level",
            "Residual level",
            "Previous residual level",
            "Change",
        ]
    )
    for register in snapshot["registers"]:
        labels = {level["code"]: level["label"] for level in register["levels"]}
        for risk in register["risks"]:
            sheet.append(
                [
                    register["name"],
                    f"R{risk['number']}",
                    risk["title"],
                    risk["prong"],
                    labels.get(risk["inherent_level"], risk["inherent_level"]),
                    labels.get(risk["residual_level"], risk["residual_level"]),
                    labels.get(
                        risk["previous_residual_level"] or "", risk["previous_residual_level"] or ""
                    ),
                    risk["change"],
                ]
            )
    actions = book.create_sheet("Actions")
    actions.append(["State", "Risk", "Action", "Date", "Owner"])
    for action in snapshot["actions_done"]:
        actions.append(["done", action["risk"], action["title"], action["done_on"], ""])
    for action in snapshot["actions_overdue"]:
        actions.append(
            ["overdue", action["risk"], action["title"], action["due_on"], action["owner"]]
        )
    visits = book.create_sheet("Visits")
    visits.append(["Date", "Kind", "Place", "Findings"])
    for visit in snapshot["visits"]:
        visits.append([visit["visited_on"], visit["kind"], visit["location"], visit["findings"]])
    narrative = book.create_sheet("Narrative")
    narrative.append([snapshot["narrative"]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_pdf(report: QuarterlyReport, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("risks/report_pdf.html", context)
    # No base_url: the document loads nothing from outside itself.
    document: bytes = HTML(string=html).write_pdf()
    return document
