"""The main menu: each app's `menu.MENU` entries, shown only to whom they serve.

An entry appears when its module exists (the app brings its own `menu.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

from tutela.accounts.access import has_role
from tutela.accounts.roles import Role
from tutela.common.registry import app_modules


@dataclass(frozen=True)
class MenuEntry:
    label: str | Promise
    url_name: str
    roles: tuple[Role, ...] = ()
    order: int = 50

    def visible_to(self, user: Any) -> bool:
        return not self.roles or has_role(user, *self.roles)


def all_entries() -> list[MenuEntry]:
    entries: list[MenuEntry] = [
        entry for module in app_modules("menu", providing="MENU") for entry in module.MENU
    ]
    return sorted(entries, key=lambda entry: entry.order)


def menu_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    entries = []
    for entry in all_entries():
        if not entry.visible_to(user):
            continue
        url = reverse(entry.url_name)
        current = current_path == url or (url != "/" and current_path.startswith(url))
        entries.append({"label": entry.label, "url": url, "current": current})
    return entries
