"""Framework pages: drafts are the owner secretariat's alone; editing through the web; YAML
import and export; scale colours as CSS; constant query counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.clients import signed_in
from tests.support.factories import BodyFactory, OrganizationFactory, user_with_role
from tests.support.frameworks_factories import FrameworkFactory, StatusScaleFactory, node_in
from tests.support.queries import assert_constant_queries
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.frameworks.loading import library_load
from tutela.frameworks.models import Framework, Node
from tutela.organizations.models import Body, PersonnelCategory
from tutela.organizations.reference_data import reference_data_load

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def test_a_draft_is_seen_only_by_the_owner_bodys_secretariat() -> None:
    body = BodyFactory()
    draft = FrameworkFactory(owner_body=body, status="draft", title="Secret draft")
    node = node_in(draft)
    published = FrameworkFactory(owner_body=body, title="Open plan")
    owner = signed_in(user_with_role(Role.SECRETARIAT, body=body))
    others = [
        signed_in(user_with_role(Role.SECRETARIAT, body=BodyFactory())),
        signed_in(user_with_role(Role.ADMINISTRATOR)),
        signed_in(user_with_role(Role.VIEWER, organization=OrganizationFactory())),
    ]
    for url in (f"/frameworks/{draft.pk}/", f"/frameworks/nodes/{node.pk}/",
                f"/frameworks/{draft.pk}/export/", f"/api/v1/frameworks/{draft.pk}"):  # fmt: skip
        assert owner.get(url).status_code == 200, url
        for client in others:
            assert client.get(url).status_code == 404, url
    for client in others:
        listing = client.get("/frameworks/").content.decode()
        assert "Open plan" in listing
        assert "Secret draft" not in listing
    assert "Secret draft" in owner.get("/frameworks/").content.decode()
    assert published.pk


def test_the_secretariat_builds_and_publishes_a_draft_in_the_browser() -> None:
    body = BodyFactory(acronym="HLCM-T")
    scale = StatusScaleFactory()
    client = signed_in(user_with_role(Role.SECRETARIAT, body=body))
    answer = client.post(
        "/frameworks/new/",
        {"title": "Plan", "slug": "plan", "kind": "action_plan", "owner_body": body.pk,
         "status_scale": scale.pk},
    )  # fmt: skip
    framework = Framework.objects.get(slug="plan")
    assert answer.status_code == 302
    for ref in ("1", "2"):
        client.post(
            f"/frameworks/drafts/{framework.pk}/nodes/add/", {"type": "area", "ref_id": ref}
        )
    area = Node.objects.get(framework=framework, ref_id="1")
    answer = client.post(
        f"/frameworks/drafts/{framework.pk}/nodes/add/",
        {"parent": area.pk, "type": "action_point", "ref_id": "1.1", "text": "Do it",
         "reportable": "on", "flags": ["no_consensus"]},
    )  # fmt: skip
    assert answer.status_code == 302
    point = Node.objects.get(ref_id="1.1", framework=framework)
    assert (point.parent_id, point.flags, point.reportable) == (area.pk, ["no_consensus"], True)
    second = Node.objects.get(framework=framework, ref_id="2")
    client.post(f"/frameworks/drafts/nodes/{second.pk}/up/")
    client.post(f"/frameworks/drafts/nodes/{point.pk}/move/", {"parent": second.pk})
    order = list(Node.objects.filter(framework=framework).values_list("ref_id", "sort_key"))
    assert sorted(order, key=lambda row: row[1]) == [
        ("2", "0001"),
        ("1.1", "0001.0001"),
        ("1", "0002"),
    ]
    category = PersonnelCategory.objects.create(code="interns", name="Interns")
    client.post(
        f"/frameworks/drafts/nodes/{point.pk}/applicability/",
        {"level_interns": "not_applicable", "notes_interns": "per HRN"},
    )
    assert point.applicability.get(personnel_category=category).notes == "per HRN"
    page = client.get(f"/frameworks/{framework.pk}/").content.decode()
    assert "No consensus" in page
    assert client.post(f"/frameworks/drafts/{framework.pk}/publish/").status_code == 302
    framework.refresh_from_db()
    assert framework.status == "published"
    refused = client.get(f"/frameworks/drafts/nodes/{point.pk}/edit/", follow=True)
    assert "is published and can no longer be changed" in refused.content.decode()
    client.post(f"/frameworks/{framework.pk}/new-version/")
    assert Framework.objects.get(slug="plan", version=2).nodes.count() == 3


def test_import_reports_every_problem_and_keeps_the_form() -> None:
    reference_data_load()
    library_load(directory=FIXTURES / "library")
    Framework.objects.all().delete()
    hlcm = Body.objects.get(acronym="HLCM")
    client = signed_in(user_with_role(Role.SECRETARIAT, body=hlcm))
    bad = SimpleUploadedFile("bad-plan.yaml", (FIXTURES / "bad-plan.yaml").read_bytes())
    page = client.post("/frameworks/import/", {"file": bad})
    text = page.content.decode()
    assert page.status_code == 200
    assert "6 problems: nothing was imported" in text
    assert "bad-plan.yaml:14: lead: unknown organization &quot;NOPE&quot;" in text
    assert 'type="file"' in text
    good = SimpleUploadedFile(
        "sample-plan.yaml", (FIXTURES / "library" / "sample-plan.yaml").read_bytes()
    )
    assert client.post("/frameworks/import/", {"file": good}).status_code == 302
    imported = Framework.objects.get(slug="sample-plan")
    assert (imported.status, imported.nodes.count()) == ("draft", 6)
    export = client.get(f"/frameworks/{imported.pk}/export/")
    assert export["Content-Type"].startswith("application/yaml")
    assert b'ref: "1.10"' in export.content or b"ref: '1.10'" in export.content
    assert AuditEvent.objects.filter(action="framework.export", object_id=str(imported.pk)).exists()
    elsewhere = signed_in(user_with_role(Role.SECRETARIAT, body=BodyFactory()))
    again = SimpleUploadedFile("x.yaml", export.content.replace(b"version: 1", b"version: 2"))
    refused = elsewhere.post("/frameworks/import/", {"file": again}).content.decode()
    assert "you are not the secretariat of HLCM" in refused


def test_the_scale_stylesheet_colours_each_level() -> None:
    scale = StatusScaleFactory(code="alon")
    client = signed_in(user_with_role(Role.VIEWER, organization=OrganizationFactory()))
    css = client.get("/frameworks/scales.css")
    assert css["Content-Type"].startswith("text/css")
    assert ".status-alon-a { background-color: #b2182b; color: #ffffff; }" in css.content.decode()
    page = client.get(f"/frameworks/scales/{scale.pk}/").content.decode()
    assert 'class="status-level status-alon-a"' in page
    assert "Action required" in page


def test_pages_have_constant_query_counts() -> None:
    body = BodyFactory()
    framework = FrameworkFactory(owner_body=body)
    area = node_in(framework, type="area", ref_id="1")
    first = node_in(framework, parent=area, ref_id="1.1")
    organization = OrganizationFactory()
    category = PersonnelCategory.objects.create(code="interns", name="Interns")

    def add_nodes(n: int) -> None:
        for _ in range(n):
            node = node_in(framework, parent=area)
            node.lead_organizations.add(organization)
            node.lead_bodies.add(body)
            node.applicability.create(personnel_category=category, level="not_applicable")

    client = signed_in(user_with_role(Role.SECRETARIAT, body=body))
    cases = {
        "/frameworks/": (lambda n: FrameworkFactory.create_batch(n, owner_body=body), 7),
        f"/frameworks/{framework.pk}/": (add_nodes, 11),
        f"/frameworks/{framework.pk}/applicability/": (add_nodes, 10),
        f"/frameworks/nodes/{area.pk}/": (add_nodes, 10),
        "/frameworks/scales/": (lambda n: StatusScaleFactory.create_batch(n), 6),
        f"/api/v1/frameworks/{framework.pk}/nodes": (add_nodes, 11),
        "/api/v1/frameworks": (lambda n: FrameworkFactory.create_batch(n, owner_body=body), 6),
    }
    for url, (add_rows, expected) in cases.items():
        assert_constant_queries(lambda url=url: client.get(url), add_rows, expected=expected)
    assert first.pk
