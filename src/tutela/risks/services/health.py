"""Duty station health risk assessments: the overall indicator, and recording an
assessment, which proposes a risk in the unit's health register for each inadequate element."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record
from tutela.organizations.models import Unit
from tutela.risks import library
from tutela.risks.models import HealthAssessment, Register, RiskFactor, RiskMatrix, Treatment
from tutela.risks.services.registers import _middle, register_create
from tutela.risks.services.risks import risk_create


def health_indicator(ratings: dict[str, str]) -> str:
    """The weakest rating among the elements (library/health-assessment.yaml documents why)."""
    order = [level["code"] for level in library.health_scheme()["scale"]]
    return min(ratings.values(), key=order.index)


def health_assessment_record(
    *,
    actor: Any,
    unit: Unit,
    assessed_on: date,
    assessor: str,
    ratings: dict[str, str],
    notes: str = "",
) -> HealthAssessment:
    """Record the assessment; every inadequate element proposes a risk in the unit's health
    register (created with the newest 5x5 matrix if the unit has none)."""
    scheme = library.health_scheme()
    elements = {element["code"]: element["label"] for element in scheme["elements"]}
    scale = {level["code"] for level in scheme["scale"]}
    missing = sorted(set(elements) - set(ratings))
    if missing or set(ratings) - set(elements) or set(ratings.values()) - scale:
        raise ValidationError({"ratings": _("Rate each of the six elements on the scale.")})
    if not assessor.strip():
        raise ValidationError({"assessor": _("Name the assessor.")})
    assessment = HealthAssessment(
        unit=unit,
        assessed_on=assessed_on,
        assessor=assessor.strip(),
        ratings=ratings,
        indicator=health_indicator(ratings),
        notes=notes.strip(),
    )
    with transaction.atomic():
        assessment.full_clean()
        assessment.save()
        audit_record(
            actor=actor,
            action="risks.health_assessment_record",
            target=assessment,
            changes={"ratings": ratings, "indicator": assessment.indicator},
        )
        inadequate = [code for code, rating in ratings.items() if rating == "inadequate"]
        if inadequate:
            _health_risks_propose(
                actor=actor, assessment=assessment, elements=elements, codes=inadequate
            )
    return assessment


def _health_risks_propose(
    *, actor: Any, assessment: HealthAssessment, elements: dict[str, str], codes: list[str]
) -> None:
    unit = assessment.unit
    register = Register.objects.filter(unit=unit, kind="health").order_by("pk").first()
    if register is None:
        matrix = RiskMatrix.objects.filter(code="five-by-five").order_by("-version").first()
        if matrix is None:
            raise ValidationError(_("Load the risk matrices first (tutela load_risk_matrices)."))
        register = register_create(
            actor=actor,
            name=f"{unit.name} health risk register",
            kind="health",
            organization=unit.organization,
            unit=unit,
            matrix=matrix,
        )
    likelihood = _middle(register.matrix.likelihood_levels)
    impact = str(register.matrix.impact_levels[-2]["code"])
    factor = RiskFactor.objects.filter(code="health-support-gaps").first()
    open_titles = set(register.risks.filter(is_closed=False).values_list("title", flat=True))
    for code in codes:
        title = _("Inadequate %(element)s at %(unit)s") % {
            "element": elements[code][:1].lower() + elements[code][1:],
            "unit": unit.name,
        }
        if title in open_titles:
            continue
        risk_create(
            actor=actor,
            register=register,
            title=title,
            category=_("Health support"),
            prong="prevention",
            inherent_likelihood=likelihood,
            inherent_impact=impact,
            residual_likelihood=likelihood,
            residual_impact=impact,
            treatment=Treatment.REDUCE,
            rationale=_("Proposed by the health risk assessment of %(date)s; rate and treat it.")
            % {"date": assessment.assessed_on.isoformat()},
            factors=[factor] if factor else [],
        )
