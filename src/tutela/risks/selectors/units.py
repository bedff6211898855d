"""The units a user keeps (as risk officer or focal point of their organization) and the open
risks of a unit, which visits, quarterly reports and health assessments are recorded for."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from tutela.accounts.access import require
from tutela.organizations.models import Unit
from tutela.risks.access import can_keep_unit, keeper_organization_ids, keeper_unit_ids
from tutela.risks.models import Risk
from tutela.risks.selectors.scope import _signed_in


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


def may_keep_unit(*, user: Any, unit: Unit) -> bool:
    return can_keep_unit(user, unit)
