"""Reading risk registers: the ones a user may see or keep, who may own a new one, and a
register's page with its heat map and filtered risks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tutela.accounts.access import require
from tutela.organizations.models import Organization, Unit
from tutela.risks.access import (
    can_keep_register,
    keeper_organization_ids,
    keeper_unit_ids,
    may_keep_registers,
    reader_organization_ids,
    reviewer_body_ids,
)
from tutela.risks.heatmap import HeatMap, heat_map
from tutela.risks.models import PENDING_ACTION_STATUSES, MitigatingAction, Register
from tutela.risks.selectors.scope import _reported_unit_ids, _signed_in


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
