"""Every write of the screening module: listings (added, uploaded, removed) and checks. Each is
audited; an audit entry never carries an encoding."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tutela.audit.services import audit_record
from tutela.organizations.models import Organization
from tutela.screening import encoding as codec
from tutela.screening.access import screening_organization_ids
from tutela.screening.csvfiles import RowError, read_encoded
from tutela.screening.index import bump_version, current_index
from tutela.screening.models import (
    CheckKind,
    CheckMatch,
    Listing,
    ListingStatus,
    RemovalReason,
    ScreeningCheck,
)

TOP_K = 5
MAX_BATCH = 10_000
DEFAULT_DAILY_CHECKS = 20_000
DUPLICATE_REFERENCE = _lazy("Your organization already has a listing with this reference.")


class QuotaExceededError(Exception):
    """The organization has used its daily number of checked candidates."""


@dataclass(frozen=True)
class ListingTerms:
    """What a listing says besides the encoding."""

    category: str
    basis: str
    decided_on: datetime.date
    expires_on: datetime.date | None
    contact_point: str


@dataclass(frozen=True)
class Candidate:
    reference: str
    raw: bytes


def daily_quota() -> int:
    return int(getattr(settings, "TUTELA_SCREENING_DAILY_CHECKS", DEFAULT_DAILY_CHECKS))


def _require_officer(actor: Any, organization: Organization) -> None:
    if organization.pk not in screening_organization_ids(actor):
        raise PermissionDenied


def _new_listing(
    *, actor: Any, organization: Organization, reference: str, raw: bytes, terms: ListingTerms
) -> Listing:
    if Listing.objects.filter(organization=organization, reference=reference.strip()).exists():
        raise ValidationError({"reference": DUPLICATE_REFERENCE})
    listing = Listing(
        organization=organization,
        reference=reference.strip(),
        encoding=raw,
        popcount=codec.popcount(raw),
        category=terms.category,
        basis=terms.basis,
        decided_on=terms.decided_on,
        expires_on=terms.expires_on,
        contact_point=terms.contact_point.strip(),
        created_by=actor,
    )
    listing.full_clean()
    return listing


def _audit_listing(actor: Any, listing: Listing, action: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=listing,
        changes={
            "reference": listing.reference,
            "category": listing.category,
            "basis": listing.basis,
            "decided_on": listing.decided_on,
            "expires_on": listing.expires_on,
        },
    )


def listing_create(
    *, actor: Any, organization: Organization, reference: str, encoding: str, terms: ListingTerms
) -> Listing:
    _require_officer(actor, organization)
    try:
        raw = codec.decode(encoding)
    except codec.EncodingError as error:
        raise ValidationError({"encoding": str(error)}) from error
    with transaction.atomic():
        listing = _new_listing(
            actor=actor, organization=organization, reference=reference, raw=raw, terms=terms
        )
        try:
            with transaction.atomic():
                listing.save()
        except IntegrityError as error:
            raise ValidationError({"reference": DUPLICATE_REFERENCE}) from error
        bump_version()
        _audit_listing(actor, listing, "screening.listing_create")
    return listing


def listings_upload(
    *, actor: Any, organization: Organization, text: str, terms: ListingTerms
) -> list[Listing]:
    """All the rows of a file of encodings, or none: every rejected row is reported."""
    _require_officer(actor, organization)
    errors: list[str] = []
    rows = []
    for row in read_encoded(text):
        if isinstance(row, RowError):
            errors.append(str(row))
        else:
            rows.append(row)
    references = [row.reference for row in rows]
    taken = set(
        Listing.objects.filter(organization=organization, reference__in=references).values_list(
            "reference", flat=True
        )
    )
    seen: set[str] = set()
    for row in rows:
        if row.reference in taken or row.reference in seen:
            errors.append(
                _("row %(row)s: the reference %(reference)s is already used")
                % {"row": row.row, "reference": row.reference}
            )
        seen.add(row.reference)
    if not rows and not errors:
        errors.append(_("The file has no encodings."))
    if len(rows) > MAX_BATCH:
        errors.append(_("A file may hold at most %(max)s encodings.") % {"max": MAX_BATCH})
    if errors:
        raise ValidationError({"file": errors[:50]})
    with transaction.atomic():
        listings = [
            _new_listing(
                actor=actor,
                organization=organization,
                reference=row.reference,
                raw=row.raw,
                terms=terms,
            )
            for row in rows
        ]
        Listing.objects.bulk_create(listings)
        bump_version()
        audit_record(
            actor=actor,
            action="screening.listings_upload",
            target=organization,
            changes={"count": len(listings), "category": terms.category, "basis": terms.basis},
        )
    return listings


def listing_remove(*, actor: Any, listing: Listing, reason: str) -> Listing:
    """Removal on appeal, expiry or error: immediate (the encoding is erased and the index moves
    to a new version in the same transaction) and audited."""
    _require_officer(actor, listing.organization)
    if reason not in RemovalReason.values:
        raise ValidationError({"reason": _("Choose a reason for the removal.")})
    if listing.status == ListingStatus.REMOVED:
        return listing
    with transaction.atomic():
        listing.status = ListingStatus.REMOVED
        listing.removal_reason = reason
        listing.removed_at = timezone.now()
        listing.encoding = b""
        listing.popcount = 0
        listing.save(
            update_fields=[
                "status",
                "removal_reason",
                "removed_at",
                "encoding",
                "popcount",
                "updated_at",
            ]
        )
        bump_version()
        audit_record(
            actor=actor,
            action="screening.listing_remove",
            target=listing,
            changes={"reason": reason, "reference": listing.reference},
        )
    return listing


def checks_used_today(organization: Organization) -> int:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    used = ScreeningCheck.objects.filter(organization=organization, checked_at__gte=start)
    return int(used.aggregate(total=Sum("candidate_count"))["total"] or 0)


def check_run(
    *, actor: Any, organization: Organization, candidates: Sequence[Candidate], kind: str
) -> ScreeningCheck:
    """Compare candidates with every live listing; keep (and show) only possible matches, with
    the listing organization, its contact point and the listing reference."""
    _require_officer(actor, organization)
    if not candidates:
        raise ValidationError(_("There is no candidate to check."))
    if len(candidates) > MAX_BATCH:
        raise ValidationError(
            _("A batch may hold at most %(max)s candidates.") % {"max": MAX_BATCH}
        )
    if checks_used_today(organization) + len(candidates) > daily_quota():
        raise QuotaExceededError(
            _("Your organization has reached its daily quota of %(quota)s checked candidates.")
            % {"quota": daily_quota()}
        )
    index = current_index()
    found = [
        (candidate.reference, match)
        for candidate in candidates
        for match in index.search(candidate.raw, codec.THRESHOLD, TOP_K)
    ]
    today = timezone.localdate()
    live = {
        listing.pk: listing
        for listing in Listing.objects.filter(
            pk__in={match.listing_id for _, match in found}, status=ListingStatus.ACTIVE
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=today))
        .select_related("organization")
    }
    with transaction.atomic():
        check = ScreeningCheck.objects.create(
            organization=organization,
            checked_by=actor,
            checked_at=timezone.now(),
            kind=kind,
            candidate_count=len(candidates),
            match_count=0,
            threshold=codec.THRESHOLD,
        )
        matches = [
            CheckMatch(
                check_run=check,
                candidate_reference=reference[:100],
                listing=live[match.listing_id],
                listing_organization=live[match.listing_id].organization,
                listing_reference=live[match.listing_id].reference,
                contact_point=live[match.listing_id].contact_point,
                score=round(match.score, 4),
            )
            for reference, match in found
            if match.listing_id in live
        ]
        CheckMatch.objects.bulk_create(matches)
        check.match_count = len(matches)
        check.save(update_fields=["match_count"])
        audit_record(
            actor=actor,
            action="screening.check",
            target=check,
            changes={
                "organization": organization.acronym,
                "kind": kind,
                "candidates": len(candidates),
                "possible_matches": len(matches),
            },
        )
    return check


def single_check(
    *, actor: Any, organization: Organization, reference: str, encoding: str
) -> ScreeningCheck:
    try:
        raw = codec.decode(encoding)
    except codec.EncodingError as error:
        raise ValidationError({"encoding": str(error)}) from error
    return check_run(
        actor=actor,
        organization=organization,
        candidates=[Candidate(reference.strip() or "1", raw)],
        kind=CheckKind.SINGLE,
    )


def batch_check(*, actor: Any, organization: Organization, text: str) -> ScreeningCheck:
    candidates: list[Candidate] = []
    errors: list[str] = []
    for row in read_encoded(text):
        if isinstance(row, RowError):
            errors.append(str(row))
        else:
            candidates.append(Candidate(row.reference, row.raw))
    if errors:
        raise ValidationError({"file": errors[:50]})
    return check_run(
        actor=actor, organization=organization, candidates=candidates, kind=CheckKind.BATCH
    )
