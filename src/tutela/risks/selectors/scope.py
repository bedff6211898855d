"""What every risks selector starts from: the user is signed in, and the units a user
reads (their own as risk officer, their organization's, and for conduct reviewers the units
that reported to their body)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tutela.accounts.access import require
from tutela.risks.access import keeper_unit_ids, reader_organization_ids, reviewer_body_ids
from tutela.risks.models import QuarterlyReport, ReportStatus


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
