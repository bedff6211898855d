"""The one way anything writes to the audit log."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from tutela.audit.models import GENESIS_HASH, AuditEvent

# Any constant: PostgreSQL serialises chain appends on this advisory lock. SQLite already
# serialises writers (transaction_mode IMMEDIATE).
CHAIN_LOCK = 7_301_944


def _last_hash() -> str:
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    return last or GENESIS_HASH


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """Append one event to the chain. `actor` is a user or None for the system."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        actor_user = actor if getattr(actor, "is_authenticated", False) else None
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor=actor_user,
            actor_label=actor_user.email if actor_user is not None else "system",
            action=action,
            object_type=target._meta.label_lower if target is not None else object_type,
            object_id=str(target.pk) if target is not None else object_id,
            object_label=str(target)[:300] if target is not None else "",
            # JSON-native values only, so the hash matches what verification reads back.
            changes=json.loads(json.dumps(changes or {}, default=str)),
            previous_hash=_last_hash(),
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
    return event


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """`{"field": [old, new]}` for every field whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
