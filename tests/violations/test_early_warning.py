"""Risk factor ratings, the early-warning score and watchlist, the regional quarterly pack."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests.support.clients import signed_in, token_headers
from tests.support.violations_factories import analyst, make_event, officer
from tutela.audit.models import AuditEvent
from tutela.violations.early_warning import CountryScore, Quarter, score
from tutela.violations.models import ReviewMeasure, RiskRating

pytestmark = pytest.mark.django_db

Q1 = Quarter(2026, 1)


def test_the_score_combines_ratings_and_trend() -> None:
    entry = score(
        CountryScore("CD", "DRC", "Africa I", Q1),
        current={str(n): 3 for n in range(1, 15)},
        previous={},
        events_now=8,
        events_before=[4, 4, 4, 4],
    )
    assert entry.rating_points == 70
    assert entry.trend_points == 30
    assert entry.score == 100
    assert entry.watch


def test_an_unrated_factor_keeps_last_quarters_rating() -> None:
    entry = score(
        CountryScore("CD", "DRC", "", Q1),
        current={"1": 1},
        previous={"1": 3, "13": 3},
        events_now=0,
        events_before=[],
    )
    assert entry.levels == {"1": 1, "13": 3}
    assert entry.carried == {"13"}
    assert entry.reasons == ["specific_factor_high"]


def test_no_events_before_gives_half_the_trend() -> None:
    entry = score(
        CountryScore("CD", "", "", Q1), current={}, previous={}, events_now=2, events_before=[0]
    )
    assert entry.trend_points == 15


def test_quarters_parse_and_step() -> None:
    assert Quarter.parse("2026-Q1", date(2020, 1, 1)) == Q1
    assert Quarter.parse("nonsense", date(2026, 5, 2)) == Quarter(2026, 2)
    assert Q1.previous == Quarter(2025, 4)
    assert Q1.back(2) == [Quarter(2025, 4), Quarter(2025, 3)]


def test_an_analyst_rates_the_factors_and_the_watchlist_shows_it() -> None:
    user = analyst()
    client = signed_in(user)
    page = client.get("/violations/early-warning/ratings/", {"quarter": "2026-Q1"})
    assert page.status_code == 200
    response = client.post(
        "/violations/early-warning/ratings/?quarter=2026-Q1&country=CD",
        {"level_11": "3", "note_11": "Pattern of attacks on villages", "level_1": "2"},
    )
    assert response.status_code == 302
    assert RiskRating.objects.count() == 2
    assert AuditEvent.objects.filter(action="violations.risk_rate").exists()
    listing = client.get("/violations/early-warning/", {"quarter": "2026-Q1"}).content.decode()
    assert "a specific risk factor (10–14) is rated high" in listing  # noqa: RUF001
    api = (
        Client()
        .get("/api/v1/violations/early-warning", {"quarter": "2026-Q1"}, **token_headers(user))
        .json()
    )
    assert api[0]["levels"] == {"1": 2, "11": 3}
    assert api[0]["watch"] is True


def test_the_quarterly_pack_counts_events_and_tracks_measures() -> None:
    make_event(officer())
    client = signed_in(analyst())
    url = "/violations/quarterly-review/?region=africa_1&quarter=2026-Q1"
    page = client.get(url).content.decode()
    assert "Democratic Republic of the Congo" in page
    response = client.post(
        url,
        {"action": "add", "country": "CD", "text": "Deploy a light team", "owner": "OHCHR"},
    )
    assert response.status_code == 302
    measure = ReviewMeasure.objects.get()
    following = "/violations/quarterly-review/?region=africa_1&quarter=2026-Q2"
    assert "Deploy a light team" in client.get(following).content.decode()
    client.post(
        following,
        {"action": "update", "measure": str(measure.pk), "status": "done", "progress_note": "Sent"},
    )
    measure.refresh_from_db()
    assert measure.status == "done"
    pdf = client.get("/violations/quarterly-review/pack.pdf?region=africa_1&quarter=2026-Q1")
    assert pdf.content.startswith(b"%PDF")


def test_a_foreign_measure_cannot_be_updated() -> None:
    measure = ReviewMeasure.objects.create(
        region="africa_1",
        country="SS",
        year=2026,
        quarter=1,
        text="x",
        owner="y",
        recorded_by=officer("SS"),
    )
    client = signed_in(analyst("CD"))
    response = client.post(
        "/violations/quarterly-review/?region=africa_1&quarter=2026-Q2",
        {"action": "update", "measure": str(measure.pk), "status": "done"},
    )
    assert response.status_code == 404
    measure.refresh_from_db()
    assert measure.status == "agreed"
