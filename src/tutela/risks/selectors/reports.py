"""Reading quarterly risk reports (their heat maps from the frozen snapshot) and the receiving
body's consolidated view of the reports submitted to it."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.db.models.fields.json import KeyTransform
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tutela.accounts.access import require
from tutela.organizations.models import Body, Unit
from tutela.risks.access import (
    can_keep_unit,
    keeper_unit_ids,
    reader_organization_ids,
    reviewer_body_ids,
)
from tutela.risks.heatmap import HeatMap, heat_map
from tutela.risks.models import QuarterlyReport, ReportStatus, RiskMatrix
from tutela.risks.reports import due_date, previous_quarter, quarter_of
from tutela.risks.selectors.scope import _signed_in


def report_queryset(*, user: Any) -> QuerySet[QuarterlyReport]:
    _signed_in(user)
    readable = Q(unit_id__in=keeper_unit_ids(user)) | Q(
        unit__organization_id__in=reader_organization_ids(user)
    )
    readable |= Q(status=ReportStatus.SUBMITTED, receiving_body_id__in=reviewer_body_ids(user))
    return QuarterlyReport.objects.filter(readable)


def report_list(*, user: Any) -> QuerySet[QuarterlyReport]:
    return (
        report_queryset(user=user)
        .select_related("unit", "unit__organization", "receiving_body")
        .defer("snapshot")
        .order_by("-year", "-quarter", "unit__name")
    )


def report_get(*, user: Any, report_id: int) -> QuarterlyReport:
    return get_object_or_404(
        report_queryset(user=user).select_related(
            "unit", "unit__organization", "receiving_body", "submitted_by"
        ),
        pk=report_id,
    )


def report_draft_for_keeping(*, user: Any, report_id: int) -> QuarterlyReport:
    report = report_get(user=user, report_id=report_id)
    require(report.status == ReportStatus.DRAFT and can_keep_unit(user, report.unit))
    return report


def may_keep_report(*, user: Any, report: QuarterlyReport) -> bool:
    return not report.is_frozen and can_keep_unit(user, report.unit)


def receiving_bodies() -> QuerySet[Body]:
    return Body.objects.order_by("acronym")


def report_heat_maps(
    report: QuarterlyReport, view: str = "residual"
) -> list[tuple[dict[str, Any], HeatMap]]:
    """One heat map per register of the snapshot."""
    return [
        (
            entry,
            heat_map(
                {
                    "likelihood": entry["likelihood"],
                    "impact": entry["impact"],
                    "levels": entry["levels"],
                    "grid": _grid_of(entry),
                },
                entry["cells"][view],
            ),
        )
        for entry in report.snapshot.get("registers", [])
    ]


def _grid_of(entry: dict[str, Any]) -> list[list[str]]:
    return list(entry.get("grid") or [])


# --- the receiving body's consolidated view --------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    unit_id: int
    unit: str
    organization: str
    report_id: int | None
    levels: list[int]
    submitted_at: Any
    state: str  # on_time, late, missing, not_due


@dataclass(frozen=True)
class Consolidated:
    year: int
    quarter: int
    bodies: list[Body]
    heat_maps: list[tuple[RiskMatrix, HeatMap]]
    level_labels: list[str]
    rows: list[UnitRow]
    trend: list[tuple[str, dict[str, int]]]
    due_on: Any


def consolidated(*, user: Any, year: int | None = None, quarter: int | None = None) -> Consolidated:
    _signed_in(user)
    bodies = reviewer_body_ids(user)
    if not bodies:
        raise PermissionDenied
    if year is None or quarter is None:
        year, quarter = previous_quarter(*quarter_of(timezone.localdate()))
    submitted = QuarterlyReport.objects.filter(
        receiving_body_id__in=bodies, status=ReportStatus.SUBMITTED
    )
    this_quarter = list(
        submitted.filter(year=year, quarter=quarter).values(
            "pk",
            "unit_id",
            "submitted_at",
            levels=KeyTransform("levels", "summary"),
            heat=KeyTransform("heat", "summary"),
        )
    )
    heat_cells: dict[int, list[list[int]]] = {}
    labels: list[str] = []
    for report in this_quarter:
        for entry in (report["heat"] or {}).values():
            cells = heat_cells.setdefault(
                entry["matrix_id"], [[0] * len(row) for row in entry["residual"]]
            )
            for r, row in enumerate(entry["residual"]):
                for c, count in enumerate(row):
                    cells[r][c] += count
        labels.extend(label for label in (report["levels"] or {}) if label not in labels)
    matrices = {m.pk: m for m in RiskMatrix.objects.filter(pk__in=heat_cells)}
    for matrix in matrices.values():
        for level in matrix.risk_levels:
            if level["label"] not in labels:
                labels.append(level["label"])
    order = {
        label: position
        for position, label in enumerate(_canonical_labels(matrices.values(), labels))
    }
    labels.sort(key=lambda label: order.get(label, len(order)))
    heat_maps = [
        (matrices[pk], heat_map(matrices[pk].definition, cells))
        for pk, cells in heat_cells.items()
        if pk in matrices
    ]
    expected_units = set(submitted.values_list("unit_id", flat=True).distinct()) | set(
        QuarterlyReport.objects.filter(
            receiving_body_id__in=bodies, year=year, quarter=quarter
        ).values_list("unit_id", flat=True)
    )
    by_unit: dict[int, Any] = {report["unit_id"]: report for report in this_quarter}
    due_on = due_date(year, quarter)
    today = timezone.localdate()
    rows = []
    for unit in (
        Unit.objects.filter(pk__in=expected_units)
        .select_related("organization")
        .order_by("organization__acronym", "name")
    ):
        found = by_unit.get(unit.pk)
        if found is None:
            state = "missing" if today > due_on else "not_due"
        else:
            state = "late" if timezone.localdate(found["submitted_at"]) > due_on else "on_time"
        levels = (found["levels"] or {}) if found else {}
        rows.append(
            UnitRow(
                unit_id=unit.pk,
                unit=unit.name,
                organization=unit.organization.acronym,
                report_id=found["pk"] if found else None,
                levels=[levels.get(label, 0) for label in labels],
                submitted_at=found["submitted_at"] if found else None,
                state=state,
            )
        )
    trend: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    for y, q, levels_of_report in submitted.order_by("year", "quarter").values_list(
        "year", "quarter", KeyTransform("levels", "summary")
    ):
        trend[(y, q)].update(levels_of_report or {})
    last = sorted(trend)[-8:]
    return Consolidated(
        year=year,
        quarter=quarter,
        bodies=list(Body.objects.filter(pk__in=bodies).order_by("acronym")),
        heat_maps=heat_maps,
        level_labels=labels,
        rows=rows,
        trend=[(f"{y} Q{q}", dict(trend[(y, q)])) for y, q in last],
        due_on=due_on,
    )


def _canonical_labels(matrices: Any, labels: list[str]) -> list[str]:
    ordered: list[str] = []
    for matrix in matrices:
        for level in matrix.risk_levels:
            if level["label"] not in ordered:
                ordered.append(level["label"])
    return ordered + [label for label in labels if label not in ordered]


def consolidated_quarters(*, user: Any) -> list[tuple[int, int]]:
    _signed_in(user)
    return list(
        QuarterlyReport.objects.filter(
            receiving_body_id__in=reviewer_body_ids(user), status=ReportStatus.SUBMITTED
        )
        .values_list("year", "quarter")
        .distinct()
        .order_by("-year", "-quarter")
    )
