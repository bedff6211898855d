"""Pages of duty station health risk assessments: the stations, recording one and reading it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.risks import selectors, services
from tutela.risks.forms import HealthAssessmentForm
from tutela.risks.library import health_scheme
from tutela.risks.views.refusals import _show_errors


@login_required
def health_list(request: HttpRequest) -> HttpResponse:
    scheme = health_scheme()
    return render(
        request,
        "risks/health_list.html",
        {
            "stations": selectors.health_stations(user=request.user),
            "scale": {level["code"]: level for level in scheme["scale"]},
            "scheme": scheme,
            "units": selectors.units_kept(user=request.user),
        },
    )


@login_required
def health_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_for_keeping(user=request.user, unit_id=unit_id)
    form = HealthAssessmentForm(
        request.POST or None, scheme=health_scheme(), initial={"assessed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.health_assessment_record(
                actor=request.user,
                unit=unit,
                assessed_on=form.cleaned_data["assessed_on"],
                assessor=form.cleaned_data["assessor"],
                notes=form.cleaned_data["notes"],
                ratings=form.ratings(),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The health risk assessment was recorded."))
            return redirect("risks:health_detail", assessment.pk)
    return render(request, "risks/health_form.html", {"form": form, "unit": unit})


@login_required
def health_detail(request: HttpRequest, risk_health_assessment_id: int) -> HttpResponse:
    assessment = selectors.health_assessment_get(
        user=request.user, assessment_id=risk_health_assessment_id
    )
    scheme = health_scheme()
    scale = {level["code"]: level for level in scheme["scale"]}
    rows = [
        (element["label"], scale.get(assessment.ratings.get(element["code"], ""), {}))
        for element in scheme["elements"]
    ]
    return render(
        request,
        "risks/health_detail.html",
        {"assessment": assessment, "rows": rows, "indicator": scale.get(assessment.indicator, {})},
    )
