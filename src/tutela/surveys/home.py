"""Home-page panel: open survey rounds the user's organization has not submitted yet."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from tutela.surveys.access import focal_point_organization_ids
from tutela.surveys.models import Invitation, Response, ResponseStatus, RoundStatus
from tutela.web.panels import HomePanel

PANEL_ROWS = 10


def panels(user: Any) -> list[HomePanel]:
    organizations = focal_point_organization_ids(user)
    if not organizations:
        return []
    waiting = list(
        Invitation.objects.filter(organization_id__in=organizations, round__status=RoundStatus.OPEN)
        .exclude(
            Exists(
                Response.objects.filter(
                    round_id=OuterRef("round_id"),
                    organization_id=OuterRef("organization_id"),
                    status=ResponseStatus.SUBMITTED,
                )
            )
        )
        .select_related("round", "round__survey", "organization")
        .order_by("round__closes_on")[:PANEL_ROWS]
    )
    if not waiting:
        return []
    return [
        HomePanel(
            _("Surveys waiting for your organization's answers"),
            "surveys/panels/waiting.html",
            {"invitations": waiting},
        )
    ]
