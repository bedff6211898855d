"""Identity disclosure: a handler asks with a reason, a custodian approves or denies with a
reason, and only then, for that handler only, the identity is unwrapped. No custodian means
no disclosure — never an automatic approval."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.support.cases_factories import assign, submit_report
from tests.support.clients import signed_in
from tests.support.factories import OrganizationFactory, UserFactory, user_with_role
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.cases import services
from tutela.cases.models import DisclosureRequest, ReporterIdentity

pytestmark = pytest.mark.django_db

REASON = "We need to interview the reporter as the only witness."


def _named_case() -> tuple:  # type: ignore[type-arg]
    organization = OrganizationFactory()
    report = submit_report(
        organization,
        contact=services.ReporterContact(name="Fatou Witness", email="fatou@example.org"),
    ).report
    handler = user_with_role(Role.INVESTIGATOR, organization=organization)
    assign(report, handler)
    return organization, report, handler


def _stored_identity(report_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sealed, wrapped_identity_key FROM cases_reporteridentity WHERE report_id = %s",
            [report_id],
        )
        return " ".join(cursor.fetchone())


def test_the_identity_is_disclosed_only_after_approval_and_only_to_the_requester() -> None:
    organization, report, handler = _named_case()
    custodian = user_with_role(Role.CUSTODIAN, organization=organization)
    colleague = user_with_role(Role.INVESTIGATOR, organization=organization)
    assign(report, colleague)
    assert "Fatou" not in _stored_identity(report.pk)
    case_page = signed_in(handler).get(f"/cases/{report.pk}/").content.decode()
    assert "Fatou" not in case_page
    signed_in(handler).post(f"/cases/{report.pk}/disclosure/", {"reason": REASON})
    request = DisclosureRequest.objects.get()
    assert request.wrapped_grant == ""
    assert signed_in(handler).get(f"/cases/disclosures/{request.pk}/identity/").status_code == 404
    custodian_client = signed_in(custodian)
    decide = custodian_client.get(f"/cases/disclosures/{request.pk}/")
    assert REASON in decide.content.decode()
    custodian_client.post(
        f"/cases/disclosures/{request.pk}/",
        {"decision": "approve", "reason": "Proportionate and necessary."},
    )
    request.refresh_from_db()
    assert request.state == "approved"
    assert request.wrapped_grant
    shown = signed_in(handler).get(f"/cases/disclosures/{request.pk}/identity/")
    assert "Fatou Witness" in shown.content.decode()
    assert signed_in(colleague).get(f"/cases/disclosures/{request.pk}/identity/").status_code == 404
    assert custodian_client.get(f"/cases/disclosures/{request.pk}/identity/").status_code == 404
    # Still ciphertext in the database after the disclosure.
    assert "Fatou" not in _stored_identity(report.pk)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"cases.disclosure_request", "cases.disclosure_decide", "cases.identity_read"} <= actions


def test_a_denied_request_discloses_nothing() -> None:
    organization, report, handler = _named_case()
    custodian = user_with_role(Role.CUSTODIAN, organization=organization)
    request = services.disclosure_request(actor=handler, report=report, reason=REASON)
    services.disclosure_decide(
        actor=custodian, request=request, approve=False, reason="Not necessary at this stage."
    )
    with pytest.raises(ValidationError):
        services.identity_reveal(actor=handler, request=request)
    assert signed_in(handler).get(f"/cases/disclosures/{request.pk}/identity/").status_code == 404


def test_without_a_custodian_no_one_can_ever_disclose() -> None:
    _organization, report, handler = _named_case()
    request = services.disclosure_request(actor=handler, report=report, reason=REASON)
    administrator = UserFactory(is_staff=True, is_superuser=True)
    foreign_custodian = user_with_role(Role.CUSTODIAN, organization=OrganizationFactory())
    for actor in (handler, administrator, foreign_custodian):
        with pytest.raises(ValidationError):
            services.disclosure_decide(
                actor=actor, request=request, approve=True, reason="Approving it myself."
            )
        assert signed_in(actor).get(f"/cases/disclosures/{request.pk}/").status_code in (403, 404)
    request.refresh_from_db()
    assert (request.state, request.wrapped_grant) == ("pending", "")
    with pytest.raises(ValidationError):
        services.identity_reveal(actor=handler, request=request)
    assert "Fatou" not in _stored_identity(report.pk)
    assert ReporterIdentity.objects.get(report=report).sealed


def test_an_anonymous_report_has_no_identity_to_request() -> None:
    organization = OrganizationFactory()
    report = submit_report(organization).report
    handler = user_with_role(Role.INVESTIGATOR, organization=organization)
    with pytest.raises(ValidationError):
        services.disclosure_request(actor=handler, report=report, reason=REASON)
