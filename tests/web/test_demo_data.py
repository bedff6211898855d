"""`tutela demo_data`: reproducible, idempotent, and every demo role can sign in."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from tutela.accounts.demo import DEMO_PASSWORD
from tutela.accounts.models import Membership, User
from tutela.accounts.roles import Role
from tutela.audit.verification import verify_chain
from tutela.organizations.models import Unit

pytestmark = pytest.mark.django_db


def test_every_demo_role_signs_in(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo_data", "--scale", "small", "--seed", "3")
    printed = capsys.readouterr().out
    assert DEMO_PASSWORD in printed
    for role in Role:
        membership = Membership.objects.filter(role=role.value).select_related("user").first()
        assert membership is not None, role
        assert membership.user.email in printed
        client = Client()
        answer = client.post(
            "/accounts/login/", {"username": membership.user.email, "password": DEMO_PASSWORD}
        )
        assert answer.status_code == 302, role
        home = client.get("/")
        if role.value in {
            "administrator",
            "secretariat",
            "custodian",
            "intake_officer",
            "investigator",
            "screening_officer",
        }:
            assert home["Location"].startswith("/accounts/two-factor/enrol/"), role
        else:
            assert home.status_code == 200, role


def test_demo_data_is_idempotent_and_audited() -> None:
    call_command("demo_data", "--seed", "3")
    counts = (User.objects.count(), Unit.objects.count(), Membership.objects.count())
    call_command("demo_data", "--seed", "3")
    assert (User.objects.count(), Unit.objects.count(), Membership.objects.count()) == counts
    assert Unit.objects.filter(type="mission", name="MONUSCO").exists()
    assert verify_chain().intact
