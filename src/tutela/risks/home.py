"""Home-page panel: the overdue mitigating actions the user owns."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tutela.risks import selectors
from tutela.web.panels import HomePanel

PANEL_ROWS = 10


def panels(user: Any) -> list[HomePanel]:
    overdue = list(selectors.overdue_actions_owned(user=user)[:PANEL_ROWS])
    if not overdue:
        return []
    return [
        HomePanel(
            _("Your overdue mitigating actions"),
            "risks/panels/overdue_actions.html",
            {"actions": overdue},
        )
    ]
