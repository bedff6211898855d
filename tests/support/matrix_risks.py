"""The risks module's subjects in the authorization matrix.

Each side has a mission register with a risk and an action, a visit, a quarterly report
submitted to the side's body (so that body's conduct reviewers read the unit's registers) and
a draft report of an earlier quarter.
"""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.risks_factories import (
    THREE_BY_THREE,
    action_on,
    draft_report,
    health_assessment_in,
    last_quarter,
    register_for,
    risk_in,
    submitted_report,
    visit_in,
)
from tutela.risks import services
from tutela.risks.models import RiskMatrix
from tutela.risks.reports import previous_quarter

PARAMETERS = {
    "risk_matrix_id": "risk_matrix",
    "risk_register_id": "risk_register",
    "risk_id": "risk",
    "risk_action_id": "risk_action",
    "risk_visit_id": "risk_visit",
    "risk_report_id": "risk_report",
    "risk_draft_report_id": "risk_draft_report",
    "risk_health_assessment_id": "risk_health_assessment",
}


def add_subjects(side: Any) -> None:
    tag = side.organization.acronym.lower()
    matrix, _ = services.matrix_save(actor=None, data={**THREE_BY_THREE, "code": f"{tag}-3x3"})
    register = register_for(unit=side.unit, name=f"{tag} SEA register")
    risk = risk_in(register)
    side.subjects["risk_matrix"] = matrix
    side.subjects["risk_register"] = register
    side.subjects["risk"] = risk
    side.subjects["risk_action"] = action_on(risk)
    side.subjects["risk_visit"] = visit_in(side.unit, risks=[risk])
    side.subjects["risk_report"] = submitted_report(side.unit, side.body)
    side.subjects["risk_health_assessment"] = health_assessment_in(side.unit)
    side.subjects["risk_draft_report"] = draft_report(
        side.unit, side.body, period=previous_quarter(*last_quarter())
    )


def _newest_five_by_five() -> int:
    return (
        RiskMatrix.objects.filter(code="five-by-five")
        .order_by("-version")
        .values_list("pk", flat=True)[0]
    )


def _risk_body(_obj: Any) -> dict[str, Any]:
    return {
        "title": f"Matrix risk {uuid.uuid4().hex[:6]}",
        "prong": "prevention",
        "inherent_likelihood": "likely",
        "inherent_impact": "severe",
        "residual_likelihood": "unlikely",
        "residual_impact": "moderate",
        "treatment": "reduce",
    }


API_BODIES = {
    "risk_register_create": lambda unit: {
        "name": f"Register {uuid.uuid4().hex[:8]}",
        "kind": "fraud",
        "matrix_id": _newest_five_by_five(),
    },
    "risk_create": _risk_body,
    "risk_update": _risk_body,
    "risk_action_create": lambda risk: {"title": "Matrix action"},
    "risk_action_update": lambda action: {"title": "Matrix action", "status": "in_progress"},
}
