"""Signing in, throttling, and two-factor authentication for privileged roles."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.support.factories import OrganizationFactory, UserFactory, user_with_role
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def _sign_in(client: Client, email: str, password: str = PASSWORD) -> int:
    return client.post("/accounts/login/", {"username": email, "password": password}).status_code


def test_a_focal_point_signs_in_and_reaches_home() -> None:
    user = user_with_role(Role.FOCAL_POINT, organization=OrganizationFactory())
    client = Client()
    assert _sign_in(client, user.email) == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "Welcome" in home.content.decode()


def test_a_wrong_password_keeps_the_email_and_says_why() -> None:
    user = UserFactory()
    page = Client().post("/accounts/login/", {"username": user.email, "password": "nope"})
    assert page.status_code == 200
    text = page.content.decode()
    assert f'value="{user.email}"' in text
    assert "correct e-mail address and password" in text or "Please enter a correct" in text


def test_repeated_failures_lock_the_account_but_not_the_office() -> None:
    victim, colleague = UserFactory(), UserFactory()
    client = Client()
    for _ in range(5):
        _sign_in(client, victim.email, "wrong password")
    locked = client.post("/accounts/login/", {"username": victim.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # Same address, another account: not locked.
    assert _sign_in(Client(), colleague.email) == 302


@pytest.mark.parametrize(
    "role",
    [
        Role.ADMINISTRATOR,
        Role.SECRETARIAT,
        Role.CUSTODIAN,
        Role.INTAKE_OFFICER,
        Role.INVESTIGATOR,
        Role.SCREENING_OFFICER,
    ],
)
def test_privileged_roles_cannot_act_before_enrolling(role: Role) -> None:
    from tests.support.factories import BodyFactory

    scope = (
        {"body": BodyFactory()}
        if role == Role.SECRETARIAT
        else ({} if role == Role.ADMINISTRATOR else {"organization": OrganizationFactory()})
    )
    user = user_with_role(role, **scope)
    client = Client()
    _sign_in(client, user.email)
    answer = client.get("/directory/organizations/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/two-factor/enrol/")
    api = client.get("/api/v1/organizations")
    assert api.status_code == 403
    assert api.json()["code"] == "two_factor_required"


def test_enrolment_with_the_right_code_lets_them_in() -> None:
    user = user_with_role(Role.ADMINISTRATOR)
    client = Client()
    _sign_in(client, user.email)
    page = client.get("/accounts/two-factor/enrol/?next=/directory/bodies/")
    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/accounts/two-factor/enrol/", {"code": "000000", "next": "/"})
    if wrong.status_code == 200:  # "000000" could, once in a million, be the right code
        assert "not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # the user would wait out the delay a wrong code earns
    done = client.post(
        "/accounts/two-factor/enrol/",
        {"code": f"{totp(device.bin_key):06d}", "next": "/directory/bodies/"},
    )
    assert done.status_code == 302
    assert done["Location"] == "/directory/bodies/"
    assert client.get("/directory/organizations/").status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.enrol", object_id=str(user.pk)).exists()


def test_an_enrolled_user_is_asked_for_a_code_and_one_wrong_code_is_not_a_lockout() -> None:
    user = user_with_role(Role.CUSTODIAN, organization=OrganizationFactory())
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    _sign_in(client, user.email)
    assert client.get("/").headers["Location"].startswith("/accounts/two-factor/verify/")
    right = f"{totp(device.bin_key):06d}"
    wrong = "000000" if right != "000000" else "111111"
    answer = client.post("/accounts/two-factor/verify/", {"code": wrong, "next": "/"})
    text = answer.content.decode()
    assert "That code is not right" in text
    assert "Too many wrong codes" not in text
    device.refresh_from_db()
    device.throttle_reset()
    assert (
        client.post("/accounts/two-factor/verify/", {"code": right, "next": "/"}).status_code == 302
    )
    assert client.get("/").status_code == 200


def test_a_viewer_needs_no_second_factor() -> None:
    user = user_with_role(Role.VIEWER, organization=OrganizationFactory())
    client = Client()
    _sign_in(client, user.email)
    assert client.get("/directory/organizations/").status_code == 200
