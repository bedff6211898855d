"""Demo cases for UNHCR's reporting channel: reports in every state (web and app, anonymous
and named), an assigned investigator and support officer, replies and an open question, a
support plan with referrals, one approved and one pending identity disclosure, an overdue
onward report — and enough reports in other organizations to fill the statistics."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.utils import timezone

from tutela.cases import receipts, services
from tutela.cases.models import Assignment, Intake, Report
from tutela.common.demo import DemoContext
from tutela.organizations.models import Organization

STORIES: list[tuple[str, str, str]] = [
    (
        "sexual_harassment",
        "My supervisor keeps commenting on my body during team meetings and sent me messages "
        "late at night asking to meet outside work.",
        "received",
    ),
    (
        "sea",
        "A driver of a partner organization asked a woman at the distribution point for sex "
        "in exchange for extra food rations.",
        "assessed",
    ),
    (
        "fraud",
        "Fuel purchased for the generator is resold in town; the logbook shows more deliveries "
        "than the tank could hold.",
        "under_investigation",
    ),
    (
        "abuse_of_authority",
        "The head of office threatened not to renew contracts of staff who raised concerns "
        "about the recruitment of a relative.",
        "referred",
    ),
    (
        "other",
        "A colleague regularly shares confidential refugee data through a personal messaging "
        "account.",
        "closed",
    ),
]
PATHS = {
    "received": [],
    "assessed": ["assessed"],
    "referred": ["assessed", "referred"],
    "under_investigation": ["assessed", "under_investigation"],
    "closed": ["assessed", "closed"],
}


def _submit(organization: Organization, category: str, text: str, **extra: Any) -> Any:
    challenge = receipts.challenge_new()
    return services.report_submit(
        organization=organization,
        answers=services.ReportAnswers(
            category=category,
            what_happened=text,
            when="Over the last three months",
            where="Field office",
            who_involved=extra.pop("who", "A staff member"),
            reporter_is_affected=extra.pop("affected", "yes"),
            support_wanted=extra.pop("support", []),
            channel=extra.pop("channel", "formal"),
        ),
        intake=extra.pop("intake", Intake.WEB),
        client_token=secrets.token_urlsafe(24),
        challenge=challenge,
        nonce=receipts.proof_solve(challenge),
        **extra,
    )


def generate(context: DemoContext) -> None:
    unhcr = Organization.objects.filter(acronym="UNHCR").first()
    if unhcr is None or Report.objects.filter(organization=unhcr).exists():
        return
    services.retention_rules_load()
    users = context.users_by_role
    intake = users.get("intake_officer")
    investigator = users.get("investigator")
    support = users.get("support_officer")
    custodian = users.get("custodian")
    cases = []
    for index, (category, text, status) in enumerate(STORIES):
        contact = (
            services.ReporterContact(name="Grace Demo-Reporter", email="grace@example.org")
            if index in (0, 2)
            else None
        )
        submission = _submit(
            unhcr,
            category,
            text,
            contact=contact,
            intake=Intake.APP if index % 2 else Intake.WEB,
            support=["psychosocial", "legal"] if index == 0 else [],
        )
        report = submission.report
        cases.append(report)
        if index == 0:
            context.notes.append(
                f"Cases: demo reporter receipt for {report.reference}: {submission.receipt}"
            )
        if intake is None or investigator is None:
            continue
        services.case_assign(actor=intake, report=report, user=investigator, kind="handler")
        for step in PATHS[status]:
            services.case_status_change(
                actor=investigator,
                report=report,
                status=step,
                outcome="substantiated" if step == "closed" else "",
            )
    if intake is None or investigator is None:
        return
    first, second, third = cases[0], cases[1], cases[2]
    # The serious harassment report is overdue for its onward report (24 hours).
    Report.objects.filter(pk=first.pk).update(
        received_at=timezone.now() - timedelta(hours=30),
        onward_due_at=timezone.now() - timedelta(hours=6),
    )
    services.case_message_send(
        actor=investigator,
        report=first,
        body="Thank you for reporting. We have received your report and are assessing it.",
        kind="message",
    )
    services.case_message_send(
        actor=investigator,
        report=first,
        body="Were other colleagues present when the comments were made?",
        kind="question",
    )
    services.case_note_add(
        actor=investigator, report=first, body="Check whether earlier complaints exist."
    )
    services.case_onward_reported(actor=investigator, report=second)
    if support is not None:
        services.case_assign(actor=intake, report=first, user=support, kind=Assignment.Kind.SUPPORT)
        services.support_plan_update(
            actor=support,
            report=first,
            retaliation_risk=True,
            measures="Interim change of reporting line; flexible working arrangements.",
        )
        services.referral_add(
            actor=support,
            report=first,
            kind="psychosocial",
            consent_given=True,
            details="Staff counsellor, first session booked.",
            made=True,
        )
        services.referral_add(
            actor=support,
            report=first,
            kind="legal",
            consent_given=False,
            details="Offered; the affected person will decide later.",
            made=False,
        )
    reason = "The reporter is the only witness; the investigation must interview them."
    services.disclosure_request(actor=investigator, report=first, reason=reason)  # pending
    if custodian is not None:
        approved = services.disclosure_request(actor=investigator, report=third, reason=reason)
        services.disclosure_decide(
            actor=custodian,
            request=approved,
            approve=True,
            reason="Necessary and proportionate for the interview.",
        )
    # Reports in other organizations, for the statistics (counts only).
    others = list(Organization.objects.exclude(pk=unhcr.pk).order_by("acronym")[:3])
    extra = 40 if context.large else 8
    for organization in others:
        for number in range(extra):
            _submit(
                organization,
                context.rng.choice(["sexual_harassment", "fraud", "abuse_of_authority"]),
                f"Demo report {number} for the statistics.",
                channel=context.rng.choice(["formal", "informal"]),
            )
