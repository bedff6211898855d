"""Re-encrypts every encrypted field value that is not under its key ring's current key."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from tutela.audit.services import audit_record
from tutela.common import crypto
from tutela.common.fields import EncryptedTextField


@dataclass(frozen=True)
class RotatedColumn:
    model: str
    field: str
    rewritten: int


def encrypted_columns() -> list[tuple[type[models.Model], EncryptedTextField]]:
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def keys_rotate(*, batch_size: int = 500) -> list[RotatedColumn]:
    rotated: list[RotatedColumn] = []
    for model, field in encrypted_columns():
        current = f"{crypto.PREFIX}:{crypto.current_key_id(field.key_ring)}:"
        # Cast to plain text so the stored ciphertext is read, not the decrypted value.
        stale = (
            model._default_manager.annotate(stored=Cast(field.attname, models.TextField()))
            .exclude(stored__startswith=current)
            .exclude(**{f"{field.attname}__isnull": True})
            .order_by("pk")
        )
        rewritten = 0
        with transaction.atomic():
            batch: list[models.Model] = []
            for instance in stale.iterator(chunk_size=batch_size):
                batch.append(instance)
                if len(batch) >= batch_size:
                    model._default_manager.bulk_update(batch, [field.attname])
                    rewritten += len(batch)
                    batch = []
            if batch:
                model._default_manager.bulk_update(batch, [field.attname])
                rewritten += len(batch)
            if rewritten:
                audit_record(
                    actor=None,
                    action="encryption.rotate",
                    object_type=model._meta.label_lower,
                    changes={"field": field.attname, "rewritten": rewritten},
                )
        rotated.append(RotatedColumn(model._meta.label, field.attname, rewritten))
    return rotated
