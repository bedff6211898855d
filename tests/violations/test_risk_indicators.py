"""The indicators of the risk factors of the Framework of Analysis: shipped as narrower terms of
their factor, ticked with a rating, shown with the factor's level, and over the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from tests.support.clients import signed_in, token_headers
from tests.support.queries import assert_constant_queries
from tests.support.violations_factories import analyst, officer
from tutela.audit.models import AuditEvent
from tutela.violations import thesauri
from tutela.violations.models import RiskRating, Term
from tutela.violations.selectors import risk_factors
from tutela.violations.services import risk_ratings_save
from tutela.violations.thesauri import vocabularies_load

pytestmark = pytest.mark.django_db

RATINGS = "/violations/early-warning/ratings/?quarter=2026-Q1&country=CD"


def _term(code: str) -> Term:
    return Term.objects.get(vocabulary__code=thesauri.ATROCITY_RISK_FACTORS, code=code)


def test_indicators_are_narrower_terms_of_their_factor() -> None:
    factor = _term("8")
    indicators = list(Term.objects.filter(parent=factor).order_by("order"))
    assert [term.code for term in indicators] == [f"8.{n}" for n in range(1, 13)]
    assert {term.level for term in indicators} == {2}
    assert indicators[0].label == (
        "Sudden deployment of security forces or commencement of armed hostilities."
    )
    with translation.override("fr"):
        assert indicators[0].display_label.startswith("Déploiement soudain")
    # Factor selection is unchanged: the 14 factors, in the Framework's order.
    assert [factor.code for factor in risk_factors()] == [str(n) for n in range(1, 15)]


def test_a_reload_adds_missing_indicators_and_updates_changed_ones() -> None:
    Term.objects.filter(parent=_term("9")).delete()
    changed = _term("8.3")
    changed.label = "An older wording"
    changed.save()
    summary = vocabularies_load()
    assert summary.created == 6
    assert summary.updated >= 1
    assert _term("8.3").label.startswith("Measures taken by the international community")
    assert _term("9.6").parent == _term("9")
    again = vocabularies_load()
    assert (again.created, again.updated) == (0, 0)


def test_an_analyst_ticks_the_indicators_observed() -> None:
    user = analyst()
    client = signed_in(user)
    page = client.get(RATINGS).content.decode()
    assert 'name="indicators_8"' in page
    assert "8.7 Acts of incitement or hate propaganda" in page
    response = client.post(
        RATINGS, {"level_8": "2", "indicators_8": ["8.1", "8.7"], "level_1": "1"}
    )
    assert response.status_code == 302
    rating = RiskRating.objects.get(factor__code="8")
    assert sorted(rating.indicators.values_list("code", flat=True)) == ["8.1", "8.7"]
    audit = AuditEvent.objects.filter(action="violations.risk_rate").latest("pk")
    assert audit.changes["8"] == {"level": 2, "indicators": ["8.1", "8.7"]}
    # Unticking one, with the level unchanged, is recorded and audited too.
    client.post(RATINGS, {"level_8": "2", "indicators_8": ["8.7"]})
    assert list(rating.indicators.values_list("code", flat=True)) == ["8.7"]
    audit = AuditEvent.objects.filter(action="violations.risk_rate").latest("pk")
    assert audit.changes == {"8": {"indicators": ["8.7"]}}
    assert 'value="8.7" id="id_indicators_8_6" checked' in client.get(RATINGS).content.decode()


def test_an_indicator_of_another_factor_is_refused() -> None:
    client = signed_in(analyst())
    response = client.post(RATINGS, {"level_7": "2", "indicators_7": ["8.1"]})
    assert response.status_code == 200
    assert "8.1 is not one of the available choices" in response.content.decode()
    assert not RiskRating.objects.exists()
    with pytest.raises(ValidationError, match=r"8\.1 is not an indicator of risk factor 7"):
        risk_ratings_save(
            actor=analyst(),
            country="CD",
            year=2026,
            quarter=1,
            levels={_term("7"): (2, "")},
            indicators={_term("7"): [_term("8.1")]},
        )
    assert not RiskRating.objects.exists()


def test_indicators_need_a_level() -> None:
    client = signed_in(analyst())
    response = client.post(RATINGS, {"indicators_9": ["9.1"], "note_9": "Kept"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give the factor a level to record the indicators observed." in page
    assert "Kept" in page
    assert not RiskRating.objects.exists()


def _rate(user: object, codes: list[str], quarter: int = 1) -> None:
    observed: dict[Term, list[Term]] = {}
    for code in codes:
        observed.setdefault(_term(code.split(".")[0]), []).append(_term(code))
    risk_ratings_save(
        actor=user,
        country="CD",
        year=2026,
        quarter=quarter,
        levels=dict.fromkeys(observed, (3, "")),
        indicators=observed,
    )


def test_the_early_warning_page_and_the_pack_show_the_indicators() -> None:
    user = analyst()
    _rate(user, ["13.1", "13.5"])
    _rate(user, ["9.4"])
    client = signed_in(user)
    page = client.get("/violations/early-warning/", {"quarter": "2026-Q1"}).content.decode()
    assert "13.5 Conduct that dehumanizes the enemy" in page
    assert "9.4 Past or present serious tensions" in page
    pack = client.get(
        "/violations/quarterly-review/", {"region": "africa_1", "quarter": "2026-Q1"}
    ).content.decode()
    assert "Risk factor levels and indicators observed" in pack
    assert "13.1 Fragmentation of parties to the conflict" in pack
    # The next quarter, a factor not yet rated again shows last quarter's level and indicators.
    following = client.get("/violations/early-warning/", {"quarter": "2026-Q2"}).content.decode()
    assert "13.1 Fragmentation of parties to the conflict" in following
    assert "previous quarter" in following
    pdf = client.get("/violations/quarterly-review/pack.pdf?region=africa_1&quarter=2026-Q1")
    assert pdf.content.startswith(b"%PDF")


def test_the_early_warning_page_costs_the_same_queries_with_more_indicators() -> None:
    user = analyst()
    client = signed_in(user)
    codes = [f"7.{n}" for n in range(1, 11)] + [f"8.{n}" for n in range(1, 13)]

    def add_rows(count: int) -> None:
        _rate(user, codes[:count])

    _rate(user, ["9.1"])  # a rating with indicators: its prefetch query is in the count
    assert_constant_queries(
        lambda: client.get("/violations/early-warning/", {"quarter": "2026-Q1"}),
        add_rows,
        expected=9,
    )


def test_the_api_reads_and_records_the_indicators() -> None:
    user = analyst()
    headers = token_headers(user)
    client = Client()
    body = {
        "country": "CD",
        "quarter": "2026-Q1",
        "ratings": [
            {"factor": "8", "level": 2, "note": "Troops deployed", "indicators": ["8.1"]},
            {"factor": "1", "level": 1},
        ],
    }
    response = client.post(
        "/api/v1/violations/ratings", body, content_type="application/json", **headers
    )
    assert response.status_code == 200, response.content
    by_factor = {entry["factor"]: entry for entry in response.json()["ratings"]}
    assert by_factor["8"]["indicators"] == ["8.1"]
    assert by_factor["1"]["indicators"] == []
    read = client.get(
        "/api/v1/violations/ratings", {"country": "CD", "quarter": "2026-Q1"}, **headers
    ).json()
    assert {entry["factor"]: entry["level"] for entry in read["ratings"]} == {"1": 1, "8": 2}
    wrong = client.post(
        "/api/v1/violations/ratings",
        {**body, "ratings": [{"factor": "7", "level": 2, "indicators": ["8.1"]}]},
        content_type="application/json",
        **headers,
    )
    assert wrong.status_code == 400
    assert "8.1 is not an indicator of risk factor 7" in str(wrong.json()["details"])
    unknown = client.post(
        "/api/v1/violations/ratings",
        {**body, "ratings": [{"factor": "8", "level": 2, "indicators": ["8.99"]}]},
        content_type="application/json",
        **headers,
    )
    assert unknown.status_code == 400
    assert "8.99" in str(unknown.json()["details"])
    foreign = client.post(
        "/api/v1/violations/ratings",
        {**body, "country": "SS"},
        content_type="application/json",
        **headers,
    )
    assert foreign.status_code == 404
    assert RiskRating.objects.get(factor__code="8").indicators.count() == 1


def test_an_officer_of_another_country_does_not_see_the_ratings() -> None:
    _rate(analyst(), ["8.1"])
    response = Client().get(
        "/api/v1/violations/ratings",
        {"country": "CD", "quarter": "2026-Q1"},
        **token_headers(officer("SS")),
    )
    assert response.status_code == 200
    assert response.json()["country"] == "SS"
    assert response.json()["ratings"] == []
