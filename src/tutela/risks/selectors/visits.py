"""Reading visits to the units a user reads, and the visit a user may follow up."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from tutela.accounts.access import require
from tutela.risks.access import can_keep_unit
from tutela.risks.models import Visit
from tutela.risks.selectors.scope import _signed_in, _unit_readable


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
