"""Home-page panels: onward-report deadlines due within a day or overdue (handlers and intake
officers), and disclosure requests waiting for a custodian."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tutela.cases import selectors
from tutela.cases.models import DisclosureRequest
from tutela.web.panels import HomePanel

PANEL_ROWS = 10


def panels(user: Any) -> list[HomePanel]:
    found: list[HomePanel] = []
    alerts = list(selectors.onward_alerts(user=user)[:PANEL_ROWS])
    if alerts:
        found.append(
            HomePanel(
                _("Cases to report onward"),
                "cases/panels/onward.html",
                {
                    "cases": alerts,
                    "now": timezone.now(),
                    "handled": set(
                        selectors.handled_cases(user=user)
                        .filter(pk__in=[case.pk for case in alerts])
                        .values_list("pk", flat=True)
                    ),
                },
            )
        )
    pending = list(
        selectors.disclosure_queue(user=user).filter(state=DisclosureRequest.State.PENDING)[
            :PANEL_ROWS
        ]
    )
    if pending:
        found.append(
            HomePanel(
                _("Identity disclosure requests to decide"),
                "cases/panels/disclosures.html",
                {"requests": pending},
            )
        )
    return found
