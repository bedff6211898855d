"""Every read of the risks module; each takes the acting user and returns only what that user
may see (a forbidden object is answered like a missing one)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.fields.json import KeyTransform
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tutela.accounts.access import require
from tutela.audit.models import AuditEvent
from tutela.organizations.models import Body, Organization, Unit
from tutela.risks.access import (
    can_add_matrices,
    can_keep_register,
    can_keep_unit,
    keeper_organization_ids,
    keeper_unit_ids,
    may_keep_registers,
    reader_organization_ids,
    reviewer_body_ids,
)
from tutela.risks.heatmap import HeatMap, heat_map
from tutela.risks.models import (
    PENDING_ACTION_STATUSES,
    HealthAssessment,
    MitigatingAction,
    QuarterlyReport,
    Register,
    ReportStatus,
    Risk,
    RiskFactor,
    RiskMatrix,
    Visit,
)
from tutela.risks.reports import due_date, previous_quarter, quarter_of


def _signed_in(user: Any) -> None:
    require(getattr(user, "is_authenticated", False))


def _reported_unit_ids(user: Any) -> QuerySet[QuarterlyReport, int]:
    return QuarterlyReport.objects.filter(
        status=ReportStatus.SUBMITTED, receiving_body_id__in=reviewer_body_ids(user)
    ).values_list("unit_id", flat=True)


def _unit_readable(user: Any, prefix: str = "") -> Q:
    """Units a user reads: their own as risk officer, their organization's, and for conduct
    reviewers the units that submitted a report to their body."""
    query = Q(**{f"{prefix}unit_id__in": keeper_unit_ids(user)}) | Q(
        **{f"{prefix}unit__organization_id__in": reader_organization_ids(user)}
    )
    if reviewer_body_ids(user):
        query |= Q(**{f"{prefix}unit_id__in": _reported_unit_ids(user)})
    return query


# --- matrices and factors --------------------------------------------------------------------


def matrix_list(*, user: Any) -> QuerySet[RiskMatrix]:
    _signed_in(user)
    return RiskMatrix.objects.annotate(register_count=Count("registers")).order_by(
        "code", "-version"
    )


def matrix_get(*, user: Any, matrix_id: int) -> RiskMatrix:
    _signed_in(user)
    return get_object_or_404(RiskMatrix, pk=matrix_id)


def matrices_for_new_register(*, user: Any) -> QuerySet[RiskMatrix]:
    """The newest version of each matrix."""
    _signed_in(user)
    newest: dict[str, int] = {}
    for pk, code in RiskMatrix.objects.order_by("code", "-version").values_list("pk", "code"):
        newest.setdefault(code, pk)
    return RiskMatrix.objects.filter(pk__in=newest.values()).order_by("name")


def may_add_matrices(*, user: Any) -> bool:
    return can_add_matrices(user)


def require_matrix_author(*, user: Any) -> None:
    _signed_in(user)
    if not can_add_matrices(user):
        raise PermissionDenied


def factor_list(*, user: Any) -> QuerySet[RiskFactor]:
    _signed_in(user)
    return RiskFactor.objects.order_by("order", "code")


# --- registers -------------------------------------------------------------------------------


def register_queryset(*, user: Any) -> QuerySet[Register]:
    _signed_in(user)
    readable = Q(unit_id__in=keeper_unit_ids(user)) | Q(
        organization_id__in=reader_organization_ids(user)
    )
    if reviewer_body_ids(user):
        readable |= Q(unit_id__in=_reported_unit_ids(user))
    return Register.objects.filter(readable)


def register_list(
    *, user: Any, kind: str = "", organization_id: int | None = None
) -> QuerySet[Register]:
    registers = register_queryset(user=user).select_related("organization", "unit", "matrix")
    if kind:
        registers = registers.filter(kind=kind)
    if organization_id is not None:
        registers = registers.filter(organization_id=organization_id)
    return registers.annotate(
        risk_count=Count("risks", filter=Q(risks__is_closed=False), distinct=True),
    ).order_by("organization__acronym", "unit__name", "name")


def register_get(*, user: Any, register_id: int) -> Register:
    return get_object_or_404(
        register_queryset(user=user).select_related("organization", "unit", "matrix"),
        pk=register_id,
    )


def register_for_keeping(*, user: Any, register_id: int) -> Register:
    register = register_get(user=user, register_id=register_id)
    require(can_keep_register(user, register))
    return register


def may_keep(*, user: Any, register: Register) -> bool:
    return can_keep_register(user, register)


def may_create_registers(*, user: Any) -> bool:
    return may_keep_registers(user)


def owners_for_new_register(*, user: Any) -> tuple[QuerySet[Organization], QuerySet[Unit]]:
    """Organizations and units the user may create registers for; none means no right to."""
    _signed_in(user)
    if not may_keep_registers(user):
        raise PermissionDenied
    organizations = Organization.objects.filter(pk__in=keeper_organization_ids(user)).order_by(
        "acronym"
    )
    units = (
        Unit.objects.filter(
            Q(pk__in=keeper_unit_ids(user)) | Q(organization_id__in=keeper_organization_ids(user))
        )
        .select_related("organization")
        .order_by("organization__acronym", "name")
    )
    return organizations, units


@dataclass(frozen=True)
class RegisterDetail:
    register: Register
    risks: list[Any]
    heat: HeatMap
    view: str
    level_counts: list[tuple[dict[str, Any], int]]
    may_keep: bool


def register_detail(
    *,
    user: Any,
    register_id: int,
    view: str = "residual",
    prong: str = "",
    level: str = "",
    factor_id: int | None = None,
) -> RegisterDetail:
    register = register_get(user=user, register_id=register_id)
    view = view if view in ("inherent", "residual") else "residual"
    all_risks = list(
        register.risks.filter(is_closed=False).only(
            "pk",
            "register_id",
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
            "residual_level",
            "inherent_level",
        )
    )
    matrix = register.matrix
    likelihoods = [lv["code"] for lv in matrix.likelihood_levels]
    impacts = [lv["code"] for lv in matrix.impact_levels]
    counts = [[0] * len(impacts) for _ in likelihoods]
    levels: Counter[str] = Counter()
    for risk in all_risks:
        likelihood, impact = getattr(risk, f"{view}_likelihood"), getattr(risk, f"{view}_impact")
        if likelihood in likelihoods and impact in impacts:
            counts[likelihoods.index(likelihood)][impacts.index(impact)] += 1
        levels[getattr(risk, f"{view}_level")] += 1
    shown = register.risks.select_related("owner").prefetch_related("factors").order_by("number")
    if prong:
        shown = shown.filter(prong=prong)
    if level:
        shown = shown.filter(residual_level=level)
    if factor_id is not None:
        shown = shown.filter(factors__id=factor_id)
    pending = MitigatingAction.objects.filter(status__in=PENDING_ACTION_STATUSES)
    shown = shown.annotate(
        open_actions=Count("actions", filter=Q(actions__in=pending), distinct=True),
        overdue_actions=Count(
            "actions",
            filter=Q(actions__in=pending.filter(due_on__lt=timezone.localdate())),
            distinct=True,
        ),
    )
    risks = list(shown)
    for risk in risks:
        risk.inherent_info = matrix.level(risk.inherent_level)  # type: ignore[attr-defined]
        risk.residual_info = matrix.level(risk.residual_level)  # type: ignore[attr-defined]
    return RegisterDetail(
        register=register,
        risks=risks,
        heat=heat_map(matrix.definition, counts),
        view=view,
        level_counts=[(lv, levels.get(lv["code"], 0)) for lv in matrix.risk_levels],
        may_keep=can_keep_register(user, register),
    )


# --- risks -----------------------------------------------------------------------------------


def risk_queryset(*, user: Any) -> QuerySet[Risk]:
    return Risk.objects.filter(register__in=register_queryset(user=user))


def risk_get(*, user: Any, risk_id: int) -> Risk:
    return get_object_or_404(
        risk_queryset(user=user).select_related(
            "register", "register__matrix", "register__unit", "register__organization", "owner"
        ),
        pk=risk_id,
    )


def risk_for_keeping(*, user: Any, risk_id: int) -> Risk:
    risk = risk_get(user=user, risk_id=risk_id)
    require(can_keep_register(user, risk.register))
    return risk


def risk_list(*, user: Any, register_id: int) -> QuerySet[Risk]:
    register = register_get(user=user, register_id=register_id)
    return (
        register.risks.select_related("owner", "register", "register__matrix")
        .prefetch_related("factors", "framework_nodes")
        .order_by("number")
    )


@dataclass(frozen=True)
class RiskDetail:
    risk: Risk
    actions: list[MitigatingAction]
    visits: list[Visit]
    history: list[AuditEvent]
    may_keep: bool


def risk_detail(*, user: Any, risk_id: int) -> RiskDetail:
    risk = risk_get(user=user, risk_id=risk_id)
    risk = (
        Risk.objects.select_related(
            "register", "register__matrix", "register__unit", "register__organization", "owner"
        )
        .prefetch_related("factors", Prefetch("framework_nodes"))
        .get(pk=risk.pk)
    )
    history = list(
        AuditEvent.objects.filter(object_type="risks.risk", object_id=str(risk.pk)).order_by(
            "-occurred_at", "-id"
        )[:50]
    )
    return RiskDetail(
        risk=risk,
        actions=list(
            risk.actions.select_related("owner", "raised_by_visit").order_by("due_on", "pk")
        ),
        visits=list(risk.visits.order_by("-visited_on")),
        history=history,
        may_keep=can_keep_register(user, risk.register),
    )


def assignable_people(*, register: Register) -> QuerySet[Any]:
    """People who may own a risk or an action: holders of a role over its unit or organization."""
    from tutela.accounts.models import User

    scope = Q(memberships__organization_id=register.organization_id)
    if register.unit_id is not None:
        scope |= Q(memberships__unit_id=register.unit_id)
    return User.objects.filter(scope, is_active=True).distinct().order_by("full_name", "email")


# --- actions ---------------------------------------------------------------------------------


def action_queryset(*, user: Any) -> QuerySet[MitigatingAction]:
    return MitigatingAction.objects.filter(
        Q(risk__register__in=register_queryset(user=user)) | Q(owner_id=user.pk)
    )


def action_for_keeping(*, user: Any, action_id: int) -> MitigatingAction:
    action = get_object_or_404(
        action_queryset(user=user).select_related("risk", "risk__register", "owner"), pk=action_id
    )
    require(can_keep_register(user, action.risk.register))
    return action


def action_list(
    *, user: Any, overdue: bool | None = None, mine: bool = False
) -> QuerySet[MitigatingAction]:
    actions = action_queryset(user=user).select_related(
        "owner", "risk", "risk__register", "risk__register__unit", "risk__register__organization"
    )
    if mine:
        actions = actions.filter(owner_id=user.pk)
    if overdue is True:
        actions = actions.filter(
            status__in=PENDING_ACTION_STATUSES, due_on__lt=timezone.localdate()
        )
    elif overdue is False:
        actions = actions.exclude(
            status__in=PENDING_ACTION_STATUSES, due_on__lt=timezone.localdate()
        )
    return actions.order_by("due_on", "pk")


def overdue_actions_owned(*, user: Any) -> QuerySet[MitigatingAction]:
    if not getattr(user, "is_authenticated", False):
        return MitigatingAction.objects.none()
    return (
        MitigatingAction.objects.filter(
            owner_id=user.pk, status__in=PENDING_ACTION_STATUSES, due_on__lt=timezone.localdate()
        )
        .select_related("risk", "risk__register")
        .order_by("due_on", "pk")
    )


# --- visits ----------------------------------------------------------------------------------


def visit_queryset(*, user: Any) -> QuerySet[Visit]:
    _signed_in(user)
    return Visit.objects.filter(_unit_readable(user))


def visit_list(*, user: Any) -> QuerySet[Visit]:
    return (
        visit_queryset(user=user)
        .select_related("unit", "unit__organization", "follows")
        .annotate(
            risk_count=Count("risks", distinct=True),
            action_count=Count("actions_raised", distinct=True),
        )
        .order_by("-visited_on", "-pk")
    )


def visit_get(*, user: Any, visit_id: int) -> Visit:
    return get_object_or_404(
        visit_queryset(user=user).select_related("unit", "unit__organization", "follows"),
        pk=visit_id,
    )


def visit_for_keeping(*, user: Any, visit_id: int) -> Visit:
    visit = visit_get(user=user, visit_id=visit_id)
    require(can_keep_unit(user, visit.unit))
    return visit


def unit_for_keeping(*, user: Any, unit_id: int) -> Unit:
    _signed_in(user)
    unit = get_object_or_404(Unit.objects.select_related("organization"), pk=unit_id)
    require(can_keep_unit(user, unit))
    return unit


def units_kept(*, user: Any) -> QuerySet[Unit]:
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    return (
        Unit.objects.filter(
            Q(pk__in=keeper_unit_ids(user)) | Q(organization_id__in=keeper_organization_ids(user))
        )
        .select_related("organization")
        .order_by("organization__acronym", "name")
    )


def risks_of_unit(*, unit: Unit) -> QuerySet[Risk]:
    return (
        Risk.objects.filter(register__unit=unit, is_closed=False)
        .select_related("register")
        .order_by("register__name", "number")
    )


# --- quarterly reports -----------------------------------------------------------------------


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


def linkable_nodes(*, user: Any) -> QuerySet[Any]:
    """Commitments a risk may be linked to: nodes of published principles and strategies."""
    from tutela.frameworks.models import FrameworkKind, FrameworkStatus, Node

    _signed_in(user)
    return (
        Node.objects.filter(
            framework__status=FrameworkStatus.PUBLISHED,
            framework__kind__in=[FrameworkKind.PRINCIPLES, FrameworkKind.STRATEGY],
        )
        .select_related("framework")
        .order_by("framework__slug", "sort_key")
    )


def may_keep_unit(*, user: Any, unit: Unit) -> bool:
    return can_keep_unit(user, unit)


# --- duty station health risk assessments ----------------------------------------------------


def health_assessment_queryset(*, user: Any) -> QuerySet[HealthAssessment]:
    _signed_in(user)
    return HealthAssessment.objects.filter(_unit_readable(user))


def health_assessment_get(*, user: Any, assessment_id: int) -> HealthAssessment:
    return get_object_or_404(
        health_assessment_queryset(user=user).select_related("unit", "unit__organization"),
        pk=assessment_id,
    )


def health_stations(*, user: Any) -> list[HealthAssessment]:
    """The latest assessment of each duty station the user reads, weakest indicator first."""
    from django.db.models import Max

    latest = (
        health_assessment_queryset(user=user)
        .values("unit_id")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    order = {"inadequate": 0, "partially_adequate": 1, "adequate": 2}
    found = list(
        HealthAssessment.objects.filter(pk__in=list(latest)).select_related(
            "unit", "unit__organization"
        )
    )
    return sorted(found, key=lambda a: (order.get(a.indicator, 3), a.unit.name))
