"""Monitoring API: cycles, a focal point's reports (read, save, submit) and dashboard data."""

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.params.functions import Path

from tutela.accounts.api_auth import acting_user
from tutela.common.api import ERROR_RESPONSES, MAX_ID, NO_NUL, PageNumber
from tutela.monitoring import selectors, services
from tutela.monitoring.dashboard import matrix, percent

API_PREFIX = "/monitoring"
router = Router(tags=["monitoring"])


class CycleOut(Schema):
    id: int
    title: str
    framework_id: int
    framework_slug: str = Field(..., alias="framework.slug")
    framework_version: int = Field(..., alias="framework.version")
    period_start: date
    period_end: date
    opens_on: date
    closes_on: date
    status: str
    participation: str


class ReportOut(Schema):
    id: int
    cycle_id: int
    organization_id: int
    node_id: int
    node_ref: str = Field(..., alias="node.ref_id")
    level: str | None
    progress: str
    constraints: str
    kpi_value: str
    evidence_links: list[str]
    state: str
    returned_comment: str
    submitted_at: datetime | None
    validated_at: datetime | None
    updated_at: datetime | None

    @staticmethod
    def resolve_level(obj: object) -> str | None:
        level = getattr(obj, "level", None)
        return level.code if level is not None else None


class ReportIn(Schema):
    level: str = Field(
        "", max_length=10, pattern=NO_NUL, description="A code of the scale, or empty"
    )
    progress: str = Field("", max_length=10_000, pattern=NO_NUL)
    constraints: str = Field("", max_length=10_000, pattern=NO_NUL)
    kpi_value: str = Field("", max_length=200, pattern=NO_NUL)
    evidence_links: list[Annotated[str, Field(max_length=2000, pattern=NO_NUL)]] = Field(
        default_factory=list, max_length=20
    )


class SubmitIn(Schema):
    organization_id: int | None = Field(None, ge=1, le=MAX_ID)


class SubmitOut(Schema):
    submitted: int
    without_status: int


class LevelOut(Schema):
    code: str
    label: str
    colour: str
    text_colour: str


class OrganizationColumnOut(Schema):
    id: int
    acronym: str
    type: str
    completeness: int | None


class NodeRowOut(Schema):
    id: int
    ref_id: str
    label: str
    completeness: int | None


class DashboardOut(Schema):
    cycle_id: int
    published_only: bool
    section_id: int | None
    levels: list[LevelOut]
    organizations: list[OrganizationColumnOut]
    nodes: list[NodeRowOut]
    cells: list[str] = Field(
        ...,
        description="One string per node, one character-group per organization, "
        "separated by '|': the status code, or empty when not reported",
    )
    changed: list[list[int]] = Field(
        ...,
        description="[node index, organization index] of cells changed since the previous cycle",
    )


class DashboardFilters(Schema):
    section_id: int | None = Field(None, ge=1, le=MAX_ID)
    organization_type: str = Field("", max_length=30, pattern=NO_NUL)
    status: str = Field("", max_length=10, pattern=NO_NUL)
    published: bool = False
    all_sections: bool = False


class MyReportFilters(Schema):
    organization_id: int | None = Field(None, ge=1, le=MAX_ID)


@router.get("/cycles", response={200: list[CycleOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def monitoring_cycle_list(request: HttpRequest) -> object:
    return selectors.cycle_list(user=acting_user(request))


@router.get("/cycles/{cycle_id}", response={200: CycleOut, **ERROR_RESPONSES})
def monitoring_cycle_detail(
    request: HttpRequest, cycle_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    return selectors.cycle_get(user=acting_user(request), cycle_id=cycle_id)


@router.get("/cycles/{cycle_id}/dashboard", response={200: DashboardOut, **ERROR_RESPONSES})
def monitoring_dashboard(
    request: HttpRequest,
    filters: Query[DashboardFilters],
    cycle_id: int = Path(..., ge=1, le=MAX_ID),
) -> object:
    user = acting_user(request)
    cycle = selectors.cycle_for_dashboard(user=user, cycle_id=cycle_id)
    m = matrix(
        user=user,
        cycle=cycle,
        section_id=filters.section_id,
        organization_type=filters.organization_type,
        level_code=filters.status,
        published_view=filters.published,
        all_sections=filters.all_sections,
    )
    organization_index = {o.id: index for index, o in enumerate(m.organizations)}
    node_index = {n.id: index for index, n in enumerate(m.nodes)}
    return {
        "cycle_id": cycle.pk,
        "published_only": m.published_only,
        "section_id": m.section.id if m.section else None,
        "levels": [
            {
                "code": level.code,
                "label": level.label,
                "colour": level.colour,
                "text_colour": level.text_colour,
            }
            for level in m.levels
        ],
        "organizations": [
            {
                "id": o.id,
                "acronym": o.acronym,
                "type": o.type,
                "completeness": percent(m.completeness_by_organization.get(o.id, (0, 0))),
            }
            for o in m.organizations
        ],
        "nodes": [
            {
                "id": n.id,
                "ref_id": n.ref_id,
                "label": n.label,
                "completeness": percent(m.completeness_by_node.get(n.id, (0, 0))),
            }
            for n in m.nodes
        ],
        "cells": ["|".join(m.code(n.id, o.id) for o in m.organizations) for n in m.nodes],
        "changed": sorted(
            [node_index[node_id], organization_index[organization_id]]
            for node_id, organization_id in m.changed
            if node_id in node_index and organization_id in organization_index
        ),
    }


@router.get("/cycles/{cycle_id}/my-reports", response={200: list[ReportOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def my_report_list(
    request: HttpRequest,
    filters: Query[MyReportFilters],
    cycle_id: int = Path(..., ge=1, le=MAX_ID),
) -> object:
    user = acting_user(request)
    cycle = selectors.my_cycle(user=user, cycle_id=cycle_id)
    organization = selectors.my_organization(
        user=user, cycle=cycle, organization_id=filters.organization_id
    )
    return selectors.my_reports(user=user, cycle=cycle, organization=organization)


@router.post("/cycles/{cycle_id}/my-reports/submit", response={200: SubmitOut, **ERROR_RESPONSES})
def my_reports_submit(
    request: HttpRequest, payload: SubmitIn, cycle_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    cycle = selectors.my_cycle(user=user, cycle_id=cycle_id)
    organization = selectors.my_organization(
        user=user, cycle=cycle, organization_id=payload.organization_id
    )
    return services.report_submit(actor=user, cycle=cycle, organization=organization)


@router.get("/reports/{report_id}", response={200: ReportOut, **ERROR_RESPONSES})
def status_report_detail(
    request: HttpRequest, report_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    return selectors.report_get(user=acting_user(request), report_id=report_id)


@router.post("/reports/{report_id}", response={200: ReportOut, **ERROR_RESPONSES})
def status_report_save(
    request: HttpRequest, payload: ReportIn, report_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    """Save a draft: the whole report (status code, narrative, constraints, KPI, links)."""
    user = acting_user(request)
    report = selectors.report_for_focal_point(user=user, report_id=report_id)
    level = None
    if payload.level:
        level = selectors.report_scale_level(report=report, code=payload.level)
        if level is None:
            raise ValidationError({"level": ["Not a status code of this framework's scale."]})
    return services.report_save(
        actor=user,
        report=report,
        level=level,
        progress=payload.progress,
        constraints=payload.constraints,
        kpi_value=payload.kpi_value,
        evidence_links=payload.evidence_links,
    )


@router.post("/reports/{report_id}/submit", response={200: ReportOut, **ERROR_RESPONSES})
def status_report_submit(
    request: HttpRequest, report_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    report = selectors.report_for_focal_point(user=user, report_id=report_id)
    services.report_submit(
        actor=user, cycle=report.cycle, organization=report.organization, report=report
    )
    return selectors.report_get(user=user, report_id=report_id)
