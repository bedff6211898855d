"""Pages of the risk matrices (with an empty heat map of each) and of the risk factor library."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tutela.risks import selectors, services
from tutela.risks.forms import MatrixForm
from tutela.risks.heatmap import heat_map, heat_map_svg
from tutela.risks.library import yaml_read


@login_required
def matrix_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "risks/matrix_list.html",
        {
            "matrices": selectors.matrix_list(user=request.user),
            "may_add": selectors.may_add_matrices(user=request.user),
        },
    )


@login_required
def matrix_detail(request: HttpRequest, risk_matrix_id: int) -> HttpResponse:
    matrix = selectors.matrix_get(user=request.user, matrix_id=risk_matrix_id)
    empty = [[0] * len(matrix.impact_levels) for _ in matrix.likelihood_levels]
    heat = heat_map(matrix.definition, empty)
    return render(
        request,
        "risks/matrix_detail.html",
        {
            "matrix": matrix,
            "heat": heat,
            "svg": heat_map_svg(heat, chart_id="matrix", title=matrix.name),
        },
    )


@login_required
def matrix_create(request: HttpRequest) -> HttpResponse:
    selectors.require_matrix_author(user=request.user)
    form = MatrixForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            matrix, outcome = services.matrix_save(
                actor=request.user, data=yaml_read(form.cleaned_data["definition"])
            )
        except ValidationError as error:
            form.add_error("definition", error.messages)
        else:
            if outcome == "unchanged":
                messages.info(request, _("This matrix is already there, unchanged."))
            else:
                messages.success(request, _("The matrix was saved."))
            return redirect("risks:matrix_detail", matrix.pk)
    return render(request, "risks/matrix_form.html", {"form": form})


@login_required
def factor_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "risks/factor_list.html", {"factors": selectors.factor_list(user=request.user)}
    )
