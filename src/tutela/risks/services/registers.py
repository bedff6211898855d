"""Creating risk registers, optionally filled from a register template with its risks,
framework links, factors and actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record
from tutela.frameworks.models import Framework, FrameworkStatus, Node
from tutela.organizations.models import Organization, Unit
from tutela.risks import library
from tutela.risks.models import Register, RiskFactor, RiskMatrix, Treatment
from tutela.risks.services.actions import action_create
from tutela.risks.services.risks import risk_create


def _register_fields(register: Register) -> dict[str, Any]:
    return {
        "name": register.name,
        "kind": register.kind,
        "organization": register.organization_id,
        "unit": register.unit_id,
        "matrix": f"{register.matrix.code} v{register.matrix.version}",
        "description": register.description,
        "template": register.template,
    }


def register_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    organization: Organization,
    matrix: RiskMatrix,
    unit: Unit | None = None,
    description: str = "",
    template: str = "",
) -> Register:
    if unit is not None and unit.organization_id != organization.pk:
        raise ValidationError({"unit": _("The unit belongs to another organization.")})
    register = Register(
        name=name.strip(),
        kind=kind,
        organization=organization,
        unit=unit,
        matrix=matrix,
        description=description.strip(),
        template=template,
    )
    with transaction.atomic():
        if Register.objects.filter(
            organization=organization, unit=unit, name=register.name
        ).exists():
            raise ValidationError({"name": _("This owner already has a register of that name.")})
        register.full_clean()
        register.save()
        audit_record(
            actor=actor,
            action="risks.register_create",
            target=register,
            changes=_register_fields(register),
        )
        if template:
            _template_apply(actor=actor, register=register, code=template)
    return register


def _middle(levels: list[dict[str, Any]]) -> str:
    return str(levels[len(levels) // 2]["code"])


def _template_apply(*, actor: Any, register: Register, code: str) -> None:
    """Add the template's risks, assessed at the matrix's middle levels until the unit rates
    them, with their framework links, factors and associated actions."""
    spec = library.register_template(code)
    framework = (
        Framework.objects.filter(slug=spec["framework"], status=FrameworkStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )
    nodes_by_ref = (
        {node.ref_id: node for node in Node.objects.filter(framework=framework)}
        if framework
        else {}
    )
    factors = {factor.code: factor for factor in RiskFactor.objects.all()}
    matrix = register.matrix
    likelihood, impact = _middle(matrix.likelihood_levels), _middle(matrix.impact_levels)
    for entry in spec["risks"]:
        risk = risk_create(
            actor=actor,
            register=register,
            title=entry["title"],
            description=entry.get("description", ""),
            prong=entry.get("prong", "prevention"),
            inherent_likelihood=likelihood,
            inherent_impact=impact,
            residual_likelihood=likelihood,
            residual_impact=impact,
            treatment=Treatment.REDUCE,
            rationale=_("From the %(template)s template; rate it for this unit.")
            % {"template": spec["name"]},
            factors=[factors[c] for c in entry.get("factors", []) if c in factors],
            framework_nodes=[nodes_by_ref[r] for r in entry.get("nodes", []) if r in nodes_by_ref],
        )
        for title in entry.get("actions", []):
            action_create(actor=actor, risk=risk, title=title)
