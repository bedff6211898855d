"""Frameworks over the API: read them, their nodes in tree order and the status scales; the
owner body's secretariat creates drafts, adds nodes, publishes and starts new versions."""

import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.params.functions import Path

from tutela.accounts.api_auth import acting_user
from tutela.common.api import ERROR_RESPONSES, MAX_ID, NO_NUL, PageNumber
from tutela.frameworks import selectors, services
from tutela.organizations.models import Body, Organization

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


# --- writing (the owner body's secretariat) --------------------------------------------------

# The models' choices as literals, so the schema lists them (a test keeps them in step).
FrameworkKindCode = Literal["principles", "action_plan", "workplan", "decisions", "strategy"]
NodeTypeCode = Literal[
    "heading",
    "area",
    "principle",
    "minimum_standard",
    "action",
    "action_point",
    "kpi",
    "priority_area",
    "sub_group",
    "initiative",
    "decision",
    "request",
    "prong",
    "checklist_stage",
    "checklist_item",
]
NodeFlagCode = Literal["no_consensus", "endorsed"]
SLUG = r"^[-a-zA-Z0-9_]+$"
ACRONYM = r"^[^\x00]{1,40}$"


class FrameworkIn(Schema):
    slug: str = Field(..., min_length=1, max_length=80, pattern=SLUG)
    title: str = Field(..., min_length=1, max_length=300, pattern=NO_NUL)
    kind: FrameworkKindCode
    owner_body: str = Field(..., description="The owner body's acronym.", pattern=ACRONYM)
    status_scale: str = Field(..., description="The status scale's code.", pattern=ACRONYM)
    source: str = Field("", max_length=2000, pattern=NO_NUL)
    description: str = Field("", max_length=10_000, pattern=NO_NUL)


class NodeIn(Schema):
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    type: NodeTypeCode
    ref_id: str = Field("", max_length=30, pattern=NO_NUL)
    title: str = Field("", max_length=300, pattern=NO_NUL)
    text: str = Field("", max_length=20_000, pattern=NO_NUL)
    reportable: bool = False
    lead_organizations: list[str] = Field([], max_length=100)
    member_organizations: list[str] = Field([], max_length=100)
    lead_bodies: list[str] = Field([], max_length=100)
    responsibility_note: str = Field("", max_length=2000, pattern=NO_NUL)
    due_date: datetime.date | None = None
    milestone: str = Field("", max_length=200, pattern=NO_NUL)
    flags: list[NodeFlagCode] = Field([], max_length=10)
    report_back_to: str | None = Field(None, pattern=ACRONYM)
    report_back_note: str = Field("", max_length=2000, pattern=NO_NUL)


def _by_acronym(
    request: HttpRequest, model: type[Organization] | type[Body], acronyms: list[str], field: str
) -> list[Any]:
    found = selectors.directory_by_acronym(
        user=acting_user(request), model=model, acronyms=acronyms
    )
    unknown = sorted(set(acronyms) - set(found))
    if unknown:
        raise ValidationError({field: [f"Unknown: {', '.join(unknown)}."]})
    return [found[acronym] for acronym in acronyms]


@router.post("", response={201: FrameworkOut, **ERROR_RESPONSES})
def framework_create(request: HttpRequest, payload: FrameworkIn) -> object:
    """Create a draft framework (version 1) for a body whose secretariat you are."""
    user = acting_user(request)
    bodies = selectors.creatable_bodies(user=user)
    owner_body = bodies.filter(acronym=payload.owner_body).first()
    if owner_body is None:
        raise ValidationError({"owner_body": ["Not a body whose secretariat you are."]})
    scale = selectors.scale_list(user=user).filter(code=payload.status_scale).first()
    if scale is None:
        raise ValidationError({"status_scale": ["Unknown status scale."]})
    framework = services.framework_create(
        actor=user,
        slug=payload.slug,
        title=payload.title,
        kind=payload.kind,
        owner_body=owner_body,
        status_scale=scale,
        source_citation=payload.source,
        description=payload.description,
    )
    return 201, selectors.framework_get(user=user, framework_id=framework.pk)


@router.post("/drafts/{draft_id}/nodes", response={201: NodeOut, **ERROR_RESPONSES})
def framework_node_add(
    request: HttpRequest, payload: NodeIn, draft_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    """Add a node to a draft, as the last child of `parent_id` (or the last top-level node)."""
    user = acting_user(request)
    framework = selectors.framework_for_editing(user=user, framework_id=draft_id)
    parent = None
    if payload.parent_id is not None:
        parent = selectors.parent_choices(framework=framework).filter(pk=payload.parent_id).first()
        if parent is None:
            raise ValidationError({"parent_id": ["Not a node of this framework."]})
    report_back_to = None
    if payload.report_back_to:
        report_back_to = _by_acronym(request, Body, [payload.report_back_to], "report_back_to")[0]
    node = services.node_add(
        actor=user,
        framework=framework,
        type=payload.type,
        parent=parent,
        ref_id=payload.ref_id,
        title=payload.title,
        text=payload.text,
        reportable=payload.reportable,
        lead_organizations=_by_acronym(
            request, Organization, payload.lead_organizations, "lead_organizations"
        ),
        member_organizations=_by_acronym(
            request, Organization, payload.member_organizations, "member_organizations"
        ),
        lead_bodies=_by_acronym(request, Body, payload.lead_bodies, "lead_bodies"),
        responsibility_note=payload.responsibility_note,
        due_date=payload.due_date,
        milestone=payload.milestone,
        flags=list(payload.flags),
        report_back_to=report_back_to,
        report_back_note=payload.report_back_note,
    )
    return 201, selectors.node_get(user=user, node_id=node.pk)


@router.post("/drafts/{draft_id}/publish", response={200: FrameworkOut, **ERROR_RESPONSES})
def framework_draft_publish(
    request: HttpRequest, draft_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    """Publish a draft: from then on it is immutable; changes need a new version."""
    user = acting_user(request)
    framework = selectors.framework_for_editing(user=user, framework_id=draft_id)
    services.framework_publish(actor=user, framework=framework)
    return selectors.framework_get(user=user, framework_id=framework.pk)


@router.post("/{framework_id}/new-version", response={201: FrameworkOut, **ERROR_RESPONSES})
def framework_version_create(
    request: HttpRequest, framework_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    """Start version N+1 of a published framework as a draft copy of it."""
    user = acting_user(request)
    framework = selectors.framework_for_editing(user=user, framework_id=framework_id)
    draft = services.framework_new_version(actor=user, framework=framework)
    return 201, selectors.framework_get(user=user, framework_id=draft.pk)
