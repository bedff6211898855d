"""The secretariat keeps the status scales: new scales, levels added, relabelled, deleted."""

from __future__ import annotations

import pytest

from tests.support.clients import signed_in
from tests.support.factories import BodyFactory, OrganizationFactory, user_with_role
from tests.support.frameworks_factories import StatusScaleFactory
from tests.support.monitoring_factories import fill, framework_with_nodes, open_cycle
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.frameworks.forms import contrast_ratio
from tutela.frameworks.models import StatusLevel, StatusScale

pytestmark = pytest.mark.django_db


def test_contrast_ratio_follows_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)


def test_the_secretariat_creates_a_scale_and_adds_a_level(secretariat_client: object) -> None:
    client = secretariat_client
    response = client.post(  # type: ignore[attr-defined]
        "/frameworks/scales/new/",
        {"code": "traffic-light", "name": "Traffic light", "description": "Three colours."},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    scale = StatusScale.objects.get(code="traffic-light")
    assert response["Location"] == f"/frameworks/scales/{scale.pk}/"

    url = f"/frameworks/scales/{scale.pk}/levels/add/"
    unreadable = {
        "code": "G",
        "label": "On track",
        "colour": "#1a7f3c",
        "text_colour": "#1b7f3d",
        "description": "",
    }
    response = client.post(url, unreadable)  # type: ignore[attr-defined]
    text = response.content.decode()
    assert response.status_code == 400
    assert "too close to the colour" in text
    assert 'value="On track"' in text  # what was typed is kept
    assert not scale.levels.exists()

    response = client.post(url, {**unreadable, "text_colour": "#ffffff"})  # type: ignore[attr-defined]
    assert response.status_code == 302
    level = scale.levels.get(code="G")
    assert level.label == "On track"
    assert AuditEvent.objects.filter(action="status_level.create", object_id=str(level.pk)).exists()

    page = client.get(f"/frameworks/scales/{scale.pk}/").content.decode()  # type: ignore[attr-defined]
    assert "Edit G" in page
    assert "Delete G" in page


def test_a_level_is_relabelled_but_its_code_stays(secretariat_client: object) -> None:
    scale = StatusScaleFactory()
    level = StatusLevel.objects.create(
        scale=scale, code="G", label="Done", colour="#1a7f3c", text_colour="#ffffff", order=5
    )
    response = secretariat_client.post(  # type: ignore[attr-defined]
        f"/frameworks/scales/levels/{level.pk}/edit/",
        {"label": "Achieved", "colour": "#1a7f3c", "text_colour": "#ffffff", "code": "Z"},
    )
    assert response.status_code == 302
    level.refresh_from_db()
    assert (level.code, level.label) == ("G", "Achieved")


def test_a_level_that_reports_name_cannot_be_deleted(secretariat_client: object) -> None:
    framework = framework_with_nodes(2)
    cycle = open_cycle(framework, [OrganizationFactory()])
    fill(cycle, "A")
    used = StatusLevel.objects.get(scale=framework.status_scale, code="A")
    unused = StatusLevel.objects.get(scale=framework.status_scale, code="N")
    response = secretariat_client.post(  # type: ignore[attr-defined]
        f"/frameworks/scales/levels/{used.pk}/delete/", follow=True
    )
    assert "is used by status reports and cannot be deleted" in response.content.decode()
    assert StatusLevel.objects.filter(pk=used.pk).exists()
    secretariat_client.post(f"/frameworks/scales/levels/{unused.pk}/delete/")  # type: ignore[attr-defined]
    assert not StatusLevel.objects.filter(pk=unused.pk).exists()
    assert AuditEvent.objects.filter(action="status_level.delete").count() == 1


def test_only_the_secretariat_edits_scales() -> None:
    scale = StatusScaleFactory()
    level = StatusLevel.objects.create(
        scale=scale, code="G", label="Done", colour="#1a7f3c", text_colour="#ffffff", order=5
    )
    focal_point = signed_in(user_with_role(Role.FOCAL_POINT, organization=OrganizationFactory()))
    assert focal_point.get("/frameworks/scales/new/").status_code == 403
    assert focal_point.get(f"/frameworks/scales/{scale.pk}/levels/add/").status_code == 404
    assert focal_point.get(f"/frameworks/scales/levels/{level.pk}/edit/").status_code == 404
    assert "Delete G" not in focal_point.get(f"/frameworks/scales/{scale.pk}/").content.decode()


@pytest.fixture
def secretariat_client() -> object:
    return signed_in(user_with_role(Role.SECRETARIAT, body=BodyFactory()))
