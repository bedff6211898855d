"""`tutela load_example_surveys`: the shipped example surveys (library/examples.yaml)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tutela.surveys.services import examples_load


class Command(BaseCommand):
    help = "Load the example surveys shipped as XLSForm workbooks; refresh those already loaded."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            surveys = examples_load(actor=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for survey in surveys:
            self.stdout.write(f"Example survey ready: {survey.title}")
