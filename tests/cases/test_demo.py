"""The demo cases: every state, a support plan, disclosure requests, statistics."""

from __future__ import annotations

import random

import pytest

from tests.support.clients import signed_in
from tests.support.factories import user_with_role
from tutela.accounts.roles import Role
from tutela.cases import demo
from tutela.cases.models import DisclosureRequest, Report, SupportPlan
from tutela.common.demo import DemoContext
from tutela.organizations.models import Organization
from tutela.organizations.reference_data import reference_data_load

pytestmark = pytest.mark.django_db


def test_demo_fills_every_state_and_the_support_and_disclosure_pages() -> None:
    reference_data_load()
    unhcr = Organization.objects.get(acronym="UNHCR")
    context = DemoContext(rng=random.Random(1), scale="small")
    for role in (
        Role.INTAKE_OFFICER,
        Role.INVESTIGATOR,
        Role.SUPPORT_OFFICER,
        Role.CUSTODIAN,
    ):
        context.users_by_role[role.value] = user_with_role(role, organization=unhcr)
    demo.generate(context)
    demo.generate(context)  # a second run adds nothing
    states = set(Report.objects.filter(organization=unhcr).values_list("status", flat=True))
    assert states == {"received", "assessed", "referred", "under_investigation", "closed"}
    assert SupportPlan.objects.filter(retaliation_risk=True).exists()
    assert set(DisclosureRequest.objects.values_list("state", flat=True)) == {
        "pending",
        "approved",
    }
    assert any("receipt" in note for note in context.notes)
    investigator = context.users_by_role["investigator"]
    home = signed_in(investigator).get("/").content.decode()
    assert "Cases to report onward" in home
    custodian_home = signed_in(context.users_by_role["custodian"]).get("/").content.decode()
    assert "Identity disclosure requests to decide" in custodian_home
    for report in Report.objects.filter(organization=unhcr):
        assert signed_in(investigator).get(f"/cases/{report.pk}/").status_code == 200
