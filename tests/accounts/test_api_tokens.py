"""API tokens: shown once, stored hashed, expiring, revocable, never falling back to a session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.support.clients import signed_in
from tests.support.factories import OrganizationFactory, user_with_role
from tutela.accounts.models import ApiToken
from tutela.accounts.roles import Role
from tutela.accounts.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer() -> object:
    return user_with_role(Role.VIEWER, organization=OrganizationFactory())


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_token_works_and_only_its_hash_is_stored(viewer: object) -> None:
    issued = api_token_create(user=viewer, name="export script")  # type: ignore[arg-type]
    answer = Client().get("/api/v1/me", **_bearer(issued.plaintext))
    assert answer.status_code == 200
    assert answer.json()["email"] == viewer.email  # type: ignore[attr-defined]
    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.plaintext.rsplit("_", 1)[1] not in stored.secret_hash
    assert stored.last_used_at is not None


def test_a_revoked_or_expired_token_is_refused(viewer: object) -> None:
    revoked = api_token_create(user=viewer, name="old")  # type: ignore[arg-type]
    api_token_revoke(user=viewer, token=revoked.token)  # type: ignore[arg-type]
    expired = api_token_create(user=viewer, name="expired")  # type: ignore[arg-type]
    ApiToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    for issued in (revoked, expired):
        answer = Client().get("/api/v1/me", **_bearer(issued.plaintext))
        assert answer.status_code == 401
        assert answer.json()["code"] == "not_authenticated"


def test_a_wrong_token_never_falls_back_to_the_session(viewer: object) -> None:
    client = signed_in(viewer)  # type: ignore[arg-type]
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/me", **_bearer("tut_nothing_here")).status_code == 401


def test_the_page_shows_a_new_token_once(viewer: object) -> None:
    client = signed_in(viewer)  # type: ignore[arg-type]
    created = client.post("/accounts/api-tokens/", {"name": "monthly export", "days": 30})
    assert created.status_code == 302
    shown = client.get("/accounts/api-tokens/").content.decode()
    assert 'id="issued-token"' in shown
    token = ApiToken.objects.get(user=viewer)
    assert f"tut_{token.prefix}_" in shown
    again = client.get("/accounts/api-tokens/").content.decode()
    assert 'id="issued-token"' not in again
    assert ApiToken.objects.filter(user=viewer).count() == 1


def test_a_bad_form_keeps_what_was_typed(viewer: object) -> None:
    page = signed_in(viewer).post(  # type: ignore[arg-type]
        "/accounts/api-tokens/", {"name": "nightly sync", "days": 999}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert 'value="nightly sync"' in text
    assert "less than or equal to 366" in text
    assert not ApiToken.objects.exists()


def test_someone_elses_token_cannot_be_revoked(viewer: object) -> None:
    other = user_with_role(Role.VIEWER, organization=OrganizationFactory())
    theirs = api_token_create(user=other, name="theirs").token
    answer = signed_in(viewer).post(f"/accounts/api-tokens/{theirs.pk}/revoke/")  # type: ignore[arg-type]
    assert answer.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
