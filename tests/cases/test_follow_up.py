"""The reporter's follow-up with the receipt: status, replies, answers, added information;
a wrong receipt and an expired one are answered alike and rate-limited."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.support.cases_factories import assign, submit_report
from tests.support.factories import OrganizationFactory, user_with_role
from tutela.accounts.roles import Role
from tutela.cases import receipts, services
from tutela.cases.models import Message, ReceiptThrottle

pytestmark = pytest.mark.django_db


def _case() -> tuple[Any, str, Any]:
    organization = OrganizationFactory()
    submission = submit_report(organization)
    handler = user_with_role(Role.INVESTIGATOR, organization=organization)
    assign(submission.report, handler)
    return submission.report, submission.receipt, handler


def test_the_reporter_reads_a_reply_and_answers_the_question() -> None:
    report, receipt, handler = _case()
    services.case_message_send(actor=handler, report=report, body="Thank you.", kind="message")
    question = services.case_message_send(
        actor=handler, report=report, body="Were there witnesses?", kind="question"
    )
    client = Client()
    signed = client.post("/cases/follow-up/", {"receipt": receipt})
    assert signed.status_code == 302
    page = client.get("/cases/follow-up/report/").content.decode()
    assert "Were there witnesses?" in page
    assert "Thank you." in page
    assert handler.email not in page  # handlers stay unnamed to the reporter
    sent = client.post(
        "/cases/follow-up/report/", {"body": "Yes, two colleagues.", "in_reply_to": question.pk}
    )
    assert sent.status_code == 302
    answer = Message.objects.get(from_reporter=True)
    assert (answer.kind, answer.in_reply_to_id) == ("answer", question.pk)
    assert "Yes, two colleagues." not in answer.sealed


def test_a_wrong_receipt_and_a_destroyed_case_get_the_same_answer() -> None:
    report, receipt, _handler = _case()
    wrong = Client().post("/cases/follow-up/", {"receipt": "ZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ"})
    report.delete()
    expired = Client().post("/cases/follow-up/", {"receipt": receipt})
    assert wrong.status_code == expired.status_code == 200
    assert wrong.context["form"].errors == expired.context["form"].errors


def test_failed_receipts_are_rate_limited_per_receipt() -> None:
    _report, receipt, _handler = _case()
    lookup = receipt.split("-")[0]
    wrong = lookup + "-0000-0000-0000-0000-0000"
    client = Client()
    statuses = [client.post("/cases/follow-up/", {"receipt": wrong}).status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    assert ReceiptThrottle.objects.get().lookup_digest != lookup  # a digest, not the id
    # Even the right receipt waits now; an unknown lookup id is limited the same way.
    assert client.post("/cases/follow-up/", {"receipt": receipt}).status_code == 429
    unknown = "ABCDEF-0000-0000-0000-0000-0000"
    for _ in range(5):
        client.post("/cases/follow-up/", {"receipt": unknown})
    assert client.post("/cases/follow-up/", {"receipt": unknown}).status_code == 429


def test_the_api_follow_up_for_apps() -> None:
    report, receipt, handler = _case()
    question = services.case_message_send(
        actor=handler, report=report, body="When exactly?", kind="question"
    )
    client = Client()
    status = client.post(
        "/api/v1/cases/reporter/status",
        json.dumps({"receipt": receipt}),
        content_type="application/json",
    ).json()
    assert status["status"] == "received"
    assert status["open_questions"] == [question.pk]
    replied = client.post(
        "/api/v1/cases/reporter/messages",
        json.dumps({"receipt": receipt, "body": "On 3 March.", "in_reply_to": question.pk}),
        content_type="application/json",
    ).json()
    assert replied["open_questions"] == []
    refused = client.post(
        "/api/v1/cases/reporter/status",
        json.dumps({"receipt": "ABCDEF-0000-0000-0000-0000-0001"}),
        content_type="application/json",
    )
    assert refused.status_code == 404
    assert refused.json()["code"] == "not_found"


def test_a_closed_case_takes_no_more_messages() -> None:
    report, receipt, handler = _case()
    services.case_status_change(actor=handler, report=report, status="closed", outcome="withdrawn")
    signed = services.reporter_sign_in(receipt_text=receipt)
    with pytest.raises(ValidationError):
        services.reporter_message_add(report=signed, body="One more thing.")


def test_receipts_forgive_case_and_confusable_letters() -> None:
    parsed = receipts.receipt_parse("abcdef-ghjk-mnpq-rstv-wxyz-o1il")
    assert parsed is not None
    assert parsed.secret.endswith("0111")
    assert receipts.receipt_parse("too short") is None
