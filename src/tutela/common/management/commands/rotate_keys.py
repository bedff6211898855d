"""`tutela rotate_keys`: re-encrypt every encrypted value under the current keys.

Put the new key first in TUTELA_FIELD_KEYS / TUTELA_IDENTITY_KEYS, keep the old ones after it
until this command has run, then remove them.
"""

from typing import Any

from django.core.management.base import BaseCommand

from tutela.common.key_rotation import keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields whose values are under an older key."

    def handle(self, *args: Any, **options: Any) -> None:
        rotated = keys_rotate()
        if not rotated:
            self.stdout.write("No encrypted fields in this installation.")
        for column in rotated:
            self.stdout.write(f"{column.model}.{column.field}: {column.rewritten} re-encrypted")
        self.stdout.write(self.style.SUCCESS("Key rotation done."))
