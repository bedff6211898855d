"""`tutela load_frameworks [--path DIR]`: the shipped status scales and frameworks."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tutela.frameworks.library import LibraryError
from tutela.frameworks.loading import DIRECTORY, library_load


class Command(BaseCommand):
    help = (
        "Load the framework library (status scales first, then one YAML file per framework). "
        "A version already loaded is skipped; one whose file changed is reported, not changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=DIRECTORY, help="Library directory.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["path"]
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        try:
            summary = library_load(directory=directory)
        except LibraryError as error:
            raise CommandError(
                "Nothing was loaded; correct these problems:\n" + "\n".join(error.errors)
            ) from error
        for label in summary.created:
            self.stdout.write(f"Loaded {label}")
        for label in summary.skipped:
            self.stdout.write(f"Unchanged, skipped {label}")
        if summary.scales_changed:
            self.stdout.write(
                f"Status scales created or updated: {', '.join(summary.scales_changed)}"
            )
        if summary.conflicts:
            raise CommandError("\n".join(summary.conflicts))
        self.stdout.write(
            self.style.SUCCESS(
                f"Framework library loaded: {len(summary.created)} new, "
                f"{len(summary.skipped)} unchanged."
            )
        )
