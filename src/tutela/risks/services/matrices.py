"""Risk matrices and the shipped factor library: storing a matrix definition (a new
version once a register uses it) and loading what the library ships."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tutela.audit.services import audit_record
from tutela.risks import library
from tutela.risks.models import RiskFactor, RiskMatrix


def matrix_save(*, actor: Any, data: Any, is_shipped: bool = False) -> tuple[RiskMatrix, str]:
    """Store a matrix definition: "created", "unchanged", "updated" (not yet used by any
    register) or "new_version" (a register uses the old one, which is kept as it was)."""
    cleaned = library.matrix_definition_clean(data)
    digest = library.definition_sha256(cleaned)
    with transaction.atomic():
        latest = (
            RiskMatrix.objects.select_for_update()
            .filter(code=cleaned["code"])
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.definition_sha256 == digest:
            return latest, "unchanged"
        if latest is not None and not latest.registers.exists():
            matrix, outcome = latest, "updated"
        else:
            matrix = RiskMatrix(code=cleaned["code"], version=latest.version + 1 if latest else 1)
            outcome = "new_version" if latest else "created"
        matrix.name = cleaned["name"]
        matrix.description = cleaned["description"]
        matrix.definition = cleaned["definition"]
        matrix.definition_sha256 = digest
        matrix.is_shipped = is_shipped
        matrix.full_clean()
        matrix.save()
        audit_record(
            actor=actor,
            action=f"risks.matrix_{outcome}",
            target=matrix,
            changes={"code": matrix.code, "version": matrix.version, "sha256": digest},
        )
    return matrix, outcome


@dataclass
class LoadSummary:
    matrices: dict[str, str] = field(default_factory=dict)
    factors_created: int = 0
    factors_kept: int = 0


def library_load(*, actor: Any = None) -> LoadSummary:
    """Load the shipped matrices and risk factors; running it again changes nothing.

    A factor already in the database is kept as it is there: the library is a starting point
    that the secretariat edits.
    """
    summary = LoadSummary()
    with transaction.atomic():
        for data in library.shipped_matrices():
            matrix, outcome = matrix_save(
                actor=actor,
                data={
                    "code": data["code"],
                    "name": data["name"],
                    "description": data["description"],
                    **data["definition"],
                },
                is_shipped=True,
            )
            summary.matrices[f"{matrix.code} v{matrix.version}"] = outcome
        existing = set(RiskFactor.objects.values_list("code", flat=True))
        new = [
            RiskFactor(**factor)
            for factor in library.shipped_factors()
            if factor["code"] not in existing
        ]
        RiskFactor.objects.bulk_create(new)
        summary.factors_created = len(new)
        summary.factors_kept = len(existing)
        if new:
            audit_record(
                actor=actor,
                action="risks.factors_load",
                object_type="risks.riskfactor",
                changes={"created": [factor.code for factor in new]},
            )
    return summary
