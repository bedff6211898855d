"""Home-page panel for human rights officers: their countries' events awaiting verification."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tutela.violations import selectors
from tutela.web.panels import HomePanel

PANEL_ROWS = 10


def panels(user: Any) -> list[HomePanel]:
    if not selectors.may_record(user=user):
        return []
    waiting = list(selectors.events_awaiting_verification(user=user)[:PANEL_ROWS])
    if not waiting:
        return []
    return [
        HomePanel(
            _("Violation events awaiting verification"),
            "violations/panels/awaiting_verification.html",
            {"events": waiting},
        )
    ]
