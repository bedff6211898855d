"""Situations per country, their escalation and strategy, and the engagement tracker."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.violations import selectors, services
from tutela.violations.forms import (
    EngagementForm,
    EngagementStrategyForm,
    SituationActionForm,
    SituationForm,
    SituationOpenForm,
)
from tutela.violations.regions import country_name
from tutela.violations.views.shared import _show_errors


@login_required
def situation_list(request: HttpRequest) -> HttpResponse:
    situations = selectors.situation_list(user=request.user)
    countries = selectors.countries_without_situation(user=request.user)
    form = SituationOpenForm(request.POST or None, countries=countries)
    if request.method == "POST" and form.is_valid():
        try:
            situation = services.situation_open(
                actor=request.user, country=form.cleaned_data["country"]
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            return redirect("violations:situation_edit", situation.pk)
    return render(
        request,
        "violations/situation_list.html",
        {"situations": situations, "form": form if countries else None},
    )


@login_required
def situation_detail(request: HttpRequest, violation_situation_id: int) -> HttpResponse:
    situation = selectors.situation_detail(user=request.user, situation_id=violation_situation_id)
    return render(
        request,
        "violations/situation_detail.html",
        {
            "situation": situation,
            "country_name": country_name(situation.country),
            "actions": list(situation.actions.all()),
            "escalations": list(situation.escalations.select_related("decided_by")),
            "strategies": selectors.situation_strategies(situation=situation),
            "may_edit": situation.country in selectors.recording_countries(user=request.user),
        },
    )


def _situation_form_page(
    request: HttpRequest, situation: Any, form: Form, heading: str
) -> HttpResponse:
    return render(
        request,
        "violations/situation_form.html",
        {"situation": situation, "form": form, "heading": heading},
    )


@login_required
def situation_edit(request: HttpRequest, violation_situation_id: int) -> HttpResponse:
    situation = selectors.situation_for_editing(
        user=request.user, situation_id=violation_situation_id
    )
    initial = {
        "level": situation.level,
        "analysis": situation.analysis,
        "objectives": situation.objectives,
        "capacities": situation.capacities,
        "next_review_on": situation.next_review_on,
        "decided_on": timezone.localdate(),
    }
    form = SituationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.situation_update(
                actor=request.user,
                situation=situation,
                level=data["level"],
                reason=data["reason"],
                decided_on=data["decided_on"] or timezone.localdate(),
                analysis=data["analysis"],
                objectives=data["objectives"],
                capacities=data["capacities"],
                next_review_on=data["next_review_on"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The situation was saved."))
            return redirect("violations:situation_detail", situation.pk)
    return _situation_form_page(request, situation, form, _("Strategy and coordination level"))


@login_required
def situation_action_add(request: HttpRequest, violation_situation_id: int) -> HttpResponse:
    situation = selectors.situation_for_editing(
        user=request.user, situation_id=violation_situation_id
    )
    form = SituationActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.situation_action_add(
                actor=request.user, situation=situation, **form.cleaned_data
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            return redirect("violations:situation_detail", situation.pk)
    return _situation_form_page(request, situation, form, _("Add an action of the strategy"))


@login_required
def engagement_strategy_add(request: HttpRequest, violation_situation_id: int) -> HttpResponse:
    situation = selectors.situation_for_editing(
        user=request.user, situation_id=violation_situation_id
    )
    form = EngagementStrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_strategy_add(
                actor=request.user, situation=situation, **form.cleaned_data
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            return redirect("violations:situation_detail", situation.pk)
    return _situation_form_page(request, situation, form, _("Add an engagement strategy"))


@login_required
def engagement_add(request: HttpRequest, engagement_strategy_id: int) -> HttpResponse:
    strategy = selectors.strategy_for_editing(user=request.user, strategy_id=engagement_strategy_id)
    form = EngagementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_add(actor=request.user, strategy=strategy, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            return redirect("violations:situation_detail", strategy.situation_id)
    return _situation_form_page(
        request,
        strategy.situation,
        form,
        _("Record an engagement: %(title)s") % {"title": strategy.title},
    )
