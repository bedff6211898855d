"""Signed-in test clients, with two-factor verification already done."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tutela.accounts.models import User
from tutela.accounts.services import api_token_create


def signed_in(user: User, client: Client | None = None) -> Client:
    """A client signed in as `user` whose session has passed two-factor verification."""
    client = client or Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "test"}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def token_headers(user: User) -> dict[str, str]:
    issued = api_token_create(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.plaintext}"}
