"""The organization keys and each report's data key (see tutela.cases.keys)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from tutela.cases import keys
from tutela.cases.models import (
    CaseKey,
    Report,
)


def _column(purpose: str) -> str:
    return "wrapped_identity" if purpose == CaseKey.Purpose.IDENTITY else "wrapped_content"


def organization_key(*, organization_id: int, purpose: str) -> tuple[CaseKey, bytes]:
    """The organization's key for `purpose`, created on first use."""
    found = CaseKey.objects.filter(organization_id=organization_id, purpose=purpose).first()
    if found is None:
        key = keys.new_key()
        text = keys.organization_key_text(key, organization_id=organization_id, purpose=purpose)
        try:
            with transaction.atomic():
                found = CaseKey.objects.create(
                    organization_id=organization_id, purpose=purpose, **{_column(purpose): text}
                )
        except IntegrityError:
            found = CaseKey.objects.get(organization_id=organization_id, purpose=purpose)
        else:
            return found, key
    return found, unwrap_case_key(found)


def unwrap_case_key(case_key: CaseKey) -> bytes:
    return keys.organization_key_bytes(
        getattr(case_key, _column(case_key.purpose)),
        organization_id=case_key.organization_id,
        purpose=case_key.purpose,
    )


def report_box(report: Report) -> keys.ReportBox:
    organization_key_bytes = unwrap_case_key(report.case_key)
    data_key = keys.unwrap_key(
        organization_key_bytes, report.wrapped_data_key, context=f"report:{report.uid}"
    )
    return keys.ReportBox(key=data_key, report_uid=report.uid)
