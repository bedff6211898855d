"""Screening over the API: own listings only, checks answer contact and reference, quotas."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.support.clients import token_headers
from tests.support.factories import OrganizationFactory
from tests.support.queries import assert_constant_queries
from tests.support.screening_factories import encoded, make_check, make_listing, officer
from tutela.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _post(path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return Client().post(path, json.dumps(body), content_type="application/json", **headers)


def test_listings_are_own_only_and_not_countable() -> None:
    unhcr, wfp = OrganizationFactory(), OrganizationFactory()
    make_listing(unhcr, reference="OURS")
    foreign = make_listing(wfp, reference="THEIRS")
    headers = token_headers(officer(unhcr))
    body = Client().get("/api/v1/screening/listings", **headers).json()
    assert [item["reference"] for item in body["items"]] == ["OURS"]
    assert body["count"] == 1
    response = Client().get(f"/api/v1/screening/listings/{foreign.pk}", **headers)
    assert response.status_code == 404


def test_create_check_and_remove() -> None:
    unhcr, wfp = OrganizationFactory(acronym="UNHCR"), OrganizationFactory(acronym="WFP")
    owner, checker = officer(unhcr), officer(wfp)
    response = _post(
        "/api/v1/screening/listings",
        {
            "reference": "API-1",
            "encoding": encoded("Оксана", "Мельник", "1988-02-11"),
            "category": "sexual_exploitation_abuse",
            "basis": "finding",
            "decided_on": "2024-01-01",
            "contact_point": "UNHCR desk",
        },
        token_headers(owner),
    )
    assert response.status_code == 200, response.content
    listing_id = response.json()["id"]
    response = _post(
        "/api/v1/screening/checks",
        {
            "candidates": [
                {"reference": "cand-1", "encoding": encoded("Oksana", "Melnyk", "1988-02-11")},
                {"reference": "cand-2", "encoding": encoded("Peter", "Jones", "1988-02-11")},
            ]
        },
        token_headers(checker),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["candidate_count"], body["match_count"]) == (2, 1)
    assert body["matches"][0].keys() == {
        "candidate_reference",
        "listing_organization",
        "contact_point",
        "listing_reference",
        "score",
    }
    assert body["matches"][0]["listing_reference"] == "API-1"
    response = _post(
        f"/api/v1/screening/listings/{listing_id}/remove",
        {"reason": "appeal"},
        token_headers(owner),
    )
    assert response.json()["status"] == "removed"
    response = _post(
        "/api/v1/screening/checks",
        {"candidates": [{"encoding": encoded("Oksana", "Melnyk", "1988-02-11")}]},
        token_headers(checker),
    )
    assert response.json()["match_count"] == 0
    assert AuditEvent.objects.filter(action="screening.check").count() == 2


def test_bad_input_and_quota(settings: Any) -> None:
    wfp = OrganizationFactory()
    headers = token_headers(officer(wfp))
    response = _post("/api/v1/screening/checks", {"candidates": [{"encoding": "YWJj"}]}, headers)
    assert response.status_code == 422
    assert response.json()["code"]
    settings.TUTELA_SCREENING_DAILY_CHECKS = 1
    body = {"candidates": [{"encoding": encoded("A", "B")}]}
    assert _post("/api/v1/screening/checks", body, headers).status_code == 200
    response = _post("/api/v1/screening/checks", body, headers)
    assert response.status_code == 429
    assert response.json()["code"] == "too_many_requests"


def test_api_query_counts() -> None:
    unhcr = OrganizationFactory()
    user = officer(unhcr)
    headers = token_headers(user)
    check = make_check(unhcr, actor=user)
    assert_constant_queries(
        lambda: Client().get("/api/v1/screening/listings", **headers),
        lambda n: [make_listing(unhcr, actor=user) for _ in range(n)],
        expected=4,
    )
    assert_constant_queries(
        lambda: Client().get("/api/v1/screening/checks", **headers),
        lambda n: [make_check(unhcr, actor=user) for _ in range(n)],
        expected=4,
    )
    assert Client().get(f"/api/v1/screening/checks/{check.pk}", **headers).status_code == 200
