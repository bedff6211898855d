"""Destroy the content of closed cases past their category's retention (keys, ciphertext,
receipt), keeping anonymous counts for the statistics. Run it daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tutela.cases import services


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        created = services.retention_rules_load()
        destroyed = services.retention_apply()
        self.stdout.write(
            f"{destroyed} case(s) destroyed; {created} retention rule(s) created from the library."
        )
