"""Editing services: published versions are immutable, new versions copy everything, the tree
order stays right through moves, reorders and deletions; every change is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.support.factories import BodyFactory, OrganizationFactory
from tests.support.frameworks_factories import FrameworkFactory, StatusScaleFactory, node_in
from tutela.audit.models import AuditEvent
from tutela.frameworks import services
from tutela.frameworks.models import Framework, Node
from tutela.organizations.models import PersonnelCategory

pytestmark = pytest.mark.django_db


def _tree(framework: Framework) -> list[tuple[str, str]]:
    return [
        (node.ref_id, node.sort_key)
        for node in Node.objects.filter(framework=framework).order_by("sort_key")
    ]


def _draft_with_tree() -> tuple[Framework, dict[str, Node]]:
    framework = services.framework_create(
        actor=None,
        slug="plan",
        title="Plan",
        kind="action_plan",
        owner_body=BodyFactory(),
        status_scale=StatusScaleFactory(),
    )
    nodes: dict[str, Node] = {}
    for area in ("1", "2"):
        nodes[area] = services.node_add(actor=None, framework=framework, type="area", ref_id=area)
        for point in ("1", "2", "3"):
            ref = f"{area}.{point}"
            nodes[ref] = services.node_add(
                actor=None, framework=framework, parent=nodes[area], type="action_point", ref_id=ref
            )
    return framework, nodes


def test_nodes_get_tree_order_sort_keys() -> None:
    framework, _ = _draft_with_tree()
    assert _tree(framework) == [
        ("1", "0001"), ("1.1", "0001.0001"), ("1.2", "0001.0002"), ("1.3", "0001.0003"),
        ("2", "0002"), ("2.1", "0002.0001"), ("2.2", "0002.0002"), ("2.3", "0002.0003"),
    ]  # fmt: skip


def test_moving_a_subtree_renumbers_old_and_new_siblings() -> None:
    framework, nodes = _draft_with_tree()
    services.node_add(actor=None, framework=framework, parent=nodes["1.2"], type="kpi", ref_id="k")
    services.node_move(actor=None, node=nodes["1.2"], new_parent=nodes["2"])
    assert _tree(framework) == [
        ("1", "0001"), ("1.1", "0001.0001"), ("1.3", "0001.0002"),
        ("2", "0002"), ("2.1", "0002.0001"), ("2.2", "0002.0002"), ("2.3", "0002.0003"),
        ("1.2", "0002.0004"), ("k", "0002.0004.0001"),
    ]  # fmt: skip
    with pytest.raises(ValidationError, match="under itself"):
        services.node_move(actor=None, node=nodes["2"], new_parent=Node.objects.get(ref_id="k"))
    assert AuditEvent.objects.filter(action="node.move").count() == 1


def test_moving_up_and_down_swaps_with_the_neighbour() -> None:
    framework, nodes = _draft_with_tree()
    services.node_reorder(actor=None, node=nodes["2"], direction="up")
    assert [ref for ref, _ in _tree(framework)][:4] == ["2", "2.1", "2.2", "2.3"]
    services.node_reorder(actor=None, node=nodes["2.1"], direction="down")
    services.node_reorder(actor=None, node=nodes["2.3"], direction="down")  # already last
    assert _tree(framework)[:4] == [
        ("2", "0001"),
        ("2.2", "0001.0001"),
        ("2.1", "0001.0002"),
        ("2.3", "0001.0003"),
    ]


def test_deleting_removes_the_subtree_and_closes_the_gap() -> None:
    framework, nodes = _draft_with_tree()
    services.node_delete(actor=None, node=nodes["1"])
    assert _tree(framework) == [
        ("2", "0001"), ("2.1", "0001.0001"), ("2.2", "0001.0002"), ("2.3", "0001.0003"),
    ]  # fmt: skip


def test_a_published_framework_refuses_every_edit() -> None:
    framework, nodes = _draft_with_tree()
    services.framework_publish(actor=None, framework=framework)
    category = PersonnelCategory.objects.create(code="consultants", name="Consultants")
    edits = [
        lambda: services.framework_update(
            actor=None,
            framework=framework,
            title="New",
            kind="workplan",
            status_scale=framework.status_scale,
        ),
        lambda: services.node_add(actor=None, framework=framework, type="area"),
        lambda: services.node_update(actor=None, node=nodes["1.1"], type="kpi"),
        lambda: services.node_move(actor=None, node=nodes["1.1"], new_parent=nodes["2"]),
        lambda: services.node_reorder(actor=None, node=nodes["1.2"], direction="up"),
        lambda: services.node_delete(actor=None, node=nodes["1.3"]),
        lambda: services.applicability_set(
            actor=None, node=nodes["1.1"], personnel_category=category, level="not_applicable"
        ),
        lambda: services.framework_publish(actor=None, framework=framework),
    ]
    before = _tree(framework)
    for edit in edits:
        with pytest.raises(ValidationError, match="is published and can no longer be changed"):
            edit()
    assert _tree(framework) == before


def test_a_new_version_copies_nodes_links_and_applicability() -> None:
    framework, nodes = _draft_with_tree()
    dpa, ohchr = OrganizationFactory(acronym="DPA"), OrganizationFactory(acronym="OHCHR")
    iasc = BodyFactory(acronym="IASC")
    category = PersonnelCategory.objects.create(code="interns", name="Interns")
    services.node_update(
        actor=None,
        node=nodes["1.1"],
        type="action_point",
        ref_id="1.1",
        text="Text as written",
        reportable=True,
        lead_organizations=[dpa],
        member_organizations=[ohchr],
        lead_bodies=[iasc],
        responsibility_note="DPA with OHCHR",
        flags=["no_consensus"],
        report_back_to=iasc,
    )
    services.applicability_set(
        actor=None, node=nodes["1.1"], personnel_category=category, level="needs_discussion"
    )
    services.framework_publish(actor=None, framework=framework)
    copy = services.framework_new_version(actor=None, framework=framework)
    assert (copy.version, copy.status, copy.previous_version_id) == (2, "draft", framework.pk)
    assert _tree(copy) == _tree(framework)
    copied = Node.objects.get(framework=copy, ref_id="1.1")
    assert copied.pk != nodes["1.1"].pk
    assert [o.acronym for o in copied.lead_organizations.all()] == ["DPA"]
    assert [o.acronym for o in copied.member_organizations.all()] == ["OHCHR"]
    assert [b.acronym for b in copied.lead_bodies.all()] == ["IASC"]
    assert (copied.flags, copied.reportable, copied.report_back_to) == (
        ["no_consensus"],
        True,
        iasc,
    )
    assert copied.applicability.get().level == "needs_discussion"
    assert copied.parent is not None
    assert copied.parent.framework_id == copy.pk
    services.node_update(actor=None, node=copied, type="action_point", ref_id="1.1", text="New")
    nodes["1.1"].refresh_from_db()
    assert nodes["1.1"].text == "Text as written"
    assert AuditEvent.objects.filter(
        action="framework.new_version", object_id=str(copy.pk)
    ).exists()


def test_a_draft_cannot_be_versioned_nor_an_empty_one_published() -> None:
    draft = FrameworkFactory(status="draft")
    with pytest.raises(ValidationError, match="still a draft"):
        services.framework_new_version(actor=None, framework=draft)
    with pytest.raises(ValidationError, match="without nodes"):
        services.framework_publish(actor=None, framework=draft)


def test_duplicate_references_are_refused() -> None:
    framework, _nodes = _draft_with_tree()
    with pytest.raises(ValidationError):
        services.node_add(actor=None, framework=framework, type="kpi", ref_id="1.1")
    node_in(framework, ref_id="")
    node_in(framework, ref_id="")  # empty references do not collide
