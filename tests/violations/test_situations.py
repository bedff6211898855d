"""Situations: escalation with its history, the strategy's actions, engagement tracking."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support.clients import signed_in, token_headers
from tests.support.violations_factories import analyst, officer, term
from tutela.audit.models import AuditEvent
from tutela.violations import thesauri
from tutela.violations.models import Engagement, EngagementStrategy, Escalation, Situation

pytestmark = pytest.mark.django_db


def test_an_officer_opens_a_situation_and_escalates_it() -> None:
    client = signed_in(officer())
    response = client.post("/violations/situations/", {"country": "CD"})
    assert response.status_code == 302
    situation = Situation.objects.get(country="CD")
    edit = f"/violations/situations/{situation.pk}/edit/"
    refused = client.post(edit, {"level": "itf", "analysis": "Rising attacks"})
    assert "Give the reason" in refused.content.decode()
    assert "Rising attacks" in refused.content.decode()
    client.post(
        edit,
        {
            "level": "itf",
            "reason": "Heightened risk of serious violations",
            "decided_on": "2026-03-01",
            "analysis": "Rising attacks",
            "objectives": "Protect civilians in Ituri",
        },
    )
    situation.refresh_from_db()
    assert situation.level == "itf"
    step = Escalation.objects.get()
    assert (step.from_level, step.to_level) == ("rqr", "itf")
    assert AuditEvent.objects.filter(action="violations.situation_update").exists()


def test_actions_and_engagements_are_tracked_with_impact() -> None:
    keeper = officer()
    situation = Situation.objects.create(country="CD", updated_by=keeper)
    client = signed_in(keeper)
    client.post(
        f"/violations/situations/{situation.pk}/actions/add/",
        {"entity": "OHCHR", "level": "country", "text": "Deploy monitors to Djugu"},
    )
    client.post(
        f"/violations/situations/{situation.pk}/engagement-strategies/add/",
        {"title": "Engage the provincial authorities", "objective": "Access to detention"},
    )
    strategy = EngagementStrategy.objects.get()
    impact = term(thesauri.IMPACT, "010000000000")
    response = client.post(
        f"/violations/engagement-strategies/{strategy.pk}/engagements/add/",
        {
            "date": "2026-03-05",
            "counterpart": "Provincial governor",
            "channel": "meeting",
            "message": "Grant access to detention facilities",
            "impact": str(impact.pk),
        },
    )
    assert response.status_code == 302
    assert Engagement.objects.get().impact == impact
    page = signed_in(analyst()).get(f"/violations/situations/{situation.pk}/").content.decode()
    assert "Deploy monitors to Djugu" in page
    assert f"{impact.label}: 1" in page


def test_an_analyst_reads_but_does_not_keep_the_situation() -> None:
    situation = Situation.objects.create(country="CD", updated_by=officer())
    client = signed_in(analyst())
    assert client.get(f"/violations/situations/{situation.pk}/").status_code == 200
    assert client.get(f"/violations/situations/{situation.pk}/edit/").status_code == 404


def test_another_countrys_situation_is_not_found() -> None:
    situation = Situation.objects.create(country="SS", updated_by=officer("SS"))
    client = signed_in(officer("CD"))
    assert client.get(f"/violations/situations/{situation.pk}/").status_code == 404


def test_the_api_gives_the_situation_with_its_engagement_summary() -> None:
    keeper = officer()
    situation = Situation.objects.create(country="CD", updated_by=keeper, level="sag")
    strategy = EngagementStrategy.objects.create(situation=situation, title="Capitals")
    Engagement.objects.create(
        strategy=strategy,
        date="2026-03-01",
        counterpart="Ministry",
        channel="call",
        message="Access",
        impact=term(thesauri.IMPACT, "010000000000"),
        recorded_by=keeper,
    )
    headers = token_headers(analyst())
    listed = Client().get("/api/v1/violations/situations", **headers).json()
    assert listed[0]["level"] == "sag"
    detail = Client().get(f"/api/v1/violations/situations/{situation.pk}", **headers).json()
    assert detail["engagement_strategies"][0]["engagements"][0]["impact"] == "010000000000"
