"""`tutela import_violations_esf FILE --as EMAIL`: read an ESF JSON export back (all or none),
recorded as the human rights officer EMAIL (who must hold the events' countries)."""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tutela.accounts.models import User
from tutela.violations.exports import esf_import


class Command(BaseCommand):
    help = "Import a violations JSON export (HURIDOCS ESF structure); nothing is kept on error."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--as", dest="email", required=True, help="The recording officer.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(email=options["email"], is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {options['email']}.")
        try:
            document = json.loads(Path(options["path"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {options['path']}: {error}") from error
        try:
            created = esf_import(actor=actor, document=document)
        except ValidationError as error:
            raise CommandError("Nothing was imported:\n" + "\n".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"{len(created)} events imported."))
