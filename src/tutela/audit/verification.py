"""Walks the audit chain and names the first event that does not fit."""

from __future__ import annotations

from dataclasses import dataclass

from tutela.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(*, batch_size: int = 2000) -> ChainReport:
    previous = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        if event.previous_hash != previous:
            return ChainReport(
                checked,
                event.id,
                "its previous hash does not match the event before it "
                "(an event was deleted, inserted or reordered)",
            )
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.id, "its content no longer matches its hash (edited)")
        previous = event.hash
        checked += 1
    return ChainReport(checked)
