"""Home panels: a focal point's open reporting, the secretariat's submissions to validate."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tutela.monitoring import selectors
from tutela.web.panels import HomePanel


def panels(user: Any) -> list[HomePanel]:
    found = []
    reporting = selectors.my_open_cycles(user=user)
    if reporting:
        found.append(
            HomePanel(_("Reporting due"), "monitoring/panel_reporting.html", {"cycles": reporting})
        )
    waiting = selectors.waiting_for_validation(user=user)
    if waiting:
        found.append(
            HomePanel(
                _("Submissions waiting for validation"),
                "monitoring/panel_validation.html",
                {"cycles": waiting},
            )
        )
    return found
