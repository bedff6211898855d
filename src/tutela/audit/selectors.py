"""Reads of the audit log, for auditors only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from tutela.accounts.access import has_role
from tutela.audit.access import READERS
from tutela.audit.models import AuditEvent


@dataclass(frozen=True)
class EventFilters:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def audit_event_list(*, user: Any, filters: EventFilters) -> QuerySet[AuditEvent]:
    if not has_role(user, *READERS):
        raise PermissionDenied
    events = AuditEvent.objects.all()
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    if filters.action:
        events = events.filter(action__startswith=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.since:
        events = events.filter(occurred_at__gte=_day_start(filters.since))
    if filters.until:
        events = events.filter(occurred_at__lt=_day_start(filters.until) + timedelta(days=1))
    return events.order_by("-id")


def audit_actions(*, user: Any) -> list[str]:
    if not has_role(user, *READERS):
        raise PermissionDenied
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())
