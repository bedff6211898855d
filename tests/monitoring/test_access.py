"""Who reads what: a focal point never reads another organization's drafts; viewers read their
organization's validated reports only; everybody reads a published dashboard's validated data."""

from __future__ import annotations

import pytest

from tests.support.clients import signed_in, token_headers
from tests.support.factories import OrganizationFactory, UserFactory, user_with_role
from tests.support.monitoring_factories import fill, framework_with_nodes, open_cycle
from tutela.accounts.roles import Role
from tutela.monitoring.models import CycleStatus, ReportState, StatusReport

pytestmark = pytest.mark.django_db


def _two_organizations() -> tuple[object, object, object, object]:
    framework = framework_with_nodes(2)
    own, other = OrganizationFactory(acronym="UNDP"), OrganizationFactory(acronym="UNHCR")
    cycle = open_cycle(framework, [own, other])
    fill(cycle, "A", state=ReportState.DRAFT, progress="Secret draft of UNHCR")
    return framework, own, other, cycle


def test_a_focal_point_never_reads_another_organizations_drafts() -> None:
    _framework, own, other, cycle = _two_organizations()
    focal_point = user_with_role(Role.FOCAL_POINT, organization=own)
    client = signed_in(focal_point)
    foreign = StatusReport.objects.filter(cycle=cycle, organization=other).first()
    mine = StatusReport.objects.filter(cycle=cycle, organization=own).first()
    assert foreign is not None
    assert mine is not None
    assert client.get(f"/monitoring/reports/{mine.pk}/").status_code == 200
    assert client.get(f"/monitoring/reports/{foreign.pk}/").status_code == 404
    assert client.post(f"/monitoring/reports/{foreign.pk}/save/", {}).status_code == 404
    page = client.get(
        f"/monitoring/cycles/{cycle.pk}/dashboard/organization/", {"organization": other.pk}
    )
    assert page.status_code == 404
    assert client.get(f"/monitoring/cycles/{cycle.pk}/dashboard/").status_code == 404
    headers = token_headers(focal_point)
    assert client.get(f"/api/v1/monitoring/reports/{foreign.pk}", **headers).status_code == 404
    listed = client.get(f"/api/v1/monitoring/cycles/{cycle.pk}/my-reports", **headers).json()
    assert {item["organization_id"] for item in listed["items"]} == {own.pk}
    # Even once validated, another organization's reports are not the focal point's business
    # until the dashboard is published.
    fill(cycle, "O", organization=other)
    assert client.get(f"/monitoring/reports/{foreign.pk}/").status_code == 404


def test_viewers_see_their_organizations_validated_reports_only() -> None:
    _framework, own, _other, cycle = _two_organizations()
    first, second = StatusReport.objects.filter(cycle=cycle, organization=own).order_by("pk")
    StatusReport.objects.filter(pk=first.pk).update(state=ReportState.SUBMITTED)
    fill(cycle, "O", organization=own, progress="Validated progress")
    StatusReport.objects.filter(pk=first.pk).update(
        state=ReportState.SUBMITTED, progress="Unvalidated progress", validated_at=None
    )
    client = signed_in(user_with_role(Role.VIEWER, organization=own))
    assert client.get(f"/monitoring/reports/{first.pk}/").status_code == 404
    assert client.get(f"/monitoring/reports/{second.pk}/").status_code == 200
    text = client.get(f"/monitoring/cycles/{cycle.pk}/dashboard/organization/").content.decode()
    assert "Validated progress" in text
    assert "Unvalidated progress" not in text
    assert client.get(f"/monitoring/cycles/{cycle.pk}/my-reports/").status_code == 404


def test_everybody_signed_in_reads_a_published_dashboard_without_unvalidated_data() -> None:
    _framework, own, other, cycle = _two_organizations()
    fill(cycle, "L", organization=own, progress="Validated UNDP progress")
    cycle.status = CycleStatus.PUBLISHED
    cycle.save()
    client = signed_in(UserFactory())
    dashboard = client.get(f"/monitoring/cycles/{cycle.pk}/dashboard/").content.decode()
    assert '">L</td>' in dashboard
    assert '">A</td>' not in dashboard
    node = StatusReport.objects.filter(cycle=cycle).first()
    assert node is not None
    text = client.get(
        f"/monitoring/cycles/{cycle.pk}/dashboard/node/", {"node": node.node_id}
    ).content.decode()
    assert "Validated UNDP progress" in text
    assert "Secret draft of UNHCR" not in text
    text = client.get(
        f"/monitoring/cycles/{cycle.pk}/dashboard/organization/", {"organization": other.pk}
    ).content.decode()
    assert "Secret draft of UNHCR" not in text
    api = client.get(
        f"/api/v1/monitoring/cycles/{cycle.pk}/dashboard", **token_headers(UserFactory())
    ).json()
    assert api["published_only"] is True
    assert "A" not in "".join(api["cells"])
    assert signed_in(UserFactory()).get("/monitoring/").status_code == 200
