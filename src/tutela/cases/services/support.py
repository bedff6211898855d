"""Victim support, kept apart from the investigation: plan, referrals with consent,
who else may see it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.accounts.access import organization_ids
from tutela.accounts.roles import Role
from tutela.audit.services import audit_record
from tutela.cases.models import (
    Referral,
    Report,
    SupportConsent,
    SupportPlan,
)
from tutela.cases.services.report_keys import report_box


def _plan_of(report: Report) -> SupportPlan:
    plan, _created = SupportPlan.objects.get_or_create(
        report=report, defaults={"updated_at": timezone.now()}
    )
    return plan


@transaction.atomic
def support_plan_update(
    *, actor: Any, report: Report, retaliation_risk: bool, measures: str
) -> SupportPlan:
    plan = _plan_of(report)
    before = plan.retaliation_risk
    plan.retaliation_risk = retaliation_risk
    plan.sealed_measures = report_box(report).seal(measures, field="protection_measures")
    plan.updated_at = timezone.now()
    plan.save()
    audit_record(
        actor=actor,
        action="cases.support_plan_update",
        target=report,
        changes={"retaliation_risk": [before, retaliation_risk]},
    )
    return plan


@transaction.atomic
def referral_add(
    *, actor: Any, report: Report, kind: str, consent_given: bool, details: str, made: bool
) -> Referral:
    if kind not in Referral.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of referral.")})
    if made and not consent_given:
        raise ValidationError(
            {"consent_given": _("A referral is made only with the affected person's consent.")}
        )
    plan = _plan_of(report)
    referral = Referral.objects.create(
        plan=plan,
        kind=kind,
        consent_given=consent_given,
        consent_recorded_at=timezone.now(),
        state=Referral.State.MADE if made else Referral.State.PROPOSED,
        sealed_details=report_box(report).seal(details, field="referral"),
    )
    audit_record(
        actor=actor,
        action="cases.referral_add",
        target=report,
        changes={"kind": kind, "consent_given": consent_given, "state": referral.state},
    )
    return referral


@transaction.atomic
def support_consent_add(*, actor: Any, report: Report, user: Any) -> SupportConsent:
    """Record that the affected person consented that `user` may see the support plan."""
    if report.organization_id not in organization_ids(
        user, Role.INTAKE_OFFICER, Role.INVESTIGATOR, Role.SUPPORT_OFFICER
    ):
        raise ValidationError({"user": _("Only the organization's case staff can be named.")})
    plan = _plan_of(report)
    consent, _created = SupportConsent.objects.get_or_create(
        plan=plan,
        user=user,
        defaults={"recorded_at": timezone.now(), "recorded_by": actor},
    )
    audit_record(
        actor=actor, action="cases.support_consent", target=report, changes={"user": user.email}
    )
    return consent
