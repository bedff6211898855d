"""Home-page panels: each app's `home.panels(user)` returns what that user should see first
(their reporting due, overdue follow-ups, …)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from tutela.common.registry import app_modules


@dataclass(frozen=True)
class HomePanel:
    title: str | Promise
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def panels_for(user: Any) -> list[HomePanel]:
    return [
        panel for module in app_modules("home", providing="panels") for panel in module.panels(user)
    ]
