"""Reports and cases for the tests, made through the services (so they are encrypted)."""

from __future__ import annotations

import secrets
from typing import Any

from django.test import override_settings

from tutela.cases import receipts, services
from tutela.cases.models import Assignment, Intake, Report
from tutela.organizations.models import Organization


def solved_challenge() -> tuple[str, str]:
    challenge = receipts.challenge_new()
    return challenge, receipts.proof_solve(challenge)


def submit_report(
    organization: Organization,
    *,
    category: str = "sexual_harassment",
    what_happened: str = "My supervisor made repeated unwelcome comments.",
    contact: services.ReporterContact | None = None,
    uploads: list[services.Upload] | None = None,
    client_token: str | None = None,
    intake: str = Intake.APP,
    channel: str = "formal",
) -> services.Submission:
    # One-bit proofs here: the proof of work has its own tests, and the authorization matrix
    # builds a world (and its reports) for every one of its tests.
    with override_settings(TUTELA_CASES_POW_BITS=1):
        challenge, nonce = solved_challenge()
        return _submit(
            organization,
            category=category,
            what_happened=what_happened,
            contact=contact,
            uploads=uploads,
            client_token=client_token,
            intake=intake,
            channel=channel,
            challenge=challenge,
            nonce=nonce,
        )


def _submit(
    organization: Organization,
    *,
    category: str,
    what_happened: str,
    contact: services.ReporterContact | None,
    uploads: list[services.Upload] | None,
    client_token: str | None,
    intake: str,
    channel: str,
    challenge: str,
    nonce: str,
) -> services.Submission:
    return services.report_submit(
        organization=organization,
        answers=services.ReportAnswers(
            category=category,
            what_happened=what_happened,
            when="March 2026",
            where="Field office",
            who_involved="A supervisor",
            reporter_is_affected="yes",
            support_wanted=["psychosocial"],
            channel=channel,
        ),
        intake=intake,
        client_token=client_token or secrets.token_urlsafe(24),
        challenge=challenge,
        nonce=nonce,
        contact=contact,
        uploads=uploads,
    )


def assign(report: Report, user: Any, kind: str = Assignment.Kind.HANDLER) -> Assignment:
    from django.utils import timezone

    return Assignment.objects.create(
        report=report, user=user, kind=kind, assigned_at=timezone.now()
    )
