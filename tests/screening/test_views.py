"""Screening pages: an officer's own listings only, forms that keep what was typed, results that
show only the contact and reference, and pinned query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.support.clients import signed_in
from tests.support.factories import OrganizationFactory
from tests.support.queries import assert_constant_queries
from tests.support.screening_factories import encoded, make_check, make_listing, officer
from tutela.screening.models import CheckMatch, Listing, ListingStatus, ScreeningCheck

pytestmark = pytest.mark.django_db


def test_listing_list_shows_only_own_listings() -> None:
    unhcr, wfp = OrganizationFactory(), OrganizationFactory()
    make_listing(unhcr, reference="OURS-1", basis="pending")
    make_listing(wfp, reference="THEIRS-1")
    page = signed_in(officer(unhcr)).get(reverse("screening:listing_list")).content.decode()
    assert "OURS-1" in page
    assert "Separated with allegations pending" in page
    assert "THEIRS-1" not in page
    assert "1 listing" in page


def test_foreign_listing_and_check_are_404() -> None:
    unhcr, wfp = OrganizationFactory(), OrganizationFactory()
    listing, check = make_listing(wfp), make_check(wfp)
    client = signed_in(officer(unhcr))
    for url in [
        reverse("screening:listing_detail", args=[listing.pk]),
        reverse("screening:listing_remove", args=[listing.pk]),
        reverse("screening:check_detail", args=[check.pk]),
    ]:
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("screening:listing_remove", args=[listing.pk]), {"reason": "error"}
        ).status_code
        == 404
    )
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.ACTIVE


def test_create_listing_keeps_what_was_typed_on_error() -> None:
    unhcr = OrganizationFactory()
    client = signed_in(officer(unhcr))
    data = {
        "organization": unhcr.pk,
        "reference": "R-77",
        "category": "sexual_harassment",
        "basis": "finding",
        "decided_on": "2024-02-01",
        "expires_on": "2023-01-01",
        "contact_point": "Desk",
        "encoding": "garbage",
    }
    response = client.post(reverse("screening:listing_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "not base64" in page
    assert 'value="R-77"' in page
    data["encoding"] = encoded("Ana", "Silva")
    page = client.post(reverse("screening:listing_create"), data).content.decode()
    assert "The expiry date must come after" in page
    data["expires_on"] = ""
    response = client.post(reverse("screening:listing_create"), data)
    listing = Listing.objects.get(reference="R-77")
    assert response.status_code == 302
    assert response["Location"] == reverse("screening:listing_detail", args=[listing.pk])


def test_the_encoder_fields_are_never_sent() -> None:
    unhcr = OrganizationFactory()
    page = signed_in(officer(unhcr)).get(reverse("screening:check_create")).content.decode()
    for field in ["screening-given", "screening-family", "screening-dob", "screening-key"]:
        tag = page[page.index(f'id="{field}"') - 60 : page.index(f'id="{field}"') + 60]
        assert "name=" not in tag.split("<input")[-1], tag
    assert "screening/encode.js" in page


def test_check_shows_contact_and_reference_only() -> None:
    unhcr, wfp = OrganizationFactory(acronym="UNHCR"), OrganizationFactory(acronym="WFP")
    make_listing(
        wfp,
        given="Jean-Baptiste",
        family="Mukendi",
        born="1976-06-30",
        reference="WFP-2025-03",
        category="sexual_exploitation_abuse",
        contact_point="OIG screening desk",
    )
    client = signed_in(officer(unhcr))
    response = client.post(
        reverse("screening:check_create"),
        {
            "organization": unhcr.pk,
            "reference": "App-9",
            "encoding": encoded("Jean Baptiste", "Moukendi", "1976-06-30"),
        },
    )
    check = ScreeningCheck.objects.get()
    assert response["Location"] == reverse("screening:check_detail", args=[check.pk])
    page = client.get(response["Location"]).content.decode()
    assert "WFP-2025-03" in page
    assert "OIG screening desk" in page
    assert "App-9" in page
    assert "exploitation" not in page.lower()


def test_batch_check_reports_bad_rows() -> None:
    unhcr = OrganizationFactory()
    client = signed_in(officer(unhcr))
    upload = SimpleUploadedFile("c.csv", b"reference,encoding\nc1,nope\n", "text/csv")
    page = client.post(
        reverse("screening:check_batch"), {"organization": unhcr.pk, "file": upload}
    ).content.decode()
    assert "row 2" in page
    assert not ScreeningCheck.objects.exists()
    good = f"reference,encoding\nc1,{encoded('A', 'B')}\n".encode()
    response = client.post(
        reverse("screening:check_batch"),
        {"organization": unhcr.pk, "file": SimpleUploadedFile("c.csv", good, "text/csv")},
    )
    assert response.status_code == 302


def test_upload_listings() -> None:
    unhcr = OrganizationFactory()
    client = signed_in(officer(unhcr))
    text = f"reference,encoding\nU1,{encoded('A', 'B')}\nU2,{encoded('C', 'D')}\n".encode()
    response = client.post(
        reverse("screening:listing_upload"),
        {
            "organization": unhcr.pk,
            "category": "sexual_harassment",
            "basis": "finding",
            "decided_on": "2024-01-01",
            "contact_point": "Desk",
            "file": SimpleUploadedFile("l.csv", text, "text/csv"),
        },
    )
    assert response.status_code == 302
    assert Listing.objects.filter(organization=unhcr).count() == 2


def test_remove_listing_page() -> None:
    unhcr = OrganizationFactory()
    listing = make_listing(unhcr)
    client = signed_in(officer(unhcr))
    url = reverse("screening:listing_remove", args=[listing.pk])
    assert client.post(url, {}).status_code == 200
    assert client.post(url, {"reason": "appeal"}).status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.REMOVED


def test_query_counts_are_pinned() -> None:
    unhcr = OrganizationFactory()
    user = officer(unhcr)
    client = signed_in(user)
    make_listing(unhcr, actor=user)
    check = make_check(unhcr, actor=user)
    assert_constant_queries(
        lambda: client.get(reverse("screening:listing_list")),
        lambda n: [make_listing(unhcr, actor=user) for _ in range(n)],
        expected=6,
    )
    assert_constant_queries(
        lambda: client.get(reverse("screening:check_list")),
        lambda n: [make_check(unhcr, actor=user) for _ in range(n)],
        expected=6,
    )
    assert_constant_queries(
        lambda: client.get(reverse("screening:check_detail", args=[check.pk])),
        lambda n: CheckMatch.objects.bulk_create(
            CheckMatch(
                check_run=check,
                candidate_reference=f"c{i}",
                listing_organization=unhcr,
                listing_reference=f"L{i}",
                contact_point="Desk",
                score=0.9,
            )
            for i in range(n)
        ),
        expected=6,
    )
    assert_constant_queries(
        lambda: client.get("/"),
        lambda n: [make_check(unhcr, actor=user) for _ in range(n)],
    )


def test_listing_detail_query_count_is_pinned() -> None:
    unhcr = OrganizationFactory()
    user = officer(unhcr)
    client = signed_in(user)
    listing = make_listing(unhcr, actor=user)
    assert_constant_queries(
        lambda: client.get(reverse("screening:listing_detail", args=[listing.pk])),
        lambda n: [make_listing(unhcr, actor=user) for _ in range(n)],
        expected=5,
    )
