"""The web shell: home, languages (Arabic right-to-left), error pages, security headers."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support.clients import signed_in
from tests.support.factories import OrganizationFactory, user_with_role
from tutela.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    answer = Client().get("/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")


def test_home_lists_the_roles_held() -> None:
    organization = OrganizationFactory(acronym="UNFPA")
    user = user_with_role(Role.FOCAL_POINT, organization=organization)
    text = signed_in(user).get("/").content.decode()
    assert "Focal point — UNFPA" in text


def test_menu_shows_the_audit_log_only_to_auditors() -> None:
    viewer = user_with_role(Role.VIEWER, organization=OrganizationFactory())
    auditor = user_with_role(Role.AUDITOR)
    assert 'href="/audit/"' not in signed_in(viewer).get("/").content.decode()
    assert 'href="/audit/"' in signed_in(auditor).get("/").content.decode()


def test_french_and_arabic() -> None:
    client = signed_in(user_with_role(Role.VIEWER, organization=OrganizationFactory()))
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    french = client.get("/directory/organizations/").content.decode()
    assert '<html lang="fr" dir="ltr">' in french
    assert "Organisations" in french
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    arabic = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic


def test_pages_carry_a_strict_content_security_policy() -> None:
    answer = Client().get("/accounts/login/")
    policy = answer["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert answer["X-Frame-Options"] == "DENY"


def test_a_missing_page_is_a_friendly_404() -> None:
    client = signed_in(user_with_role(Role.VIEWER, organization=OrganizationFactory()))
    answer = client.get("/directory/organizations/987654/")
    assert answer.status_code == 404
    assert "nothing you may see" in answer.content.decode()


def test_a_malformed_session_cookie_is_no_session() -> None:
    client = Client()
    client.cookies["sessionid"] = "abc\x00def-not-a-key"
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/me").status_code == 401
