"""Victim support, apart from the investigation: seen by the support officer and by those
the affected person consented to; a referral is made only with consent."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.support.cases_factories import assign, submit_report
from tests.support.clients import signed_in
from tests.support.factories import OrganizationFactory, user_with_role
from tutela.accounts.roles import Role
from tutela.cases import services
from tutela.cases.models import Assignment, Referral, SupportPlan

pytestmark = pytest.mark.django_db


def test_the_support_plan_is_for_the_support_officer_and_consented_people() -> None:
    organization = OrganizationFactory()
    report = submit_report(organization).report
    officer = user_with_role(Role.SUPPORT_OFFICER, organization=organization)
    investigator = user_with_role(Role.INVESTIGATOR, organization=organization)
    assign(report, officer, Assignment.Kind.SUPPORT)
    assign(report, investigator)
    client = signed_in(officer)
    saved = client.post(
        f"/cases/{report.pk}/support/",
        {"retaliation_risk": "on", "measures": "Change of reporting line."},
    )
    assert saved.status_code == 302
    page = client.get(f"/cases/{report.pk}/support/").content.decode()
    assert "Change of reporting line." in page
    # The investigator handles the case but does not see the support plan…
    assert signed_in(investigator).get(f"/cases/{report.pk}/support/").status_code == 404
    assert (
        "Change of reporting line."
        not in signed_in(investigator).get(f"/cases/{report.pk}/").content.decode()
    )
    # …until the affected person consents.
    client.post(f"/cases/{report.pk}/support/consents/", {"user": investigator.pk})
    shown = signed_in(investigator).get(f"/cases/{report.pk}/support/")
    assert shown.status_code == 200
    assert "Change of reporting line." in shown.content.decode()
    assert shown.context["view"].may_edit is False
    plan = SupportPlan.objects.get(report=report)
    assert plan.retaliation_risk is True
    assert "reporting line" not in plan.sealed_measures


def test_a_referral_is_made_only_with_consent() -> None:
    organization = OrganizationFactory()
    report = submit_report(organization).report
    officer = user_with_role(Role.SUPPORT_OFFICER, organization=organization)
    assign(report, officer, Assignment.Kind.SUPPORT)
    with pytest.raises(ValidationError):
        services.referral_add(
            actor=officer, report=report, kind="medical", consent_given=False, details="", made=True
        )
    client = signed_in(officer)
    client.post(
        f"/cases/{report.pk}/support/referrals/",
        {"kind": "psychosocial", "consent_given": "on", "made": "on", "details": "Counsellor"},
    )
    client.post(f"/cases/{report.pk}/support/referrals/", {"kind": "legal", "details": ""})
    states = dict(Referral.objects.values_list("kind", "state"))
    assert states == {"psychosocial": "made", "legal": "proposed"}
    consents = dict(Referral.objects.values_list("kind", "consent_given"))
    assert consents == {"psychosocial": True, "legal": False}
