"""Intake by the web form and the app API: receipts, idempotent retries, proof of work,
attachment limits."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.support.cases_factories import solved_challenge, submit_report
from tests.support.factories import OrganizationFactory
from tutela.cases import receipts, services
from tutela.cases.models import Attachment, Report

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 a small test file"


def _payload(**changes: Any) -> dict[str, Any]:
    challenge, nonce = solved_challenge()
    payload = {
        "client_token": secrets.token_urlsafe(24),
        "challenge": challenge,
        "nonce": nonce,
        "category": "fraud",
        "what_happened": "Invoices were paid twice to the same supplier.",
        "when": "2026",
        "where": "Regional office",
        "reporter_is_affected": "no",
        "support_wanted": [],
    }
    payload.update(changes)
    return payload


def _post(organization_id: int, payload: dict[str, Any]) -> Any:
    return Client().post(
        f"/api/v1/cases/intake/{organization_id}/reports",
        json.dumps(payload),
        content_type="application/json",
    )


def test_the_api_returns_a_receipt_of_at_least_80_bits() -> None:
    organization = OrganizationFactory()
    response = _post(organization.pk, _payload())
    assert response.status_code == 201, response.json()
    receipt = response.json()["receipt"]
    parsed = receipts.receipt_parse(receipt)
    assert parsed is not None
    assert len(parsed.secret) * 5 >= 80
    assert Report.objects.get().intake == "app"


def test_a_retry_with_the_same_client_token_creates_no_second_report() -> None:
    organization = OrganizationFactory()
    payload = _payload()
    first = _post(organization.pk, payload)
    again = _post(organization.pk, payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["receipt"] == first.json()["receipt"]
    assert again.json()["repeated"] is True
    assert Report.objects.count() == 1


def test_the_receipt_copy_for_retries_is_wiped_at_first_sign_in() -> None:
    organization = OrganizationFactory()
    payload = _payload()
    receipt = _post(organization.pk, payload).json()["receipt"]
    services.reporter_sign_in(receipt_text=receipt)
    assert Report.objects.get().receipt_copy == ""
    again = _post(organization.pk, payload)
    assert again.status_code == 200
    assert again.json()["receipt"] == ""
    assert Report.objects.count() == 1


def test_a_submission_without_a_valid_proof_of_work_is_refused() -> None:
    organization = OrganizationFactory()
    challenge, _nonce = solved_challenge()
    # A nonce that does not solve this challenge (a fixed one would, one time in 2**bits).
    bits = int(challenge.split(".")[0])
    wrong = next(
        nonce
        for nonce in (f"not-a-solution-{n}" for n in range(1000))
        if receipts.leading_zero_bits(hashlib.sha256(f"{challenge}:{nonce}".encode()).digest())
        < bits
    )
    bad = _post(organization.pk, _payload(challenge=challenge, nonce=wrong))
    forged = _post(organization.pk, _payload(challenge="4.1.abc.forged", nonce="1"))
    assert bad.status_code == forged.status_code == 400
    assert "proof_of_work" in bad.json()["details"]
    assert Report.objects.count() == 0


def test_a_proof_of_work_is_spent_by_one_report_only() -> None:
    organization = OrganizationFactory()
    challenge, nonce = solved_challenge()
    first = _post(organization.pk, _payload(challenge=challenge, nonce=nonce))
    second = _post(organization.pk, _payload(challenge=challenge, nonce=nonce))
    assert first.status_code == 201
    assert second.status_code == 400
    assert Report.objects.count() == 1


def test_attachments_are_encrypted_and_checked_for_type_and_size(settings: Any) -> None:
    organization = OrganizationFactory()
    good = {"filename": "invoice.pdf", "content_base64": base64.b64encode(PDF).decode()}
    response = _post(organization.pk, _payload(attachments=[good]))
    assert response.status_code == 201
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert PDF not in bytes(attachment.sealed_content)
    assert b"invoice" not in attachment.sealed_name.encode()
    program = {"filename": "run.exe", "content_base64": base64.b64encode(b"MZ\x90\x00").decode()}
    refused = _post(organization.pk, _payload(attachments=[program]))
    assert refused.status_code == 400
    assert "attachments" in refused.json()["details"]
    big = services.Upload(name="big.txt", data=b"a" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError):
        services.attachments_check([big])
    assert Report.objects.count() == 1


def test_unknown_organization_and_bad_base64_are_clear_errors() -> None:
    assert _post(999_999, _payload()).status_code == 404
    organization = OrganizationFactory()
    bad = {"filename": "x.pdf", "content_base64": "%%%"}
    assert _post(organization.pk, _payload(attachments=[bad])).status_code == 400


def test_the_questionnaire_and_challenge_are_public() -> None:
    organization = OrganizationFactory()
    client = Client()
    questionnaire = client.get(f"/api/v1/cases/intake/{organization.pk}").json()
    assert "sexual_harassment" in questionnaire["categories"]
    challenge = client.get("/api/v1/cases/intake/challenge").json()
    assert challenge["bits"] == 4


def test_the_web_form_shows_the_receipt_once_and_keeps_input_on_error() -> None:
    organization = OrganizationFactory()
    client = Client()
    page = client.get(f"/cases/report/{organization.pk}/")
    assert page.status_code == 200
    form = page.context["form"]
    challenge = form.initial["challenge"]
    data = {
        "category": "sexual_harassment",
        "what_happened": "Unwelcome messages from a colleague.",
        "reporter_is_affected": "yes",
        "channel": "informal",
        "stay_anonymous": "on",
        "client_token": form.initial["client_token"],
        "challenge": challenge,
        "nonce": "",
    }
    refused = client.post(f"/cases/report/{organization.pk}/", data)
    assert refused.status_code == 200
    assert "Unwelcome messages from a colleague." in refused.content.decode()
    data["nonce"] = receipts.proof_solve(challenge)
    sent = client.post(f"/cases/report/{organization.pk}/", data)
    assert sent.status_code == 200
    receipt = sent.context["receipt"]
    assert receipt
    assert receipt in sent.content.decode()
    report = Report.objects.get()
    assert (report.intake, report.channel, report.is_anonymous) == ("web", "informal", True)
    download = client.post("/cases/report/receipt.txt", {"receipt": receipt})
    assert receipt in download.content.decode()
    assert "attachment" in download["Content-Disposition"]


def test_a_named_report_needs_a_name() -> None:
    organization = OrganizationFactory()
    submission = submit_report(
        organization, contact=services.ReporterContact(name="Named Reporter")
    )
    assert submission.report.is_anonymous is False


def test_an_organization_questionnaire_adds_questions_and_can_close() -> None:
    from tutela.cases.models import Questionnaire

    organization = OrganizationFactory()
    questionnaire = Questionnaire.objects.create(
        organization=organization,
        introduction="Report to the Ethics Office.",
        categories=["fraud", "other"],
        support_options=["legal"],
        extra_questions=[{"key": "duty_station", "label": "Which duty station?"}],
    )
    page = Client().get(f"/cases/report/{organization.pk}/").content.decode()
    assert "Which duty station?" in page
    assert "Report to the Ethics Office." in page
    assert "Sexual harassment" not in page
    accepted = _post(organization.pk, _payload(extra_answers={"duty_station": "Juba"}))
    assert accepted.status_code == 201
    box = services.report_box(Report.objects.get())
    assert '"duty_station": "Juba"' in box.open(Report.objects.get().answers, field="answers")
    assert _post(organization.pk, _payload(extra_answers={"other": "x"})).status_code == 400
    assert _post(organization.pk, _payload(category="sea")).status_code == 400
    questionnaire.is_open = False
    questionnaire.save()
    assert _post(organization.pk, _payload()).status_code == 400
    assert Report.objects.count() == 1


def test_proofs_of_work_expire_and_cannot_be_forged(settings: Any) -> None:
    import time

    challenge, nonce = solved_challenge()
    receipts.proof_check(challenge, nonce)
    bits, issued, random_part, _signature = challenge.split(".")
    forged = f"{bits}.{issued}.{random_part}.AAAAAAAAAAAAAAAAAAAAAA"
    with pytest.raises(receipts.ProofError):
        receipts.proof_check(forged, nonce)
    old_payload = f"{bits}.{int(time.time()) - 3600}.{random_part}"
    expired = f"{old_payload}.{receipts._sign(old_payload)}"
    with pytest.raises(receipts.ProofError, match="expired"):
        receipts.proof_check(expired, receipts.proof_solve(expired))
    settings.TUTELA_CASES_POW_BITS = 8
    with pytest.raises(receipts.ProofError, match="too easy"):
        receipts.proof_check(challenge, nonce)


def test_a_named_web_report_seals_the_name() -> None:
    from tutela.cases.models import ReporterIdentity

    organization = OrganizationFactory()
    client = Client()
    form = client.get(f"/cases/report/{organization.pk}/").context["form"]
    data = {
        "category": "fraud",
        "what_happened": "Kickbacks on fuel contracts.",
        "reporter_is_affected": "no",
        "channel": "formal",
        "client_token": form.initial["client_token"],
        "challenge": form.initial["challenge"],
        "nonce": receipts.proof_solve(form.initial["challenge"]),
    }
    refused = client.post(f"/cases/report/{organization.pk}/", data)
    assert "Give your name, or tick Stay anonymous." in refused.content.decode()
    data["name"] = "Jean Named"
    data["challenge"] = refused.context["form"].data["challenge"]
    data["nonce"] = receipts.proof_solve(data["challenge"])
    sent = client.post(f"/cases/report/{organization.pk}/", data)
    assert sent.context["receipt"]
    assert Report.objects.get().is_anonymous is False
    assert "Jean" not in ReporterIdentity.objects.get().sealed
