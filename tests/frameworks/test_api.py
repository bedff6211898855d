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


def test_the_literals_of_the_write_schema_follow_the_models() -> None:
    from typing import get_args

    from tutela.frameworks.api import FrameworkKindCode, NodeFlagCode, NodeTypeCode
    from tutela.frameworks.models import FrameworkKind, NodeFlag, NodeType

    assert get_args(FrameworkKindCode) == tuple(FrameworkKind.values)
    assert get_args(NodeTypeCode) == tuple(NodeType.values)
    assert get_args(NodeFlagCode) == tuple(NodeFlag.values)


def test_the_secretariat_builds_publishes_and_versions_a_framework_over_the_api() -> None:
    from tutela.audit.models import AuditEvent
    from tutela.frameworks.models import Framework

    body = BodyFactory(acronym="TF-SH")
    scale = StatusScaleFactory()
    OrganizationFactory(acronym="UNFPA")
    headers = token_headers(user_with_role(Role.SECRETARIAT, body=body))
    client = Client()

    def post(url: str, body: dict[str, object]) -> object:
        return client.post(url, body, content_type="application/json", **headers)

    response = post(
        "/api/v1/frameworks",
        {
            "slug": "sh-workplan-2027",
            "title": "Sexual harassment workplan 2027",
            "kind": "workplan",
            "owner_body": "TF-SH",
            "status_scale": scale.code,
            "source": "Task Force decision, 2026",
        },
    )
    assert response.status_code == 201, response.json()  # type: ignore[attr-defined]
    draft = response.json()  # type: ignore[attr-defined]
    assert (draft["status"], draft["version"], draft["owner_body"]) == ("draft", 1, "TF-SH")

    area = post(
        f"/api/v1/frameworks/drafts/{draft['id']}/nodes",
        {"type": "priority_area", "ref_id": "1", "title": "Prevention"},
    ).json()  # type: ignore[attr-defined]
    response = post(
        f"/api/v1/frameworks/drafts/{draft['id']}/nodes",
        {
            "parent_id": area["id"],
            "type": "action_point",
            "ref_id": "1.1",
            "text": "Roll out the code of conduct training.",
            "reportable": True,
            "lead_organizations": ["UNFPA"],
            "flags": ["no_consensus"],
            "due_date": "2027-06-30",
        },
    )
    assert response.status_code == 201, response.json()  # type: ignore[attr-defined]
    point = response.json()  # type: ignore[attr-defined]
    assert point["parent_id"] == area["id"]
    assert point["lead_organizations"] == ["UNFPA"]
    assert point["flags"] == ["no_consensus"]

    unknown = post(
        f"/api/v1/frameworks/drafts/{draft['id']}/nodes",
        {"type": "action_point", "lead_organizations": ["NOSUCH"]},
    )
    assert unknown.status_code == 400  # type: ignore[attr-defined]
    assert unknown.json()["details"] == {"lead_organizations": ["Unknown: NOSUCH."]}  # type: ignore[attr-defined]

    published = post(f"/api/v1/frameworks/drafts/{draft['id']}/publish", {})
    assert published.status_code == 200  # type: ignore[attr-defined]
    assert published.json()["status"] == "published"  # type: ignore[attr-defined]
    again = post(f"/api/v1/frameworks/drafts/{draft['id']}/nodes", {"type": "action_point"})
    assert again.status_code == 400  # type: ignore[attr-defined] — published is immutable

    version = post(f"/api/v1/frameworks/{draft['id']}/new-version", {})
    assert version.status_code == 201  # type: ignore[attr-defined]
    second = version.json()  # type: ignore[attr-defined]
    assert (second["version"], second["status"], second["previous_version_id"]) == (
        2,
        "draft",
        draft["id"],
    )
    assert Framework.objects.get(pk=second["id"]).nodes.count() == 2
    assert AuditEvent.objects.filter(action="framework.publish").count() == 1


def test_only_the_owner_bodys_secretariat_writes() -> None:
    body = BodyFactory(acronym="HLCM-X")
    scale = StatusScaleFactory()
    other = token_headers(user_with_role(Role.SECRETARIAT, body=BodyFactory()))
    response = Client().post(
        "/api/v1/frameworks",
        {
            "slug": "x",
            "title": "X",
            "kind": "workplan",
            "owner_body": "HLCM-X",
            "status_scale": scale.code,
        },
        content_type="application/json",
        **other,
    )
    assert response.status_code == 400
    assert response.json()["details"] == {"owner_body": ["Not a body whose secretariat you are."]}
    draft = FrameworkFactory(owner_body=body, status_scale=scale, status="draft")
    response = Client().post(
        f"/api/v1/frameworks/drafts/{draft.pk}/nodes",
        {"type": "action_point"},
        content_type="application/json",
        **other,
    )
    assert response.status_code == 404
