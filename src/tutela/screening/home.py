"""Home-page panel of a screening officer: the organization's live listings and recent checks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tutela.screening import selectors
from tutela.screening.models import ListingStatus
from tutela.web.panels import HomePanel

PANEL_ROWS = 5


def panels(user: Any) -> list[HomePanel]:
    if not selectors.may_screen(user=user):
        return []
    checks = list(selectors.check_list(user=user)[:PANEL_ROWS])
    active = selectors.listing_list(user=user, status=ListingStatus.ACTIVE).count()
    return [
        HomePanel(
            _("Screening"),
            "screening/panels/screening.html",
            {"checks": checks, "active_listings": active},
        )
    ]
