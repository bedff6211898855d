"""Reading duty station health risk assessments of the units a user reads, and the latest
assessment of each duty station."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tutela.risks.models import HealthAssessment
from tutela.risks.selectors.scope import _signed_in, _unit_readable


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
