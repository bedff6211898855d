"""Identity disclosure: a handler asks, a custodian decides; only an approval unwraps
the identity key, and only for the requester."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.accounts.access import organization_ids
from tutela.accounts.roles import Role
from tutela.audit.services import audit_record
from tutela.cases import keys
from tutela.cases.models import (
    DisclosureRequest,
    Report,
)
from tutela.cases.services.report_keys import report_box, unwrap_case_key


@transaction.atomic
def disclosure_request(*, actor: Any, report: Report, reason: str) -> DisclosureRequest:
    if report.is_anonymous or not hasattr(report, "identity"):
        raise ValidationError(_("The reporter is anonymous: there is no identity to disclose."))
    if len(reason.strip()) < 20:
        raise ValidationError({"reason": _("Explain why you need the identity (20 characters).")})
    if report.disclosure_requests.filter(
        requested_by=actor, state=DisclosureRequest.State.PENDING
    ).exists():
        raise ValidationError(_("You already have a request waiting for the custodian."))
    request = DisclosureRequest.objects.create(
        report=report,
        requested_by=actor,
        requested_at=timezone.now(),
        sealed_reason=report_box(report).seal(reason, field="disclosure_reason"),
    )
    audit_record(
        actor=actor,
        action="cases.disclosure_request",
        target=request,
        changes={"report": report.reference},
    )
    return request


@transaction.atomic
def disclosure_decide(
    *, actor: Any, request: DisclosureRequest, approve: bool, reason: str
) -> DisclosureRequest:
    """A custodian of the report's organization decides. Only an approval unwraps the
    report's identity key, and only to re-wrap it for the requesting handler."""
    report = request.report
    if report.organization_id not in organization_ids(actor, Role.CUSTODIAN):
        raise ValidationError(_("Only a custodian of the organization decides."))
    if actor.pk == request.requested_by_id:
        raise ValidationError(_("A custodian cannot decide their own request."))
    if request.state != DisclosureRequest.State.PENDING:
        raise ValidationError(_("This request was already decided."))
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    request.state = DisclosureRequest.State.APPROVED if approve else DisclosureRequest.State.DENIED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.sealed_decision_reason = report_box(report).seal(reason, field="decision_reason")
    if approve:
        identity = report.identity
        identity_org_key = unwrap_case_key(identity.identity_key)
        report_identity_key = keys.unwrap_key(
            identity_org_key, identity.wrapped_identity_key, context=f"identity:{report.uid}"
        )
        request.wrapped_grant = keys.wrap_key(
            identity_org_key,
            report_identity_key,
            context=f"grant:{report.uid}:{request.pk}:{request.requested_by_id}",
        )
    request.save()
    audit_record(
        actor=actor,
        action="cases.disclosure_decide",
        target=request,
        changes={"state": request.state, "requested_by": request.requested_by.email},
    )
    return request


def identity_reveal(*, actor: Any, request: DisclosureRequest) -> dict[str, str]:
    """The identity, for the handler whose request a custodian approved — and nobody else."""
    if (
        request.state != DisclosureRequest.State.APPROVED
        or request.requested_by_id != actor.pk
        or not request.wrapped_grant
    ):
        raise ValidationError(_("No approved disclosure for you."))
    report = request.report
    identity = report.identity
    identity_org_key = unwrap_case_key(identity.identity_key)
    report_identity_key = keys.unwrap_key(
        identity_org_key,
        request.wrapped_grant,
        context=f"grant:{report.uid}:{request.pk}:{actor.pk}",
    )
    revealed: dict[str, str] = json.loads(
        keys.open_text(report_identity_key, identity.sealed, context=f"{report.uid}:identity")
    )
    audit_record(actor=actor, action="cases.identity_read", target=request, changes={})
    return revealed
