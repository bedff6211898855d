"""Pages of visits: the list, logging a visit, reading it and logging its follow-up."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.risks import selectors, services
from tutela.risks.forms import VisitForm
from tutela.risks.views.refusals import _show_errors


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.visit_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "risks/visit_list.html",
        {"page": page, "query": "", "units": selectors.units_kept(user=request.user)},
    )


def _visit_save(request: HttpRequest, form: VisitForm, unit: Any, **extra: Any) -> Any:
    data = form.cleaned_data
    raised = [(data["action_risk"], title, data["action_due_on"]) for title in data["raised"]]
    return services.visit_create(
        actor=request.user,
        unit=unit,
        visited_on=data["visited_on"],
        location=data["location"],
        team=data["team"],
        findings=data["findings"],
        risks=data["risks"],
        raised_actions=raised,
        **extra,
    )


@login_required
def visit_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_for_keeping(user=request.user, unit_id=unit_id)
    form = VisitForm(
        request.POST or None,
        risks=selectors.risks_of_unit(unit=unit),
        initial={"visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = _visit_save(request, form, unit, kind=form.cleaned_data["kind"])
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The visit was logged."))
            return redirect("risks:visit_detail", visit.pk)
    return render(request, "risks/visit_form.html", {"form": form, "unit": unit, "follows": None})


@login_required
def visit_detail(request: HttpRequest, risk_visit_id: int) -> HttpResponse:
    visit = selectors.visit_get(user=request.user, visit_id=risk_visit_id)
    return render(
        request,
        "risks/visit_detail.html",
        {
            "visit": visit,
            "risks": list(
                visit.risks.select_related("register").order_by("register__name", "number")
            ),
            "actions": list(visit.actions_raised.select_related("risk", "owner").order_by("pk")),
            "follow_ups": list(visit.follow_ups.order_by("visited_on")),
            "may_keep": selectors.may_keep_unit(user=request.user, unit=visit.unit),
        },
    )


@login_required
def visit_follow_up(request: HttpRequest, risk_visit_id: int) -> HttpResponse:
    earlier = selectors.visit_for_keeping(user=request.user, visit_id=risk_visit_id)
    actions = list(earlier.actions_raised.select_related("risk").order_by("pk"))
    form = VisitForm(
        request.POST or None,
        risks=selectors.risks_of_unit(unit=earlier.unit),
        earlier_actions=actions,
        initial={"visited_on": timezone.localdate(), "risks": list(earlier.risks.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = _visit_save(
                request,
                form,
                earlier.unit,
                kind="follow_up",
                follows=earlier,
                outcomes=form.outcomes(),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The follow-up visit was logged."))
            return redirect("risks:visit_detail", visit.pk)
    return render(
        request, "risks/visit_form.html", {"form": form, "unit": earlier.unit, "follows": earlier}
    )
