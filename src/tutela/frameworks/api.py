"""Read endpoints for frameworks, their nodes in tree order, and status scales."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.params.functions import Path

from tutela.accounts.api_auth import acting_user
from tutela.common.api import ERROR_RESPONSES, MAX_ID, NO_NUL, PageNumber
from tutela.frameworks import selectors

API_PREFIX = "/frameworks"
router = Router(tags=["frameworks"])


class StatusLevelOut(Schema):
    code: str
    label: str
    description: str
    colour: str
    text_colour: str
    css_class: str


class StatusScaleOut(Schema):
    id: int
    code: str
    name: str
    description: str
    levels: list[StatusLevelOut]

    @staticmethod
    def resolve_levels(obj: object) -> list[object]:
        return list(obj.levels.all())  # type: ignore[attr-defined]


class FrameworkOut(Schema):
    id: int
    slug: str
    version: int
    title: str
    kind: str
    status: str
    owner_body: str
    status_scale: str
    source: str = Field(..., alias="source_citation")
    description: str
    published_at: datetime.datetime | None
    previous_version_id: int | None

    @staticmethod
    def resolve_owner_body(obj: object) -> str:
        return obj.owner_body.acronym  # type: ignore[attr-defined,no-any-return]

    @staticmethod
    def resolve_status_scale(obj: object) -> str:
        return obj.status_scale.code  # type: ignore[attr-defined,no-any-return]


class ApplicabilityOut(Schema):
    personnel_category: str
    level: str
    notes: str


class NodeOut(Schema):
    id: int
    parent_id: int | None
    sort_key: str
    depth: int
    ref_id: str
    type: str
    title: str
    text: str
    reportable: bool
    lead_organizations: list[str]
    member_organizations: list[str]
    lead_bodies: list[str]
    responsibility_note: str
    due_date: datetime.date | None
    milestone: str
    flags: list[str]
    report_back_to: str | None
    report_back_note: str
    applicability: list[ApplicabilityOut]

    @staticmethod
    def resolve_lead_organizations(obj: object) -> list[str]:
        return [o.acronym for o in obj.lead_organizations.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_member_organizations(obj: object) -> list[str]:
        return [o.acronym for o in obj.member_organizations.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_lead_bodies(obj: object) -> list[str]:
        return [b.acronym for b in obj.lead_bodies.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_report_back_to(obj: object) -> str | None:
        body = obj.report_back_to  # type: ignore[attr-defined]
        return body.acronym if body is not None else None

    @staticmethod
    def resolve_applicability(obj: object) -> list[dict[str, str]]:
        return [
            {"personnel_category": a.personnel_category.code, "level": a.level, "notes": a.notes}
            for a in obj.applicability.all()  # type: ignore[attr-defined]
        ]


class FrameworkFilters(Schema):
    kind: str = Field("", max_length=30, pattern=NO_NUL)
    owner_body_id: int | None = Field(None, ge=1, le=MAX_ID)


# Declared before "/{framework_id}" so "scales" is never read as an id.
@router.get("/scales", response={200: list[StatusScaleOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def status_scale_list(request: HttpRequest) -> object:
    return selectors.scale_list(user=acting_user(request))


@router.get("", response={200: list[FrameworkOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def framework_list(request: HttpRequest, filters: Query[FrameworkFilters]) -> object:
    return selectors.framework_list(
        user=acting_user(request), kind=filters.kind, owner_body_id=filters.owner_body_id
    )


@router.get("/{framework_id}", response={200: FrameworkOut, **ERROR_RESPONSES})
def framework_detail(
    request: HttpRequest, framework_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    return selectors.framework_get(user=acting_user(request), framework_id=framework_id)


@router.get("/{framework_id}/nodes", response={200: list[NodeOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def framework_node_list(
    request: HttpRequest, framework_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    framework = selectors.framework_get(user=user, framework_id=framework_id)
    return selectors.node_list(user=user, framework=framework)
