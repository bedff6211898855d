"""Reading risk matrices and the risk factor library, which every signed-in user may see;
only the secretariat adds matrices."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from tutela.risks.access import can_add_matrices
from tutela.risks.models import RiskFactor, RiskMatrix
from tutela.risks.selectors.scope import _signed_in


def matrix_list(*, user: Any) -> QuerySet[RiskMatrix]:
    _signed_in(user)
    return RiskMatrix.objects.annotate(register_count=Count("registers")).order_by(
        "code", "-version"
    )


def matrix_get(*, user: Any, matrix_id: int) -> RiskMatrix:
    _signed_in(user)
    return get_object_or_404(RiskMatrix, pk=matrix_id)


def matrices_for_new_register(*, user: Any) -> QuerySet[RiskMatrix]:
    """The newest version of each matrix."""
    _signed_in(user)
    newest: dict[str, int] = {}
    for pk, code in RiskMatrix.objects.order_by("code", "-version").values_list("pk", "code"):
        newest.setdefault(code, pk)
    return RiskMatrix.objects.filter(pk__in=newest.values()).order_by("name")


def may_add_matrices(*, user: Any) -> bool:
    return can_add_matrices(user)


def require_matrix_author(*, user: Any) -> None:
    _signed_in(user)
    if not can_add_matrices(user):
        raise PermissionDenied


def factor_list(*, user: Any) -> QuerySet[RiskFactor]:
    _signed_in(user)
    return RiskFactor.objects.order_by("order", "code")
