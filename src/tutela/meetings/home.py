"""Home-page panels: the follow-ups a focal point's organization owns, and the overdue
follow-ups of the bodies a secretariat serves."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tutela.meetings import selectors
from tutela.web.panels import HomePanel

PANEL_ROWS = 10
TEMPLATE = "meetings/panels/follow_ups.html"


def panels(user: Any) -> list[HomePanel]:
    found: list[HomePanel] = []
    owned = list(selectors.follow_ups_owned_by_my_organizations(user=user)[:PANEL_ROWS])
    if owned:
        found.append(
            HomePanel(
                _("Follow-ups your organization owns"),
                TEMPLATE,
                {
                    "follow_ups": owned,
                    "caption": _("Open follow-ups of meeting conclusions, overdue first"),
                    "may_update": True,
                    "query": "",
                },
            )
        )
    overdue = list(selectors.overdue_follow_ups_of_my_bodies(user=user)[:PANEL_ROWS])
    if overdue:
        found.append(
            HomePanel(
                _("Overdue follow-ups of your bodies"),
                TEMPLATE,
                {
                    "follow_ups": overdue,
                    "caption": _("Requests past their due date and not done"),
                    "may_update": True,
                    "query": "?overdue=yes",
                },
            )
        )
    return found
