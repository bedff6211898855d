"""Recording and changing risks: levels are assessed from the register's matrix, and an
accepted risk names who approved it and when it is reviewed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record, changes_between
from tutela.frameworks.models import Node
from tutela.risks.models import Register, Risk, RiskFactor, RiskMatrix, Treatment


def _risk_fields(risk: Risk) -> dict[str, Any]:
    return {
        "title": risk.title,
        "description": risk.description,
        "category": risk.category,
        "prong": risk.prong,
        "sources": risk.sources,
        "owner": risk.owner_id,
        "inherent": [risk.inherent_likelihood, risk.inherent_impact, risk.inherent_level],
        "residual": [risk.residual_likelihood, risk.residual_impact, risk.residual_level],
        "treatment": risk.treatment,
        "rationale": risk.rationale,
        "accepted_by": risk.accepted_by,
        "acceptance_review_on": risk.acceptance_review_on.isoformat()
        if risk.acceptance_review_on
        else None,
        "is_closed": risk.is_closed,
    }


def _assess(risk: Risk, matrix: RiskMatrix) -> None:
    """Levels from the register's matrix; a code the matrix does not have is refused."""
    problems: dict[str, str] = {}
    likelihoods = {level["code"] for level in matrix.likelihood_levels}
    impacts = {level["code"] for level in matrix.impact_levels}
    for name in ("inherent_likelihood", "residual_likelihood"):
        if getattr(risk, name) not in likelihoods:
            problems[name] = _("Choose a likelihood level of the register's matrix.")
    for name in ("inherent_impact", "residual_impact"):
        if getattr(risk, name) not in impacts:
            problems[name] = _("Choose an impact level of the register's matrix.")
    if risk.treatment == Treatment.ACCEPT:
        if not risk.accepted_by.strip():
            problems["accepted_by"] = _("Accepting a risk needs the name of who approved it.")
        if risk.acceptance_review_on is None:
            problems["acceptance_review_on"] = _("Accepting a risk needs a date to review it.")
    if problems:
        raise ValidationError(problems)
    risk.inherent_level = matrix.level_for(risk.inherent_likelihood, risk.inherent_impact)
    risk.residual_level = matrix.level_for(risk.residual_likelihood, risk.residual_impact)


RISK_TEXT_FIELDS = ("title", "description", "category", "sources", "rationale", "accepted_by")


def risk_create(
    *,
    actor: Any,
    register: Register,
    title: str,
    prong: str,
    inherent_likelihood: str,
    inherent_impact: str,
    residual_likelihood: str,
    residual_impact: str,
    treatment: str,
    description: str = "",
    category: str = "",
    sources: str = "",
    owner: Any = None,
    rationale: str = "",
    accepted_by: str = "",
    acceptance_review_on: date | None = None,
    factors: Iterable[RiskFactor] = (),
    framework_nodes: Iterable[Node] = (),
) -> Risk:
    risk = Risk(
        register=register,
        title=title.strip(),
        description=description.strip(),
        category=category.strip(),
        prong=prong,
        sources=sources.strip(),
        owner=owner,
        inherent_likelihood=inherent_likelihood,
        inherent_impact=inherent_impact,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
        treatment=treatment,
        rationale=rationale.strip(),
        accepted_by=accepted_by.strip(),
        acceptance_review_on=acceptance_review_on,
    )
    _assess(risk, register.matrix)
    with transaction.atomic():
        last = (
            Register.objects.select_for_update()
            .filter(pk=register.pk)
            .aggregate(last=Max("risks__number"))["last"]
        )
        risk.number = (last or 0) + 1
        risk.full_clean()
        risk.save()
        risk.factors.set(list(factors))
        risk.framework_nodes.set(list(framework_nodes))
        audit_record(
            actor=actor,
            action="risks.risk_create",
            target=risk,
            changes={
                **_risk_fields(risk),
                "factors": sorted(f.code for f in risk.factors.all()),
                "framework_nodes": sorted(n.pk for n in risk.framework_nodes.all()),
            },
        )
    return risk


def risk_update(
    *,
    actor: Any,
    risk: Risk,
    factors: Iterable[RiskFactor] | None = None,
    framework_nodes: Iterable[Node] | None = None,
    **values: Any,
) -> Risk:
    """Change what is given; the levels are recomputed from the register's matrix."""
    allowed = {
        *RISK_TEXT_FIELDS,
        "prong",
        "owner",
        "inherent_likelihood",
        "inherent_impact",
        "residual_likelihood",
        "residual_impact",
        "treatment",
        "acceptance_review_on",
        "is_closed",
    }
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"Unknown risk fields: {sorted(unknown)}")
    before = _risk_fields(risk)
    before_links = {
        "factors": sorted(f.code for f in risk.factors.all()),
        "framework_nodes": sorted(n.pk for n in risk.framework_nodes.all()),
    }
    for name, value in values.items():
        setattr(risk, name, value.strip() if name in RISK_TEXT_FIELDS else value)
    _assess(risk, risk.register.matrix)
    with transaction.atomic():
        risk.full_clean()
        risk.save()
        if factors is not None:
            risk.factors.set(list(factors))
        if framework_nodes is not None:
            risk.framework_nodes.set(list(framework_nodes))
        after_links = {
            "factors": sorted(f.code for f in risk.factors.all()),
            "framework_nodes": sorted(n.pk for n in risk.framework_nodes.all()),
        }
        audit_record(
            actor=actor,
            action="risks.risk_update",
            target=risk,
            changes=changes_between(
                {**before, **before_links}, {**_risk_fields(risk), **after_links}
            ),
        )
    return risk
