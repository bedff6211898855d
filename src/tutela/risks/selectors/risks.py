"""Reading risks within the registers a user may see: a risk's page with its actions, visits
and history, the people who may own it and the commitments it may be linked to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from tutela.accounts.access import require
from tutela.audit.models import AuditEvent
from tutela.risks.access import can_keep_register
from tutela.risks.models import MitigatingAction, Register, Risk, Visit
from tutela.risks.selectors.registers import register_get, register_queryset
from tutela.risks.selectors.scope import _signed_in


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
