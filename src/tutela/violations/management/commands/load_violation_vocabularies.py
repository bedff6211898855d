"""`tutela load_violation_vocabularies [--path DIR]`: the HURIDOCS micro-thesauri, the grave
violations against children and the risk factors of atrocity crimes with their indicators,
loaded or brought up to date at any depth of their trees (safe to run again)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tutela.violations.thesauri import DIRECTORY, VocabularyError, vocabularies_load


class Command(BaseCommand):
    help = "Load the violations vocabularies; terms are matched by code, none is deleted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=DIRECTORY, help="Vocabulary directory.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["path"]
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        try:
            summary = vocabularies_load(directory=directory)
        except VocabularyError as error:
            raise CommandError(
                "Nothing was loaded; correct these problems:\n" + "\n".join(error.errors)
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(summary.vocabularies)} vocabularies: {summary.created} terms created, "
                f"{summary.updated} updated, {summary.unchanged} unchanged."
            )
        )
