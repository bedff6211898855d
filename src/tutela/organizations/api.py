"""Read endpoints of the directory: organizations, units, bodies, groups."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.params.functions import Path

from tutela.accounts.api_auth import acting_user
from tutela.common.api import ERROR_RESPONSES, MAX_ID, NO_NUL, PageNumber
from tutela.organizations import selectors, services
from tutela.organizations.models import UnitType

API_PREFIX = "/"
router = Router(tags=["directory"])


class OrganizationOut(Schema):
    id: int
    acronym: str
    name: str
    type: str
    aliases: list[str]


class UnitOut(Schema):
    id: int
    organization_id: int
    parent_id: int | None
    name: str
    type: str
    country: str


class BodyOut(Schema):
    id: int
    acronym: str
    name: str
    kind: str
    parent_id: int | None
    host_organization_id: int | None


class GroupOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    body_id: int | None
    lead_organizations: list[str]
    member_organizations: list[str]

    @staticmethod
    def resolve_lead_organizations(obj: object) -> list[str]:
        return [o.acronym for o in obj.lead_organizations.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_member_organizations(obj: object) -> list[str]:
        return [o.acronym for o in obj.member_organizations.all()]  # type: ignore[attr-defined]


class OrganizationFilters(Schema):
    search: str = Field("", max_length=100, pattern=NO_NUL)
    type: str = Field("", max_length=30, pattern=NO_NUL)


@router.get("/organizations", response={200: list[OrganizationOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def organization_list(request: HttpRequest, filters: Query[OrganizationFilters]) -> object:
    return selectors.organization_list(
        user=acting_user(request), search=filters.search, type=filters.type
    )


@router.get("/organizations/{organization_id}", response={200: OrganizationOut, **ERROR_RESPONSES})
def organization_detail(
    request: HttpRequest, organization_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    return selectors.organization_get(user=acting_user(request), organization_id=organization_id)


class UnitFilters(Schema):
    organization_id: int | None = Field(None, ge=1, le=MAX_ID)


@router.get("/units", response={200: list[UnitOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def unit_list(request: HttpRequest, filters: Query[UnitFilters]) -> object:
    return selectors.unit_list(user=acting_user(request), organization_id=filters.organization_id)


class UnitIn(Schema):
    organization_id: int = Field(..., ge=1, le=MAX_ID)
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    name: str = Field(..., min_length=1, max_length=200, pattern=NO_NUL)
    type: UnitType
    country: str = Field("", pattern=r"^([A-Za-z]{2})?$")


@router.post("/units", response={201: UnitOut, **ERROR_RESPONSES})
def unit_create(request: HttpRequest, payload: UnitIn) -> object:
    user = acting_user(request)
    organization = selectors.organization_for_unit_management(
        user=user, organization_id=payload.organization_id
    )
    parent = (
        selectors.unit_parent_get(organization=organization, unit_id=payload.parent_id)
        if payload.parent_id
        else None
    )
    unit = services.unit_create(
        actor=user,
        organization=organization,
        name=payload.name,
        type=payload.type.value,
        parent=parent,
        country=payload.country,
    )
    return Status(201, unit)


@router.get("/units/{unit_id}", response={200: UnitOut, **ERROR_RESPONSES})
def unit_detail(request: HttpRequest, unit_id: int = Path(..., ge=1, le=MAX_ID)) -> object:
    return selectors.unit_get(user=acting_user(request), unit_id=unit_id)


@router.get("/bodies", response={200: list[BodyOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def body_list(request: HttpRequest) -> object:
    return selectors.body_list(user=acting_user(request))


@router.get("/bodies/{body_id}", response={200: BodyOut, **ERROR_RESPONSES})
def body_detail(request: HttpRequest, body_id: int = Path(..., ge=1, le=MAX_ID)) -> object:
    return selectors.body_get(user=acting_user(request), body_id=body_id)


@router.get("/groups", response={200: list[GroupOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def group_list(request: HttpRequest) -> object:
    return selectors.group_list(user=acting_user(request))


@router.get("/groups/{group_id}", response={200: GroupOut, **ERROR_RESPONSES})
def group_detail(request: HttpRequest, group_id: int = Path(..., ge=1, le=MAX_ID)) -> object:
    return selectors.group_get(user=acting_user(request), group_id=group_id)
