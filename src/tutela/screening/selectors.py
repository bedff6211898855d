"""Every read of the screening module; each takes the acting user and shows only the listings and
checks of the organizations where the user is a screening officer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tutela.organizations.models import Organization
from tutela.screening.access import screening_organization_ids
from tutela.screening.models import CheckMatch, Listing, ScreeningCheck


def screening_organizations(*, user: Any) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=screening_organization_ids(user)).order_by("acronym")


def may_screen(*, user: Any) -> bool:
    return bool(screening_organization_ids(user))


def require_screening_officer(*, user: Any) -> set[int]:
    """The user's screening organizations; anyone else may not use the module's pages (403)."""
    ids = screening_organization_ids(user)
    if not ids:
        raise PermissionDenied
    return ids


def listing_list(*, user: Any, status: str = "") -> QuerySet[Listing]:
    """The user's organizations' own listings (never another organization's)."""
    listings = Listing.objects.filter(
        organization_id__in=require_screening_officer(user=user)
    ).select_related("organization")
    if status:
        listings = listings.filter(status=status)
    return listings.defer("encoding")


def listing_detail(*, user: Any, listing_id: int) -> Listing:
    return get_object_or_404(
        Listing.objects.filter(organization_id__in=screening_organization_ids(user))
        .select_related("organization", "created_by")
        .defer("encoding"),
        pk=listing_id,
    )


def check_list(*, user: Any) -> QuerySet[ScreeningCheck]:
    return ScreeningCheck.objects.filter(
        organization_id__in=require_screening_officer(user=user)
    ).select_related("organization", "checked_by")


def check_detail(*, user: Any, check_id: int) -> ScreeningCheck:
    return get_object_or_404(
        ScreeningCheck.objects.filter(
            organization_id__in=screening_organization_ids(user)
        ).select_related("organization", "checked_by"),
        pk=check_id,
    )


def check_matches(*, check: ScreeningCheck) -> QuerySet[CheckMatch]:
    """A check's possible matches: contact and reference only (the check was already allowed)."""
    return check.matches.select_related("listing_organization").only(
        "candidate_reference",
        "listing_reference",
        "contact_point",
        "score",
        "check_run_id",
        "listing_organization__acronym",
        "listing_organization__name",
    )
