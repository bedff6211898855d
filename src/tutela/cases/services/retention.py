"""Retention: destroying expired cases while keeping anonymous counts."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tutela.audit.services import audit_record
from tutela.cases import receipts, reference
from tutela.cases.models import (
    Category,
    DestroyedCaseCount,
    ReceiptThrottle,
    Report,
    RetentionRule,
    Status,
    UsedChallenge,
)


def quarter_of(moment: datetime) -> str:
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def retention_days(category: str) -> int:
    rule = RetentionRule.objects.filter(category=category).first()
    return rule.keep_days_after_closure if rule else reference.default_retention_days(category)


def retention_apply(*, now: datetime | None = None) -> int:
    """Destroy every closed case past its category's retention: its keys, ciphertext and
    receipt go; an anonymous count per organization, category, channel, quarter and outcome
    stays. Returns how many cases were destroyed."""
    now = now or timezone.now()
    destroyed = 0
    for category in Category.values:
        cutoff = now - timedelta(days=retention_days(category))
        expired = Report.objects.filter(
            category=category, status=Status.CLOSED, closed_at__lt=cutoff
        )
        for report in expired.iterator():
            with transaction.atomic():
                count, _created = DestroyedCaseCount.objects.select_for_update().get_or_create(
                    organization_id=report.organization_id,
                    category=report.category,
                    channel=report.channel,
                    quarter=quarter_of(report.received_at),
                    outcome=report.outcome,
                )
                count.count += 1
                count.save(update_fields=["count"])
                reference_label = report.reference
                report.delete()
                audit_record(
                    actor=None,
                    action="cases.destroy",
                    object_type="cases.report",
                    object_id=reference_label,
                    changes={"category": category},
                )
            destroyed += 1
    UsedChallenge.objects.filter(expires_at__lt=now).delete()
    ReceiptThrottle.objects.filter(
        window_started_at__lt=now - timedelta(seconds=receipts.FAILED_LOGIN_WINDOW_SECONDS)
    ).delete()
    return destroyed


def retention_rules_load() -> int:
    """Create the shipped retention rules for categories that have none."""
    created = 0
    for category in Category.values:
        _rule, made = RetentionRule.objects.get_or_create(
            category=category,
            defaults={"keep_days_after_closure": reference.default_retention_days(category)},
        )
        created += int(made)
    return created
