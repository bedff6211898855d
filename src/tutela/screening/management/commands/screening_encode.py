"""Encode a CSV of people for the screening database on the organization's own computer: names
and birth dates stay here; only the keyed encodings go into the output file for upload."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tutela.screening.csvfiles import ENCODED_COLUMNS, RowError, read_people
from tutela.screening.encoding import EncodingError, check_secret, encode, key_fingerprint

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Encode people.csv (given_name, family_name, date_of_birth[, reference]) for upload."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("people", type=Path, help="CSV file of the people to encode")
        parser.add_argument(
            "--key-file", type=Path, required=True, help="the participating organizations' key"
        )
        parser.add_argument(
            "--output",
            type=Path,
            help="where to write the encodings (default: <people>.encoded.csv)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        people: Path = options["people"]
        output: Path = options["output"] or people.with_suffix(".encoded.csv")
        try:
            secret = check_secret(options["key_file"].read_bytes())
            text = people.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError, EncodingError) as error:
            raise CommandError(str(error)) from error
        lines = text.splitlines()
        total = max(len(lines) - 1, 0)
        errors: list[RowError] = []
        written = 0
        with output.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(ENCODED_COLUMNS)
            for done, row in enumerate(read_people(lines), start=1):
                if isinstance(row, RowError):
                    errors.append(row)
                else:
                    try:
                        writer.writerow([row.reference, encode(row.person, secret)])
                        written += 1
                    except EncodingError as error:
                        errors.append(RowError(row.row, str(error)))
                self._progress(done, total)
        sys.stderr.write("\n")
        for rejected in errors:
            sys.stderr.write(f"{rejected}\n")
        self.stdout.write(
            f"{written} encoded, {len(errors)} rejected, written to {output} "
            f"(key fingerprint {key_fingerprint(secret)})"
        )
        if errors and not written:
            raise CommandError("no row could be encoded")

    @staticmethod
    def _progress(done: int, total: int) -> None:
        if total and (done == total or done % 100 == 0):
            filled = BAR_WIDTH * done // total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}")
            sys.stderr.flush()
