"""Screening test data: encodings made with a test key, listings and checks."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from tests.support.factories import user_with_role
from tutela.accounts.roles import Role
from tutela.organizations.models import Organization
from tutela.screening import encoding as codec
from tutela.screening import services
from tutela.screening.models import Listing, ListingBasis, ListingCategory, ScreeningCheck

KEY = b"test-screening-key-0123456789"
_numbers = itertools.count(1)


def encoded(given: str, family: str, born: str = "1980-01-01") -> str:
    return codec.encode(codec.Person(given, family, born), KEY)


def officer(organization: Organization) -> Any:
    return user_with_role(Role.SCREENING_OFFICER, organization=organization)


def terms(**overrides: Any) -> services.ListingTerms:
    values: dict[str, Any] = {
        "category": ListingCategory.SEXUAL_HARASSMENT,
        "basis": ListingBasis.FINDING,
        "decided_on": datetime.date(2024, 5, 1),
        "expires_on": None,
        "contact_point": "Screening desk (screening@example.org)",
    }
    values.update(overrides)
    return services.ListingTerms(**values)


def make_listing(
    organization: Organization,
    *,
    actor: Any = None,
    given: str = "",
    family: str = "",
    born: str = "1980-01-01",
    **overrides: Any,
) -> Listing:
    number = next(_numbers)
    return services.listing_create(
        actor=actor or officer(organization),
        organization=organization,
        reference=overrides.pop("reference", f"REF-{number}"),
        encoding=encoded(given or f"Given{number}x", family or f"Family{number}q", born),
        terms=terms(**overrides),
    )


def make_check(organization: Organization, *, actor: Any = None, **person: str) -> ScreeningCheck:
    return services.single_check(
        actor=actor or officer(organization),
        organization=organization,
        reference="Applicant 1",
        encoding=encoded(person.get("given", "Nobody"), person.get("family", "Atall")),
    )
