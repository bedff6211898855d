"""Duty station health risk assessments: the weakest element sets the indicator; inadequate
elements propose risks in the unit's health register; the list puts the weakest first."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.support.clients import signed_in
from tests.support.factories import UnitFactory, user_with_role
from tests.support.risks_factories import ELEMENTS, health_assessment_in
from tutela.accounts.roles import Role
from tutela.risks import services
from tutela.risks.models import Register

pytestmark = pytest.mark.django_db


def test_the_weakest_element_sets_the_indicator() -> None:
    ratings = dict.fromkeys(ELEMENTS, "adequate")
    assert services.health_indicator(ratings) == "adequate"
    assert services.health_indicator({**ratings, "hospital_care": "partially_adequate"}) == (
        "partially_adequate"
    )
    assert services.health_indicator(
        {**ratings, "hospital_care": "partially_adequate", "mental_health": "inadequate"}
    ) == ("inadequate")


def test_inadequate_elements_propose_risks_in_the_health_register_once() -> None:
    unit = UnitFactory(type="duty_station", name="Bunia")
    health_assessment_in(unit, mental_health="inadequate", pharmaceuticals_pep="inadequate")
    health_assessment_in(unit, mental_health="inadequate")
    register = Register.objects.get(unit=unit, kind="health")
    titles = sorted(register.risks.values_list("title", flat=True))
    assert titles == [
        "Inadequate access to pharmaceuticals, including PEP at Bunia",
        "Inadequate mental health services at Bunia",
    ]


def test_every_element_must_be_rated() -> None:
    with pytest.raises(ValidationError):
        services.health_assessment_record(
            actor=None,
            unit=UnitFactory(),
            assessed_on=__import__("datetime").date(2026, 1, 5),
            assessor="Doctor",
            ratings={"primary_care": "adequate"},
        )


def test_the_list_shows_the_weakest_duty_stations_first_and_hides_foreign_ones() -> None:
    good = UnitFactory(name="Goma")
    weak = UnitFactory(name="Bunia", organization=good.organization)
    health_assessment_in(good)
    health_assessment_in(weak, hospital_care="inadequate")
    foreign = health_assessment_in(UnitFactory(name="Juba"))
    client = signed_in(user_with_role(Role.VIEWER, organization=good.organization))
    page = client.get("/risks/health/").content.decode()
    assert page.index("Bunia") < page.index("Goma")
    assert "Juba" not in page
    assert client.get(f"/risks/health/{foreign.pk}/").status_code == 404
    officer = signed_in(user_with_role(Role.RISK_OFFICER, unit=good))
    form = {"assessed_on": "2026-01-05", "assessor": "Dr A."}
    form.update({f"rating_{element}": "adequate" for element in ELEMENTS})
    assert officer.post(f"/risks/units/{good.pk}/health/new/", form).status_code == 302
    form.pop("assessor")
    page = officer.post(f"/risks/units/{good.pk}/health/new/", form).content.decode()
    assert "This field is required." in page
