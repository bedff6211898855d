"""Reading mitigating actions: those of the registers a user may see and those the user
owns, with the overdue ones."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tutela.accounts.access import require
from tutela.risks.access import can_keep_register
from tutela.risks.models import PENDING_ACTION_STATUSES, MitigatingAction
from tutela.risks.selectors.registers import register_queryset


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
