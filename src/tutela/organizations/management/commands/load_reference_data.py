"""`tutela load_reference_data`: organizations, bodies, groups, personnel categories."""

from typing import Any

from django.core.management.base import BaseCommand

from tutela.organizations.reference_data import reference_data_load


class Command(BaseCommand):
    help = "Load the shipped UN system organizations, bodies, groups and personnel categories."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = reference_data_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data loaded. Created: {summary.created or 'nothing'}; "
                f"updated: {summary.updated or 'nothing'}."
            )
        )
