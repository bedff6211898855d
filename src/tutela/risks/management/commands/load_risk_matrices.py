"""`tutela load_risk_matrices`: the shipped risk matrices and the risk factor library."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tutela.risks.services import library_load


class Command(BaseCommand):
    help = (
        "Load the shipped risk matrices (library/matrices/*.yaml) and the risk factor library. "
        "Running it again changes nothing; a changed matrix that a register uses becomes a new "
        "version, and factors already loaded are kept as edited."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = library_load(actor=None)
        except ValidationError as error:
            raise CommandError(
                "Nothing was loaded; correct these problems:\n" + "\n".join(error.messages)
            ) from error
        for label, outcome in summary.matrices.items():
            self.stdout.write(f"Matrix {label}: {outcome.replace('_', ' ')}")
        self.stdout.write(
            f"Risk factors: {summary.factors_created} added, {summary.factors_kept} already there"
        )
