"""Finds the parts each Tutela app contributes (URLs, API router, menu, home panels, demo data),
so a new module plugs in by having the module, without edits elsewhere."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from django.apps import apps


def app_modules(name: str, *, providing: str | None = None) -> list[ModuleType]:
    """`<app>.<name>` for every installed Tutela app that has it (and, if given, whose module
    defines `providing`), in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("tutela."):
            continue
        dotted = f"{config.name}.{name}"
        if importlib.util.find_spec(dotted) is None:
            continue
        module = importlib.import_module(dotted)
        if providing is None or hasattr(module, providing):
            found.append(module)
    return found
