"""Screening writes: listings owned and removed by their organization, checks audited, quotas,
and what the database holds."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from tests.support.factories import OrganizationFactory, user_with_role
from tests.support.screening_factories import (
    KEY,
    encoded,
    make_check,
    make_listing,
    officer,
    terms,
)
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.screening import encoding as codec
from tutela.screening import index, services
from tutela.screening.models import CheckMatch, Listing, ListingStatus

pytestmark = pytest.mark.django_db


def test_a_listing_is_found_by_another_organizations_check() -> None:
    unhcr, wfp = OrganizationFactory(acronym="UNHCR"), OrganizationFactory(acronym="WFP")
    listing = make_listing(
        unhcr, given="Dmitri", family="Volkov", born="1979-04-18", reference="UNHCR-1"
    )
    make_listing(unhcr, given="Anna", family="Schmidt", born="1979-04-18")
    checker = officer(wfp)
    check = services.single_check(
        actor=checker,
        organization=wfp,
        reference="Applicant 7",
        encoding=encoded("Дмитрий", "Волков", "1979-04-18"),
    )
    assert check.candidate_count == 1
    assert check.match_count == 1
    match = check.matches.get()
    assert (match.listing_reference, match.listing_organization, match.listing_id) == (
        "UNHCR-1",
        unhcr,
        listing.pk,
    )
    assert match.contact_point == listing.contact_point
    event = AuditEvent.objects.get(action="screening.check")
    assert event.actor == checker
    assert event.changes == {
        "organization": "WFP",
        "kind": "single",
        "candidates": 1,
        "possible_matches": 1,
    }


def test_removal_is_immediate_and_audited() -> None:
    unhcr, wfp = OrganizationFactory(), OrganizationFactory()
    owner = officer(unhcr)
    listing = make_listing(unhcr, actor=owner, given="Samir", family="Haddad")
    assert make_check(wfp, given="Samir", family="Haddad").match_count == 1
    services.listing_remove(actor=owner, listing=listing, reason="appeal")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.REMOVED
    assert bytes(listing.encoding) == b""
    assert make_check(wfp, given="Samir", family="Haddad").match_count == 0
    event = AuditEvent.objects.get(action="screening.listing_remove")
    assert event.actor == owner
    assert event.changes["reason"] == "appeal"


def test_an_expired_listing_no_longer_answers() -> None:
    unhcr, wfp = OrganizationFactory(), OrganizationFactory()
    make_listing(
        unhcr,
        given="Pieter",
        family="Dalen",
        decided_on=datetime.date(2010, 1, 1),
        expires_on=datetime.date(2011, 1, 1),
    )
    assert make_check(wfp, given="Pieter", family="Dalen").match_count == 0


def test_only_the_listing_organizations_officers_manage_it() -> None:
    unhcr, wfp = OrganizationFactory(), OrganizationFactory()
    listing = make_listing(unhcr)
    with pytest.raises(PermissionDenied):
        services.listing_remove(actor=officer(wfp), listing=listing, reason="error")
    with pytest.raises(PermissionDenied):
        make_listing(unhcr, actor=user_with_role(Role.INVESTIGATOR, organization=unhcr))
    with pytest.raises(PermissionDenied):
        make_check(wfp, actor=officer(unhcr))


def test_duplicate_reference_and_bad_encoding_are_refused() -> None:
    unhcr = OrganizationFactory()
    owner = officer(unhcr)
    make_listing(unhcr, actor=owner, reference="R1")
    with pytest.raises(ValidationError) as duplicate:
        make_listing(unhcr, actor=owner, reference="R1")
    assert "reference" in duplicate.value.message_dict
    with pytest.raises(ValidationError) as bad:
        services.listing_create(
            actor=owner,
            organization=unhcr,
            reference="R2",
            encoding="bm90IGFuIGVuY29kaW5n",
            terms=terms(),
        )
    assert "encoding" in bad.value.message_dict


def test_upload_is_all_or_nothing_with_every_rejected_row() -> None:
    unhcr = OrganizationFactory()
    owner = officer(unhcr)
    good = encoded("Ana", "Silva")
    text = f"reference,encoding\nA1,{good}\nA2,not-base64\nA1,{good}\n"
    with pytest.raises(ValidationError) as refused:
        services.listings_upload(actor=owner, organization=unhcr, text=text, terms=terms())
    messages = refused.value.message_dict["file"]
    assert any("row 3" in message for message in messages)
    assert any("row 4" in message and "already used" in message for message in messages)
    assert not Listing.objects.exists()
    created = services.listings_upload(
        actor=owner,
        organization=unhcr,
        text=f"reference,encoding\nA1,{good}\nA2,{good}\n",
        terms=terms(),
    )
    assert len(created) == 2
    assert AuditEvent.objects.filter(action="screening.listings_upload").count() == 1


def test_batch_check_and_daily_quota(settings: object) -> None:
    unhcr, wfp = OrganizationFactory(), OrganizationFactory()
    make_listing(unhcr, given="Lucía", family="Fernández", born="1990-10-09")
    checker = officer(wfp)
    text = (
        "reference,encoding\n"
        f"c1,{encoded('Lucia', 'Fernandez', '1990-10-09')}\n"
        f"c2,{encoded('Someone', 'Else', '1990-10-09')}\n"
    )
    check = services.batch_check(actor=checker, organization=wfp, text=text)
    assert (check.kind, check.candidate_count, check.match_count) == ("batch", 2, 1)
    assert check.matches.get().candidate_reference == "c1"
    settings.TUTELA_SCREENING_DAILY_CHECKS = 3  # type: ignore[attr-defined]
    with pytest.raises(services.QuotaExceededError):
        services.batch_check(actor=checker, organization=wfp, text=text)
    assert AuditEvent.objects.filter(action="screening.check").count() == 1


def test_the_index_follows_the_listing_version() -> None:
    unhcr = OrganizationFactory()
    make_listing(unhcr)
    first = index.current_index()
    assert index.current_index() is first
    make_listing(unhcr)
    second = index.current_index()
    assert second is not first
    assert len(second) == 2


def test_the_database_holds_no_name_or_birth_date() -> None:
    """Search every text and binary column of the screening tables for the people's names and
    dates of birth, in every form a careless implementation could store them."""
    unhcr, wfp = OrganizationFactory(), OrganizationFactory()
    people = [
        ("Dmitri", "Volkov", "1979-04-18"),
        ("Оксана", "Мельник", "1988-02-11"),
        ("خالد", "المصري", "1981-03-05"),
    ]
    for given, family, born in people:
        make_listing(unhcr, given=given, family=family, born=born)
        make_check(wfp, given=given, family=family)
    needles = set()
    for given, family, born in people:
        needles |= {
            given,
            family,
            born,
            born.replace("-", ""),
            codec.normalise(given),
            codec.normalise(family),
        }
    needles = {needle.lower() for needle in needles if len(needle) >= 4}
    tables = [
        "screening_listing",
        "screening_screeningcheck",
        "screening_checkmatch",
        "audit_auditevent",
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 — fixed table names
            for row in cursor.fetchall():
                text = " ".join(
                    bytes(value).decode("latin-1")
                    if isinstance(value, (bytes, memoryview))
                    else str(value)
                    for value in row
                ).lower()
                for needle in needles:
                    assert needle not in text, (table, needle)
    assert KEY.decode() not in str(list(Listing.objects.values_list("reference", "contact_point")))


def test_matches_carry_no_finding() -> None:
    fields = {field.name for field in CheckMatch._meta.get_fields()}
    assert not fields & {"category", "basis", "decided_on", "expires_on"}
