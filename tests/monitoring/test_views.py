"""The monitoring pages: my reporting, the secretariat's review and the dashboard, with their
query counts pinned."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests.support.clients import signed_in
from tests.support.factories import OrganizationFactory, UserFactory, user_with_role
from tests.support.monitoring_factories import (
    add_nodes,
    add_reports,
    fill,
    framework_with_nodes,
    level,
    open_cycle,
    secretariat_of,
)
from tests.support.queries import assert_constant_queries
from tutela.accounts.roles import Role
from tutela.frameworks.models import Node
from tutela.monitoring.models import CycleStatus, ReportState, StatusReport

pytestmark = pytest.mark.django_db


def test_a_focal_point_fills_saves_and_submits_in_the_browser_form() -> None:
    framework = framework_with_nodes(3)
    organization = OrganizationFactory(acronym="UNHCR")
    cycle = open_cycle(framework, [organization], title="Spring 2026")
    client = signed_in(user_with_role(Role.FOCAL_POINT, organization=organization))
    page = client.get(f"/monitoring/cycles/{cycle.pk}/my-reports/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "UNHCR reporting: Spring 2026" in text
    assert "Limited action required/action initiated" in text
    assert 'type="radio"' in text
    first = StatusReport.objects.filter(cycle=cycle).order_by("node__sort_key").first()
    assert first is not None
    response = client.post(
        f"/monitoring/reports/{first.pk}/save/",
        {
            "level": level(framework, "L").pk,
            "progress": "Factsheets prepared for 12 duty stations.",
            "constraints": "",
            "kpi_value": "12",
            "evidence_links": "https://example.org/factsheets\n",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.level is not None
    assert first.level.code == "L"
    assert first.evidence_links == ["https://example.org/factsheets"]
    response = client.post(f"/monitoring/cycles/{cycle.pk}/my-reports/submit/", {})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.state == ReportState.SUBMITTED


def test_a_bad_link_keeps_what_was_typed() -> None:
    framework = framework_with_nodes(1)
    organization = OrganizationFactory()
    cycle = open_cycle(framework, [organization])
    client = signed_in(user_with_role(Role.FOCAL_POINT, organization=organization))
    report = StatusReport.objects.get(cycle=cycle)
    response = client.post(
        f"/monitoring/reports/{report.pk}/save/",
        {"progress": "Typed text kept", "evidence_links": "not a link"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Typed text kept" in text
    assert "is not a web address" in text


def test_the_secretariat_returns_one_and_validates_the_rest() -> None:
    framework = framework_with_nodes(3)
    organization = OrganizationFactory(acronym="WFP")
    cycle = open_cycle(framework, [organization])
    fill(cycle, "O", state=ReportState.SUBMITTED)
    client = signed_in(secretariat_of(framework))
    page = client.get(f"/monitoring/cycles/{cycle.pk}/review/", {"state": "submitted"})
    assert page.status_code == 200
    assert "WFP" in page.content.decode()
    reports = list(StatusReport.objects.filter(cycle=cycle).order_by("node__sort_key"))
    response = client.post(
        f"/monitoring/reports/{reports[0].pk}/return/", {"comment": "Which duty stations?"}
    )
    assert response.status_code == 302
    response = client.post(f"/monitoring/cycles/{cycle.pk}/review/validate/", {"scope": "all"})
    assert response.status_code == 302
    states = dict(StatusReport.objects.values_list("pk", "state"))
    assert states[reports[0].pk] == ReportState.RETURNED
    assert {states[r.pk] for r in reports[1:]} == {ReportState.VALIDATED}


def _dashboard_world(orgs: int = 3, nodes: int = 4) -> tuple[object, object, list[object]]:
    framework = framework_with_nodes(nodes, slug="doc-monitoring")
    organizations = [OrganizationFactory(acronym=f"AG{i}") for i in range(orgs)]
    previous = open_cycle(framework, organizations, title="2025", period_start=date(2025, 1, 1))
    fill(previous, "A")
    previous.status = CycleStatus.CLOSED
    previous.save()
    cycle = open_cycle(framework, organizations, title="2026", period_start=date(2026, 1, 1))
    fill(cycle, "L")
    return framework, cycle, organizations


def test_the_dashboard_shows_letters_colours_completeness_and_changes() -> None:
    framework, cycle, organizations = _dashboard_world()
    first = StatusReport.objects.filter(cycle=cycle, organization=organizations[0]).first()
    assert first is not None
    StatusReport.objects.filter(pk=first.pk).update(state=ReportState.DRAFT, level=None)
    client = signed_in(secretariat_of(framework))
    text = client.get(f"/monitoring/cycles/{cycle.pk}/dashboard/").content.decode()
    scale = framework.status_scale.code
    assert f'<td class="status-{scale}-l changed">L' in text
    assert '<span class="visually-hidden">changed</span>' in text
    assert "not reported" in text
    assert "75%" in text  # AG0 reported on 3 of its 4 nodes
    assert "67%" in text  # the first node: 2 of 3 organizations reported
    assert "AG1" in text


def test_the_status_filter_keeps_matching_cells() -> None:
    framework, cycle, organizations = _dashboard_world()
    StatusReport.objects.filter(cycle=cycle, organization=organizations[1]).update(
        level=level(framework, "N")
    )
    client = signed_in(secretariat_of(framework))
    text = client.get(f"/monitoring/cycles/{cycle.pk}/dashboard/", {"status": "N"}).content.decode()
    assert '-n changed">N' in text
    assert '-l changed">L' not in text


def test_dashboard_queries_do_not_grow_with_organizations_or_nodes() -> None:
    framework, cycle, organizations = _dashboard_world(orgs=2, nodes=2)
    client = signed_in(secretariat_of(framework))
    heading = Node.objects.get(framework=framework, parent__isnull=True)

    def add_rows(count: int) -> None:
        new = [OrganizationFactory() for _ in range(count)]
        cycle.organizations.add(*new)
        add_nodes(framework, heading, count)
        add_reports(cycle, [*organizations, *new])
        fill(cycle, "O")

    url = f"/monitoring/cycles/{cycle.pk}/dashboard/"
    assert_constant_queries(lambda: client.get(url), add_rows, expected=12)
    api = f"/api/v1/monitoring/cycles/{cycle.pk}/dashboard"
    assert_constant_queries(lambda: client.get(api), add_rows, expected=12)


def test_large_frameworks_are_shown_one_section_at_a_time() -> None:
    framework = framework_with_nodes(60, sections=2)
    organization = OrganizationFactory()
    cycle = open_cycle(framework, [organization])
    client = signed_in(secretariat_of(framework))
    text = client.get(f"/monitoring/cycles/{cycle.pk}/dashboard/").content.decode()
    assert ">1.60</a>" in text
    assert ">2.1</a>" not in text
    second = Node.objects.get(framework=framework, ref_id="S2")
    text = client.get(
        f"/monitoring/cycles/{cycle.pk}/dashboard/", {"section": second.pk}
    ).content.decode()
    assert ">2.1</a>" in text


def test_the_published_dashboard_shows_validated_reports_to_everybody() -> None:
    framework, cycle, organizations = _dashboard_world()
    StatusReport.objects.filter(cycle=cycle, organization=organizations[0]).update(
        state=ReportState.SUBMITTED, level=level(framework, "N")
    )
    anybody = signed_in(UserFactory())
    url = f"/monitoring/cycles/{cycle.pk}/dashboard/"
    assert anybody.get(url).status_code == 404
    cycle.status = CycleStatus.PUBLISHED
    cycle.save()
    text = anybody.get(url).content.decode()
    assert "Published view" in text
    assert '">N</td>' not in text
    assert '">L</td>' in text


def test_node_and_organization_pages() -> None:
    framework, cycle, organizations = _dashboard_world()
    client = signed_in(secretariat_of(framework))
    node = Node.objects.filter(framework=framework, reportable=True).order_by("sort_key").first()
    assert node is not None
    page = client.get(f"/monitoring/cycles/{cycle.pk}/dashboard/node/", {"node": node.pk})
    text = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in text
    assert "<title" in text
    assert "Guidance issued to all duty stations." in text
    page = client.get(
        f"/monitoring/cycles/{cycle.pk}/dashboard/organization/",
        {"organization": organizations[1].pk},
    )
    assert page.status_code == 200
    assert "AG1: status reports" in page.content.decode()


def test_list_pages_have_constant_query_counts() -> None:
    framework = framework_with_nodes(2)
    organization = OrganizationFactory()
    cycle = open_cycle(framework, [organization])
    focal_point = user_with_role(Role.FOCAL_POINT, organization=organization)
    secretariat = secretariat_of(framework)
    heading = Node.objects.get(framework=framework, parent__isnull=True)

    def add_rows(count: int) -> None:
        add_nodes(framework, heading, count)
        add_reports(cycle, [organization])
        fill(cycle, "O", state=ReportState.SUBMITTED)

    cases: list[tuple[Client, str]] = [
        (signed_in(focal_point), f"/monitoring/cycles/{cycle.pk}/my-reports/"),
        (signed_in(secretariat), f"/monitoring/cycles/{cycle.pk}/review/"),
        (signed_in(secretariat), "/monitoring/"),
        (signed_in(focal_point), "/monitoring/my-reporting/"),
        (signed_in(secretariat), f"/monitoring/cycles/{cycle.pk}/dashboard/organization/"),
    ]
    for client, url in cases:
        assert client.get(url).status_code == 200, url
        try:
            assert_constant_queries(lambda c=client, u=url: c.get(u), add_rows)
        except AssertionError as error:
            raise AssertionError(f"{url}: {error}") from error


def test_home_panels_for_focal_points_and_the_secretariat() -> None:
    framework = framework_with_nodes(2)
    organization = OrganizationFactory()
    cycle = open_cycle(framework, [organization], title="Autumn review")
    fill(cycle, "O", state=ReportState.SUBMITTED)
    StatusReport.objects.filter(cycle=cycle).first()
    focal_point = signed_in(user_with_role(Role.FOCAL_POINT, organization=organization))
    text = focal_point.get("/").content.decode()
    assert "Reporting due" in text
    assert "Autumn review" in text
    secretariat = signed_in(secretariat_of(framework))
    text = secretariat.get("/").content.decode()
    assert "Submissions waiting for validation" in text
    assert "2 reports waiting" in text
