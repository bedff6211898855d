"""Administrators manage accounts and reference data in the admin; changes are audited."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support.clients import signed_in
from tests.support.factories import OrganizationFactory, user_with_role
from tutela.accounts.demo import administrator_permissions_grant
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _administrator() -> Client:
    user = user_with_role(Role.ADMINISTRATOR)
    administrator_permissions_grant(user)
    return signed_in(user)


def test_administrator_reaches_accounts_and_reference_data() -> None:
    client = _administrator()
    for url in (
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/membership/",
        "/admin/organizations/organization/",
        "/admin/organizations/unit/",
    ):
        assert client.get(url).status_code == 200, url


def test_others_do_not_reach_the_admin() -> None:
    viewer = user_with_role(Role.VIEWER, organization=OrganizationFactory())
    answer = signed_in(viewer).get("/admin/")
    assert answer.status_code == 302
    assert "/admin/login/" in answer["Location"]
    assert Client().get("/admin/accounts/user/").status_code == 302


def test_an_admin_change_is_audited() -> None:
    client = _administrator()
    organization = OrganizationFactory(acronym="UNOPS", name="Old name")
    answer = client.post(
        f"/admin/organizations/organization/{organization.pk}/change/",
        {
            "acronym": "UNOPS",
            "name": "United Nations Office for Project Services",
            "type": "programme",
            "aliases": "[]",
            "is_active": "on",
        },
    )
    assert answer.status_code == 302
    assert Organization.objects.get(pk=organization.pk).name.startswith("United Nations")
    assert AuditEvent.objects.filter(action="admin.organization.change").exists()
