"""Screening over the API: the organization's own listings and its checks. A check sends only
encodings (made with tutela screening_encode or encode.js) and answers with possible matches."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.params.functions import Path

from tutela.accounts.api_auth import acting_user
from tutela.common.api import ERROR_RESPONSES, MAX_ID, NO_NUL, PageNumber
from tutela.organizations.models import Organization
from tutela.screening import encoding as codec
from tutela.screening import selectors, services
from tutela.screening.models import ListingBasis, ListingCategory, ListingStatus, RemovalReason

API_PREFIX = "/screening"
router = Router(tags=["screening"])

ENCODING = r"^[A-Za-z0-9+/=\s]*$"


class ListingOut(Schema):
    id: int
    organization: str
    reference: str
    category: str
    basis: str
    decided_on: datetime.date
    expires_on: datetime.date | None
    contact_point: str
    status: str
    removal_reason: str
    removed_at: datetime.datetime | None

    @staticmethod
    def resolve_organization(obj: object) -> str:
        return obj.organization.acronym  # type: ignore[attr-defined,no-any-return]


class ListingIn(Schema):
    organization_id: int | None = Field(None, ge=1, le=MAX_ID)
    reference: str = Field(..., min_length=1, max_length=100, pattern=NO_NUL)
    encoding: str = Field(..., max_length=400, pattern=ENCODING)
    category: ListingCategory
    basis: ListingBasis
    decided_on: datetime.date
    expires_on: datetime.date | None = None
    contact_point: str = Field(..., min_length=1, max_length=200, pattern=NO_NUL)


class ListingRemoveIn(Schema):
    reason: RemovalReason


class ListingFilters(Schema):
    status: ListingStatus | None = None


class MatchOut(Schema):
    candidate_reference: str
    listing_organization: str
    contact_point: str
    listing_reference: str
    score: float

    @staticmethod
    def resolve_listing_organization(obj: object) -> str:
        return obj.listing_organization.acronym  # type: ignore[attr-defined,no-any-return]


class CheckOut(Schema):
    id: int
    organization: str
    checked_at: datetime.datetime
    kind: str
    candidate_count: int
    match_count: int
    threshold: float

    @staticmethod
    def resolve_organization(obj: object) -> str:
        return obj.organization.acronym  # type: ignore[attr-defined,no-any-return]


class CheckDetailOut(CheckOut):
    matches: list[MatchOut]


class CandidateIn(Schema):
    # Both checked in the view (422 with the candidate's number), not by patterns: patterns
    # inside a list of up to 10,000 objects make generated requests mostly invalid.
    reference: str = Field("", max_length=100)
    encoding: str = Field(..., max_length=400)


class CheckIn(Schema):
    organization_id: int | None = Field(None, ge=1, le=MAX_ID)
    candidates: list[CandidateIn] = Field(..., min_length=1, max_length=services.MAX_BATCH)


def _organization(request: HttpRequest, organization_id: int | None) -> Organization:
    """The organization the user screens for: the one named, or the only one they have."""
    organizations = list(selectors.screening_organizations(user=acting_user(request)))
    if not organizations:
        raise HttpError(403, "You may not do this.")
    if organization_id is None:
        if len(organizations) > 1:
            raise HttpError(422, "Name the organization (organization_id).")
        return organizations[0]
    for organization in organizations:
        if organization.pk == organization_id:
            return organization
    raise HttpError(422, "You are not a screening officer of that organization.")


def _invalid(error: ValidationError) -> HttpError:
    return HttpError(422, "; ".join(error.messages))


@router.get("/listings", response={200: list[ListingOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def screening_listing_list(request: HttpRequest, filters: Query[ListingFilters]) -> object:
    user = acting_user(request)
    if not selectors.may_screen(user=user):
        raise HttpError(403, "You may not do this.")
    status = filters.status.value if filters.status else ""
    return selectors.listing_list(user=user, status=status)


@router.post("/listings", response={200: ListingOut, **ERROR_RESPONSES})
def screening_listing_create(request: HttpRequest, payload: ListingIn) -> object:
    organization = _organization(request, payload.organization_id)
    try:
        return services.listing_create(
            actor=acting_user(request),
            organization=organization,
            reference=payload.reference,
            encoding=payload.encoding,
            terms=services.ListingTerms(
                category=payload.category.value,
                basis=payload.basis.value,
                decided_on=payload.decided_on,
                expires_on=payload.expires_on,
                contact_point=payload.contact_point,
            ),
        )
    except ValidationError as error:
        raise _invalid(error) from error


@router.get("/listings/{screening_listing_id}", response={200: ListingOut, **ERROR_RESPONSES})
def screening_listing_detail(
    request: HttpRequest, screening_listing_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    return selectors.listing_detail(user=acting_user(request), listing_id=screening_listing_id)


@router.post(
    "/listings/{screening_listing_id}/remove", response={200: ListingOut, **ERROR_RESPONSES}
)
def screening_listing_remove(
    request: HttpRequest,
    payload: ListingRemoveIn,
    screening_listing_id: int = Path(..., ge=1, le=MAX_ID),
) -> object:
    user = acting_user(request)
    listing = selectors.listing_detail(user=user, listing_id=screening_listing_id)
    return services.listing_remove(actor=user, listing=listing, reason=payload.reason.value)


@router.get("/checks", response={200: list[CheckOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def screening_check_list(request: HttpRequest) -> object:
    user = acting_user(request)
    if not selectors.may_screen(user=user):
        raise HttpError(403, "You may not do this.")
    return selectors.check_list(user=user)


def _check_detail(check: object) -> dict[str, object]:
    return {
        "id": check.pk,  # type: ignore[attr-defined]
        "organization": check.organization,  # type: ignore[attr-defined]
        "checked_at": check.checked_at,  # type: ignore[attr-defined]
        "kind": check.kind,  # type: ignore[attr-defined]
        "candidate_count": check.candidate_count,  # type: ignore[attr-defined]
        "match_count": check.match_count,  # type: ignore[attr-defined]
        "threshold": check.threshold,  # type: ignore[attr-defined]
        "matches": list(selectors.check_matches(check=check)),  # type: ignore[arg-type]
    }


class _CheckView:
    def __init__(self, check: object) -> None:
        self.__dict__.update(_check_detail(check))


@router.post("/checks", response={200: CheckDetailOut, **ERROR_RESPONSES})
def screening_check_create(request: HttpRequest, payload: CheckIn) -> object:
    organization = _organization(request, payload.organization_id)
    user = acting_user(request)
    candidates = []
    for number, candidate in enumerate(payload.candidates, start=1):
        if "\x00" in candidate.reference:
            raise HttpError(422, f"candidate {number}: the reference contains a NUL character")
        try:
            raw = codec.decode(candidate.encoding)
        except codec.EncodingError as error:
            raise HttpError(422, f"candidate {number}: {error}") from error
        candidates.append(services.Candidate(candidate.reference.strip() or str(number), raw))
    kind = "single" if len(candidates) == 1 else "batch"
    try:
        check = services.check_run(
            actor=user, organization=organization, candidates=candidates, kind=kind
        )
    except services.QuotaExceededError as error:
        raise HttpError(429, str(error)) from error
    except ValidationError as error:
        raise _invalid(error) from error
    return _CheckView(check)


@router.get("/checks/{screening_check_id}", response={200: CheckDetailOut, **ERROR_RESPONSES})
def screening_check_detail(
    request: HttpRequest, screening_check_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    check = selectors.check_detail(user=acting_user(request), check_id=screening_check_id)
    return _CheckView(check)
