"""Case management: need-to-know reading, assignment, recusal, status workflow, notes apart
from messages, onward-report timers and every read audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tests.support.cases_factories import assign, submit_report
from tests.support.clients import signed_in, token_headers
from tests.support.factories import BodyFactory, OrganizationFactory, user_with_role
from tests.support.queries import assert_constant_queries
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.cases import services
from tutela.cases.models import Assignment, Report

pytestmark = pytest.mark.django_db


def test_only_assigned_handlers_read_a_case() -> None:
    organization = OrganizationFactory()
    report = submit_report(organization, what_happened="Threats by a manager.").report
    assigned = user_with_role(Role.INVESTIGATOR, organization=organization)
    colleague = user_with_role(Role.INVESTIGATOR, organization=organization)
    assign(report, assigned)
    url = f"/cases/{report.pk}/"
    assert "Threats by a manager." in signed_in(assigned).get(url).content.decode()
    assert signed_in(colleague).get(url).status_code == 404
    api = signed_in(colleague).get(f"/api/v1/cases/{report.pk}")
    assert api.status_code == 404


@pytest.mark.parametrize(
    "role", [Role.ADMINISTRATOR, Role.CONDUCT_REVIEWER, Role.AUDITOR, Role.CUSTODIAN]
)
def test_administrators_reviewers_auditors_and_custodians_read_no_case(role: Role) -> None:
    organization = OrganizationFactory()
    report = submit_report(organization).report
    scope = {
        Role.CUSTODIAN: {"organization": organization},
        Role.CONDUCT_REVIEWER: {"body": BodyFactory()},
    }.get(role, {})
    user = user_with_role(role, **scope)
    client = signed_in(user)
    assert client.get(f"/cases/{report.pk}/").status_code == 404
    assert client.get(f"/api/v1/cases/{report.pk}", **token_headers(user)).status_code == 404
    assert client.get(f"/cases/{report.pk}/support/").status_code == 404


def test_every_read_of_a_case_is_audited() -> None:
    organization = OrganizationFactory()
    report = submit_report(organization).report
    handler = user_with_role(Role.INVESTIGATOR, organization=organization)
    assign(report, handler)
    signed_in(handler).get(f"/cases/{report.pk}/")
    signed_in(handler).get(f"/api/v1/cases/{report.pk}")
    reads = AuditEvent.objects.filter(action="cases.case_read", object_id=str(report.pk))
    assert reads.count() == 2
    assert set(reads.values_list("actor_id", flat=True)) == {handler.pk}


def test_intake_assigns_hands_over_and_a_recused_handler_cannot_return() -> None:
    organization = OrganizationFactory()
    report = submit_report(organization).report
    intake = user_with_role(Role.INTAKE_OFFICER, organization=organization)
    first = user_with_role(Role.INVESTIGATOR, organization=organization)
    second = user_with_role(Role.INVESTIGATOR, organization=organization)
    client = signed_in(intake)
    # The intake officer sees the queue but not the content.
    assert report.reference in client.get("/cases/").content.decode()
    assert client.get(f"/cases/{report.pk}/").status_code == 404
    response = client.post(f"/cases/{report.pk}/assignment/", {"user": first.pk, "kind": "handler"})
    assert response.status_code == 302
    assignment = Assignment.objects.get(user=first)
    client.post(f"/cases/{report.pk}/assignment/", {"end": assignment.pk})
    assignment.refresh_from_db()
    assert assignment.ended_because == "handover"
    assert signed_in(first).get(f"/cases/{report.pk}/").status_code == 404
    services.case_assign(actor=intake, report=report, user=second, kind="handler")
    recused = signed_in(second).post(f"/cases/{report.pk}/recuse/", {"confirm": "on"})
    assert recused.status_code == 302
    assert signed_in(second).get(f"/cases/{report.pk}/").status_code == 404
    with pytest.raises(ValidationError):
        services.case_assign(actor=intake, report=report, user=second, kind="handler")
    foreign = user_with_role(Role.INVESTIGATOR, organization=OrganizationFactory())
    with pytest.raises(ValidationError):
        services.case_assign(actor=intake, report=report, user=foreign, kind="handler")


def test_the_status_workflow_allows_only_its_transitions() -> None:
    organization = OrganizationFactory()
    report = submit_report(organization).report
    handler = user_with_role(Role.INVESTIGATOR, organization=organization)
    with pytest.raises(ValidationError):
        services.case_status_change(actor=handler, report=report, status="under_investigation")
    services.case_status_change(actor=handler, report=report, status="assessed")
    services.case_status_change(actor=handler, report=report, status="under_investigation")
    with pytest.raises(ValidationError):
        services.case_status_change(actor=handler, report=report, status="closed")  # no outcome
    services.case_status_change(
        actor=handler, report=report, status="closed", outcome="substantiated"
    )
    with pytest.raises(ValidationError):
        services.case_status_change(actor=handler, report=report, status="assessed")
    report.refresh_from_db()
    assert (report.status, report.outcome) == ("closed", "substantiated")
    assert report.closed_at is not None


def test_the_web_status_form_refuses_clearly() -> None:
    organization = OrganizationFactory()
    report = submit_report(organization).report
    handler = user_with_role(Role.INVESTIGATOR, organization=organization)
    assign(report, handler)
    client = signed_in(handler)
    response = client.post(f"/cases/{report.pk}/status/", {"status": "closed"}, follow=True)
    assert "Say the outcome" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "received"


def test_notes_are_kept_apart_from_messages_to_the_reporter() -> None:
    organization = OrganizationFactory()
    submission = submit_report(organization)
    report = submission.report
    handler = user_with_role(Role.INVESTIGATOR, organization=organization)
    assign(report, handler)
    client = signed_in(handler)
    client.post(f"/cases/{report.pk}/notes/", {"body": "Subject has prior complaints."})
    client.post(
        f"/cases/{report.pk}/messages/", {"body": "We are looking into it.", "kind": "message"}
    )
    assert "Subject has prior complaints." in client.get(f"/cases/{report.pk}/").content.decode()
    reporter = services.reporter_sign_in(receipt_text=submission.receipt)
    from tutela.cases.selectors import reporter_view

    view = reporter_view(report_id=reporter.pk)
    bodies = [message.body for message in view.messages]
    assert bodies == ["We are looking into it."]


def test_onward_report_deadlines_follow_the_seriousness_and_alert_on_the_home_page() -> None:
    organization = OrganizationFactory()
    serious = submit_report(organization, category="sea").report
    other = submit_report(organization, category="fraud").report
    assert serious.onward_due_at - serious.received_at == timedelta(hours=24)
    assert other.onward_due_at - other.received_at == timedelta(days=7)
    handler = user_with_role(Role.INVESTIGATOR, organization=organization)
    assign(serious, handler)
    Report.objects.filter(pk=serious.pk).update(onward_due_at=timezone.now() - timedelta(hours=1))
    home = signed_in(handler).get("/").content.decode()
    assert "Cases to report onward" in home
    assert serious.reference in home
    assert "overdue" in home
    assert f'href="/cases/{serious.pk}/"' in home
    services.case_classify(actor=handler, report=other, category="fraud", seriousness="serious")
    other.refresh_from_db()
    assert other.onward_due_at - other.received_at == timedelta(hours=24)
    services.case_onward_reported(actor=handler, report=serious)
    assert serious.reference not in signed_in(handler).get("/").content.decode()


def test_attachments_download_for_handlers_only() -> None:
    organization = OrganizationFactory()
    report = submit_report(
        organization, uploads=[services.Upload(name="note.txt", data=b"the evidence")]
    ).report
    handler = user_with_role(Role.INVESTIGATOR, organization=organization)
    assign(report, handler)
    attachment = report.attachments.get()
    response = signed_in(handler).get(f"/cases/attachments/{attachment.pk}/")
    assert response.content == b"the evidence"
    other = user_with_role(Role.INVESTIGATOR, organization=organization)
    assert signed_in(other).get(f"/cases/attachments/{attachment.pk}/").status_code == 404


def test_case_pages_keep_constant_queries() -> None:
    organization = OrganizationFactory()
    handler = user_with_role(Role.INVESTIGATOR, organization=organization)
    intake = user_with_role(Role.INTAKE_OFFICER, organization=organization)
    report = submit_report(organization).report
    assign(report, handler)
    services.case_message_send(actor=handler, report=report, body="first", kind="message")
    services.case_note_add(actor=handler, report=report, body="first note")

    def add_rows(count: int) -> None:
        for _ in range(count):
            new = submit_report(organization).report
            assign(new, handler)
            services.case_message_send(actor=handler, report=report, body="x", kind="message")
            services.case_note_add(actor=handler, report=report, body="n")

    handler_client = signed_in(handler)
    intake_client = signed_in(intake)
    api = token_headers(handler)
    assert_constant_queries(
        lambda: (
            handler_client.get("/cases/"),
            intake_client.get("/cases/"),
            handler_client.get(f"/cases/{report.pk}/"),
            handler_client.get("/api/v1/cases", **api),
        ),
        add_rows,
        # The case page audits its read: on PostgreSQL the audit chain's advisory lock is one
        # more statement.
        expected=37 + (connection.vendor == "postgresql"),
    )


def test_bad_input_on_case_forms_is_refused_without_error_pages() -> None:
    organization = OrganizationFactory()
    report = submit_report(organization).report
    intake = user_with_role(Role.INTAKE_OFFICER, organization=organization)
    handler = user_with_role(Role.INVESTIGATOR, organization=organization)
    assign(report, handler)
    assert (
        signed_in(intake).post(f"/cases/{report.pk}/assignment/", {"end": "abc"}).status_code == 404
    )
    refused = signed_in(intake).post(
        f"/cases/{report.pk}/assignment/", {"user": "999999", "kind": "handler"}
    )
    assert refused.status_code == 200
    assert "errorlist" in refused.content.decode()
    client = signed_in(handler)
    for path in ("notes", "messages", "status", "classify", "onward", "recuse"):
        assert client.post(f"/cases/{report.pk}/{path}/", {}).status_code == 302
    report.refresh_from_db()
    assert report.status == "received"
    assert report.assignments.filter(ended_at__isnull=True).count() == 1
