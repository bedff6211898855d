"""`tutela violations_tallies`: recount the violation tallies from the records (after a bulk load);
`--check` only compares them with a recount and fails on any difference."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tutela.violations.tallies import tally_differences, tally_rebuild


class Command(BaseCommand):
    help = "Recount the violation tallies from the records, or check them (--check)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Compare only; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            differences = tally_differences()
            if differences:
                raise CommandError(
                    f"{len(differences)} tallies differ from the records:\n"
                    + "\n".join(differences[:50])
                )
            self.stdout.write(self.style.SUCCESS("The tallies match the records."))
            return
        rows = tally_rebuild()
        self.stdout.write(self.style.SUCCESS(f"{rows} tallies recounted."))
