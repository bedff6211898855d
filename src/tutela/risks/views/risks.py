"""Pages of a risk: recording, reading and editing one, and importing risks from a workbook."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tutela.risks import imports, selectors, services
from tutela.risks.forms import RiskForm, RiskImportForm
from tutela.risks.models import Risk
from tutela.risks.views.refusals import _show_errors

RISK_FIELDS = (
    "title",
    "description",
    "category",
    "prong",
    "sources",
    "owner",
    "inherent_likelihood",
    "inherent_impact",
    "residual_likelihood",
    "residual_impact",
    "treatment",
    "rationale",
    "accepted_by",
    "acceptance_review_on",
)


def _risk_form(request: HttpRequest, register: Any, **kwargs: Any) -> RiskForm:
    return RiskForm(
        request.POST or None,
        matrix=register.matrix,
        people=selectors.assignable_people(register=register),
        nodes=selectors.linkable_nodes(user=request.user),
        **kwargs,
    )


@login_required
def risk_create(request: HttpRequest, risk_register_id: int) -> HttpResponse:
    register = selectors.register_for_keeping(user=request.user, register_id=risk_register_id)
    form = _risk_form(request, register)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            risk = services.risk_create(
                actor=request.user,
                register=register,
                factors=data["factors"],
                framework_nodes=data["framework_nodes"],
                **{name: data[name] for name in RISK_FIELDS},
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request,
                _("The risk %(ref)s was recorded: residual level %(level)s.")
                % {
                    "ref": risk.reference,
                    "level": register.matrix.level(risk.residual_level)["label"],
                },
            )
            return redirect("risks:risk_detail", risk.pk)
    return render(
        request, "risks/risk_form.html", {"form": form, "register": register, "risk": None}
    )


@login_required
def risk_detail(request: HttpRequest, risk_id: int) -> HttpResponse:
    detail = selectors.risk_detail(user=request.user, risk_id=risk_id)
    matrix = detail.risk.register.matrix
    return render(
        request,
        "risks/risk_detail.html",
        {
            "detail": detail,
            "risk": detail.risk,
            "register": detail.risk.register,
            "inherent": matrix.level(detail.risk.inherent_level),
            "residual": matrix.level(detail.risk.residual_level),
            "labels": {
                "inherent_likelihood": matrix.label_of(
                    "likelihood", detail.risk.inherent_likelihood
                ),
                "inherent_impact": matrix.label_of("impact", detail.risk.inherent_impact),
                "residual_likelihood": matrix.label_of(
                    "likelihood", detail.risk.residual_likelihood
                ),
                "residual_impact": matrix.label_of("impact", detail.risk.residual_impact),
            },
        },
    )


def _risk_initial(risk: Risk) -> dict[str, Any]:
    initial = {name: getattr(risk, name) for name in RISK_FIELDS}
    initial["factors"] = list(risk.factors.all())
    initial["framework_nodes"] = list(risk.framework_nodes.all())
    initial["is_closed"] = risk.is_closed
    return initial


@login_required
def risk_edit(request: HttpRequest, risk_id: int) -> HttpResponse:
    risk = selectors.risk_for_keeping(user=request.user, risk_id=risk_id)
    form = _risk_form(request, risk.register, editing=True, initial=_risk_initial(risk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.risk_update(
                actor=request.user,
                risk=risk,
                factors=data["factors"],
                framework_nodes=data["framework_nodes"],
                is_closed=data["is_closed"],
                **{name: data[name] for name in RISK_FIELDS},
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The risk was saved."))
            return redirect("risks:risk_detail", risk.pk)
    return render(
        request, "risks/risk_form.html", {"form": form, "register": risk.register, "risk": risk}
    )


@login_required
def risk_import(request: HttpRequest, risk_register_id: int) -> HttpResponse:
    register = selectors.register_for_keeping(user=request.user, register_id=risk_register_id)
    form = RiskImportForm(request.POST or None, request.FILES or None)
    rejected: list[imports.RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            headers, rows = imports.workbook_rows(form.cleaned_data["upload"])
            count = imports.risks_import(
                actor=request.user,
                register=register,
                headers=headers,
                rows=rows,
                mapping=form.mapping(),
            )
        except imports.ImportRejectedError as error:
            rejected = error.rows
            form.add_error(None, _("Nothing was imported; correct the rows listed below."))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("%(count)s risks were imported.") % {"count": count})
            return redirect("risks:register_detail", register.pk)
    return render(
        request,
        "risks/risk_import.html",
        {"form": form, "register": register, "rejected": rejected},
    )
