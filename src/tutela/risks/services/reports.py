"""Quarterly risk reports of a unit: generating the draft from its registers, submitting
(which freezes the snapshot and records its SHA-256), checking the snapshot and recording
exports."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record
from tutela.organizations.models import Body, Unit
from tutela.risks.models import QuarterlyReport, ReportStatus
from tutela.risks.reports import quarter_bounds, snapshot_build


def _snapshot_sha256(snapshot: dict[str, Any]) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _frozen_refusal() -> ValidationError:
    return ValidationError(_("This report was submitted and is frozen; it cannot be changed."))


def report_generate(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    quarter: int,
    receiving_body: Body,
    narrative: str | None = None,
) -> QuarterlyReport:
    """Generate (or regenerate) the unit's draft report for the quarter from its registers."""
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise ValidationError(
            {"quarter": _("Choose a quarter from 1 to 4 of a year from 2000 to 2100.")}
        )
    if quarter_bounds(year, quarter)[0] > timezone.localdate():
        raise ValidationError({"quarter": _("That quarter has not begun yet.")})
    with transaction.atomic():
        report = (
            QuarterlyReport.objects.select_for_update()
            .filter(unit=unit, year=year, quarter=quarter)
            .first()
        )
        if report is not None and report.is_frozen:
            raise _frozen_refusal()
        if report is None:
            report = QuarterlyReport(unit=unit, year=year, quarter=quarter)
        report.receiving_body = receiving_body
        if narrative is not None:
            report.narrative = narrative.strip()
        report.generated_at = timezone.now()
        report.snapshot, report.summary = snapshot_build(report)
        report.full_clean()
        report.save()
        audit_record(
            actor=actor,
            action="risks.report_generate",
            target=report,
            changes={"period": report.period, "receiving_body": receiving_body.acronym},
        )
    return report


def report_submit(*, actor: Any, report: QuarterlyReport) -> QuarterlyReport:
    """Regenerate, then freeze: the snapshot's SHA-256 goes to the audit log."""
    with transaction.atomic():
        report = (
            QuarterlyReport.objects.select_for_update()
            .select_related("unit", "unit__organization")
            .get(pk=report.pk)
        )
        if report.is_frozen:
            raise _frozen_refusal()
        report.generated_at = timezone.now()
        report.snapshot, report.summary = snapshot_build(report)
        report.snapshot_sha256 = _snapshot_sha256(report.snapshot)
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
        report.full_clean()
        report.save()
        audit_record(
            actor=actor,
            action="risks.report_submit",
            target=report,
            changes={
                "period": report.period,
                "receiving_body": report.receiving_body.acronym,
                "snapshot_sha256": report.snapshot_sha256,
            },
        )
    return report


def report_snapshot_intact(report: QuarterlyReport) -> bool:
    return (
        bool(report.snapshot_sha256) and _snapshot_sha256(report.snapshot) == report.snapshot_sha256
    )


def report_export_record(*, actor: Any, report: QuarterlyReport, file_format: str) -> None:
    audit_record(
        actor=actor, action="risks.report_export", target=report, changes={"format": file_format}
    )
