"""Model fields whose values are encrypted at rest (AES-GCM, see `tutela.common.crypto`)."""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from tutela.common import crypto


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted per value; it cannot be searched or ordered in the database."""

    def __init__(self, *args: Any, key_ring: crypto.KeyRing = "field", **kwargs: Any) -> None:
        self.key_ring: crypto.KeyRing = key_ring
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.key_ring != "field":
            kwargs["key_ring"] = self.key_ring
        return name, path, args, kwargs

    @property
    def encryption_context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.attname}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return crypto.decrypt(value, ring=self.key_ring, context=self.encryption_context)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return crypto.encrypt(str(value), ring=self.key_ring, context=self.encryption_context)


class EncryptedJSONField(EncryptedTextField):
    """A JSON document encrypted as one value."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return None if text is None else json.loads(text)

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return super().get_prep_value(json.dumps(value, sort_keys=True))
