"""The directory pages: what a signed-in user sees, and what an organization keeps to itself."""

from __future__ import annotations

import pytest

from tests.support.clients import signed_in
from tests.support.factories import (
    BodyFactory,
    GroupFactory,
    OrganizationFactory,
    UnitFactory,
    UserFactory,
    user_with_role,
)
from tests.support.queries import assert_constant_queries
from tutela.accounts.models import Membership
from tutela.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_organization_list_filters_by_name_and_type() -> None:
    OrganizationFactory(acronym="UNHCR", name="Office of the UN High Commissioner for Refugees")
    OrganizationFactory(acronym="WHO", name="World Health Organization", type="specialized_agency")
    client = signed_in(UserFactory())
    text = client.get("/directory/organizations/", {"search": "refugees"}).content.decode()
    assert "UNHCR" in text
    assert "World Health" not in text
    text = client.get("/directory/organizations/", {"type": "specialized_agency"}).content.decode()
    assert "WHO" in text
    assert "UNHCR" not in text


def test_people_are_shown_only_to_their_own_organization() -> None:
    own, foreign = OrganizationFactory(), OrganizationFactory()
    focal_point = user_with_role(Role.FOCAL_POINT, organization=own)
    colleague = user_with_role(Role.VIEWER, organization=own)
    client = signed_in(focal_point)
    page = client.get(f"/directory/organizations/{own.pk}/people/")
    assert colleague.email in page.content.decode()
    assert client.get(f"/directory/organizations/{foreign.pk}/people/").status_code == 404
    assert client.get("/directory/organizations/999999/people/").status_code == 404
    detail = client.get(f"/directory/organizations/{foreign.pk}/").content.decode()
    assert "/people/" not in detail


def _client() -> object:
    return signed_in(user_with_role(Role.VIEWER, organization=OrganizationFactory()))


def test_list_and_detail_pages_have_constant_query_counts() -> None:
    client = _client()
    organization = OrganizationFactory()
    unit = UnitFactory(organization=organization)
    body = BodyFactory()
    group = GroupFactory(body=body)
    group.lead_organizations.add(organization)
    cases = {
        "/directory/organizations/": lambda n: OrganizationFactory.create_batch(n),
        f"/directory/organizations/{organization.pk}/": lambda n: UnitFactory.create_batch(
            n, organization=organization, parent=unit
        ),
        f"/directory/units/{unit.pk}/": lambda n: UnitFactory.create_batch(
            n, organization=organization, parent=unit
        ),
        "/directory/bodies/": lambda n: BodyFactory.create_batch(n, parent=body),
        f"/directory/bodies/{body.pk}/": lambda n: GroupFactory.create_batch(n, body=body),
        "/directory/groups/": lambda n: [
            GroupFactory().member_organizations.add(OrganizationFactory()) for _ in range(n)
        ],
        f"/directory/groups/{group.pk}/": lambda n: group.member_organizations.add(
            *OrganizationFactory.create_batch(n)
        ),
        f"/directory/organizations/{organization.pk}/people/": lambda n: [
            Membership.objects.create(user=UserFactory(), role="viewer", organization=organization)
            for _ in range(n)
        ],
    }
    administrator = signed_in(user_with_role(Role.ADMINISTRATOR))
    for url, add in cases.items():
        add(1)
        viewer_client = administrator if url.endswith("/people/") else client
        assert_constant_queries(lambda url=url, c=viewer_client: c.get(url), add)  # type: ignore[misc]


def test_api_lists_have_constant_query_counts() -> None:
    client = _client()
    organization = OrganizationFactory()
    cases = {
        "/api/v1/organizations": lambda n: OrganizationFactory.create_batch(n),
        "/api/v1/units": lambda n: UnitFactory.create_batch(n, organization=organization),
        "/api/v1/bodies": lambda n: BodyFactory.create_batch(n),
        "/api/v1/groups": lambda n: [
            GroupFactory().lead_organizations.add(organization) for _ in range(n)
        ],
    }
    for url, add in cases.items():
        add(1)  # at least one row, so prefetches run in the first count too
        assert_constant_queries(lambda url=url: client.get(url), add)  # type: ignore[attr-defined, misc]
