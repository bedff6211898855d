"""The frameworks API: lists and details for signed-in users, nodes in tree order, scales."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support.clients import token_headers
from tests.support.factories import BodyFactory, OrganizationFactory, user_with_role
from tests.support.frameworks_factories import FrameworkFactory, StatusScaleFactory, node_in
from tutela.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_nodes_come_in_tree_order_with_their_responsibility() -> None:
    framework = FrameworkFactory()
    second = node_in(framework, type="area", ref_id="2")
    first = node_in(framework, type="area", ref_id="1")
    point = node_in(framework, parent=second, ref_id="2.1", flags=["no_consensus"])
    point.lead_organizations.add(OrganizationFactory(acronym="DPA"))
    headers = token_headers(user_with_role(Role.VIEWER, organization=OrganizationFactory()))
    answer = (
        Client().get(f"/api/v1/frameworks/{framework.pk}/nodes", {"page_size": 2}, **headers).json()
    )
    assert answer["count"] == 3
    assert [n["ref_id"] for n in answer["items"]] == ["2", "2.1"]
    assert answer["items"][1]["lead_organizations"] == ["DPA"]
    assert answer["items"][1]["flags"] == ["no_consensus"]
    assert answer["items"][1]["depth"] == 1
    page_two = (
        Client()
        .get(f"/api/v1/frameworks/{framework.pk}/nodes", {"page_size": 2, "page": 2}, **headers)
        .json()
    )
    assert [n["ref_id"] for n in page_two["items"]] == [first.ref_id]


def test_lists_hide_other_bodies_drafts_and_filter_by_kind() -> None:
    body = BodyFactory(acronym="PC")
    FrameworkFactory(title="Published plan", owner_body=body)
    FrameworkFactory(title="Decisions", kind="decisions", owner_body=body)
    FrameworkFactory(title="Draft plan", status="draft", owner_body=body)
    viewer = token_headers(user_with_role(Role.VIEWER, organization=OrganizationFactory()))
    titles = [f["title"] for f in Client().get("/api/v1/frameworks", **viewer).json()["items"]]
    assert titles == ["Decisions", "Published plan"]
    only = Client().get("/api/v1/frameworks", {"kind": "decisions"}, **viewer).json()["items"]
    assert [(f["title"], f["owner_body"]) for f in only] == [("Decisions", "PC")]
    secretariat = token_headers(user_with_role(Role.SECRETARIAT, body=body))
    listing = Client().get("/api/v1/frameworks", **secretariat).json()["items"]
    assert "Draft plan" in [f["title"] for f in listing]


def test_scales_list_their_levels_with_css_classes() -> None:
    StatusScaleFactory(code="alon")
    headers = token_headers(user_with_role(Role.VIEWER, organization=OrganizationFactory()))
    scales = Client().get("/api/v1/frameworks/scales", **headers).json()["items"]
    assert [level["code"] for level in scales[0]["levels"]] == ["A", "O"]
    assert scales[0]["levels"][0]["css_class"] == "status-alon-a"
    assert Client().get("/api/v1/frameworks/scales").status_code == 401
