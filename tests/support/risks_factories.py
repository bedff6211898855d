"""Builders for the risks module's objects. They go through the services, so levels are
computed by the register's matrix exactly as in production."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tests.support.factories import BodyFactory, UnitFactory
from tutela.organizations.models import Body, Unit
from tutela.risks import services
from tutela.risks.models import (
    HealthAssessment,
    MitigatingAction,
    QuarterlyReport,
    Register,
    Risk,
    RiskMatrix,
    Visit,
)

THREE_BY_THREE = {
    "code": "three-by-three",
    "name": "3\u00d73 matrix",
    "likelihood": [
        {"code": "low", "label": "Low"},
        {"code": "medium", "label": "Medium"},
        {"code": "high", "label": "High"},
    ],
    "impact": [
        {"code": "minor", "label": "Minor"},
        {"code": "major", "label": "Major"},
        {"code": "extreme", "label": "Extreme"},
    ],
    "levels": [
        {"code": "green", "label": "Green", "colour": "#1a7f37", "text_colour": "#ffffff"},
        {"code": "amber", "label": "Amber", "colour": "#f2c94c", "text_colour": "#000000"},
        {"code": "red", "label": "Red", "colour": "#c62828", "text_colour": "#ffffff"},
    ],
    "grid": [
        ["green", "green", "amber"],
        ["green", "amber", "red"],
        ["amber", "red", "red"],
    ],
}


def five_by_five() -> RiskMatrix:
    services.library_load(actor=None)
    return RiskMatrix.objects.filter(code="five-by-five").order_by("-version").first()  # type: ignore[return-value]


def register_for(
    *, unit: Unit | None = None, matrix: RiskMatrix | None = None, **values: Any
) -> Register:
    unit = unit or UnitFactory(type="mission")
    values.setdefault("name", f"SEA risk register {Register.objects.count() + 1}")
    values.setdefault("kind", "misconduct_sea")
    return services.register_create(
        actor=None,
        organization=values.pop("organization", unit.organization),
        unit=unit,
        matrix=matrix or five_by_five(),
        **values,
    )


def risk_in(register: Register, **values: Any) -> Risk:
    defaults = {
        "title": "Transactional sex near the team site",
        "prong": "prevention",
        "inherent_likelihood": "likely",
        "inherent_impact": "severe",
        "residual_likelihood": "moderately_likely",
        "residual_impact": "severe",
        "treatment": "reduce",
    }
    defaults.update(values)
    return services.risk_create(actor=None, register=register, **defaults)


def action_on(risk: Risk, **values: Any) -> MitigatingAction:
    values.setdefault("title", "Brief the contingent on the out-of-bounds areas")
    return services.action_create(actor=None, risk=risk, **values)


def visit_in(unit: Unit, **values: Any) -> Visit:
    values.setdefault("kind", "assessment")
    values.setdefault("visited_on", timezone.localdate() - datetime.timedelta(days=3))
    return services.visit_create(actor=None, unit=unit, **values)


def last_quarter() -> tuple[int, int]:
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    return (today.year - 1, 4) if quarter == 1 else (today.year, quarter - 1)


def draft_report(unit: Unit, body: Body | None = None, **values: Any) -> QuarterlyReport:
    year, quarter = values.pop("period", last_quarter())
    return services.report_generate(
        actor=None,
        unit=unit,
        year=year,
        quarter=quarter,
        receiving_body=body or BodyFactory(acronym=f"CDS{Unit.objects.count()}"),
        **values,
    )


def submitted_report(unit: Unit, body: Body | None = None, **values: Any) -> QuarterlyReport:
    return services.report_submit(actor=None, report=draft_report(unit, body, **values))


ELEMENTS = (
    "primary_care",
    "hospital_care",
    "mental_health",
    "mass_casualty_plan",
    "medical_emergency_response",
    "pharmaceuticals_pep",
)


def health_assessment_in(unit: Unit, **ratings: str) -> HealthAssessment:
    five_by_five()
    return services.health_assessment_record(
        actor=None,
        unit=unit,
        assessed_on=timezone.localdate(),
        assessor="Regional Medical Officer",
        ratings={element: ratings.get(element, "adequate") for element in ELEMENTS},
    )
