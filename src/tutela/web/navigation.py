"""The main menu: an entry appears only for modules that exist and only to whom it serves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tutela.accounts.access import has_role
from tutela.accounts.roles import Role


@dataclass(frozen=True)
class MenuEntry:
    label: str | Promise
    url_name: str
    roles: tuple[Role, ...] = ()

    def visible_to(self, user: Any) -> bool:
        return not self.roles or has_role(user, *self.roles)


MENU: tuple[MenuEntry, ...] = (
    MenuEntry(_("Home"), "web:home"),
    MenuEntry(_("Organizations"), "organizations:organization_list"),
    MenuEntry(_("Bodies"), "organizations:body_list"),
    MenuEntry(_("Groups"), "organizations:group_list"),
    MenuEntry(_("Audit log"), "audit:event_list", (Role.AUDITOR,)),
)


def menu_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    entries = []
    for entry in MENU:
        if not entry.visible_to(user):
            continue
        url = reverse(entry.url_name)
        current = current_path == url or (url != "/" and current_path.startswith(url))
        entries.append({"label": entry.label, "url": url, "current": current})
    return entries
