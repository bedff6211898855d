"""The surveys demo: the example survey with a round answered by the demo organizations,
consents given, and the repository's folder."""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command

from tests.support.clients import signed_in
from tests.support.factories import user_with_role
from tutela.accounts.roles import Role
from tutela.common.demo import DemoContext
from tutela.organizations.models import Body, Group, Organization
from tutela.organizations.reference_data import reference_data_load
from tutela.surveys import demo
from tutela.surveys.models import Consent, Document, Response, ResponseStatus, Survey

pytestmark = pytest.mark.django_db


def test_demo_builds_an_answered_round_consents_and_the_repository() -> None:
    reference_data_load()
    hlcm = Body.objects.get(acronym="HLCM")
    unhcr = Organization.objects.get(acronym="UNHCR")
    context = DemoContext(rng=random.Random(1), scale="small")
    context.users_by_role["secretariat"] = user_with_role(Role.SECRETARIAT, body=hlcm)
    context.users_by_role["focal_point"] = user_with_role(Role.FOCAL_POINT, organization=unhcr)
    member = user_with_role(Role.GROUP_MEMBER, group=Group.objects.get(code="sg-1"))

    demo.generate(context)
    demo.generate(context)  # a second run adds nothing

    survey = Survey.objects.get(source_filename=demo.SEXUAL_HARASSMENT)
    round_ = survey.rounds.get()
    submitted = Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED)
    assert submitted.count() >= 15
    assert submitted.filter(version=2).exists()
    assert Response.objects.filter(round=round_, status=ResponseStatus.DRAFT).exists()
    assert not Response.objects.filter(organization=unhcr).exists()
    assert Consent.objects.filter(revoked_at=None).count() == 7
    assert Document.objects.count() == 3
    back_to_office = Survey.objects.get(source_filename=demo.BACK_TO_OFFICE)
    second, third = back_to_office.rounds.order_by("opens_on")
    assert second.responses.filter(status=ResponseStatus.SUBMITTED).count() == (
        second.invitations.count()
    )
    assert third.responses.count() < third.invitations.count()
    page = signed_in(member).get(f"/surveys/rounds/{round_.pk}/results/").content.decode()
    assert "Areas most in need of improvement" in page
    assert "Results by organization" in page
    focal = signed_in(context.users_by_role["focal_point"])
    assert focal.get(f"/surveys/rounds/{round_.pk}/answer/").status_code == 200


def test_the_examples_command_loads_and_refreshes() -> None:
    reference_data_load()
    call_command("load_example_surveys")
    call_command("load_example_surveys")
    assert Survey.objects.filter(is_example=True).count() == 2
