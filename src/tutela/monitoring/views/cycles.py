"""Reporting cycles: the list, creating one, opening, closing and publishing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tutela.monitoring import selectors, services
from tutela.monitoring.access import runs_cycle
from tutela.monitoring.forms import CycleForm
from tutela.monitoring.models import CycleStatus


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    cycles = selectors.cycle_list(user=request.user)
    return render(
        request,
        "monitoring/cycle_list.html",
        {
            "cycles": cycles,
            "may_create": selectors.frameworks_for_cycles(user=request.user).exists(),
        },
    )


@login_required
def cycle_create(request: HttpRequest) -> HttpResponse:
    frameworks = selectors.frameworks_for_cycles(user=request.user)
    if not frameworks.exists():
        raise PermissionDenied
    form = CycleForm(request.POST or None, frameworks=frameworks)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = services.cycle_create(
                actor=request.user,
                framework=data["framework"],
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                participation=data["participation"],
                organizations=data["organizations"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The cycle is created as a draft. Open it when ready."))
            return redirect("monitoring:cycle_detail", cycle_id=cycle.pk)
    return render(request, "monitoring/cycle_form.html", {"form": form})


@login_required
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, cycle_id=cycle_id)
    runs = runs_cycle(request.user, cycle)
    return render(
        request,
        "monitoring/cycle_detail.html",
        {
            "cycle": cycle,
            "runs_cycle": runs,
            "counts": selectors.review_counts(user=request.user, cycle=cycle) if runs else None,
            "my_organizations": selectors.my_organizations(user=request.user, cycle=cycle),
            "statuses": CycleStatus,
        },
    )


def _transition(request: HttpRequest, cycle_id: int, action: str) -> HttpResponse:
    cycle = selectors.cycle_for_secretariat(user=request.user, cycle_id=cycle_id)
    change = {
        "open": services.cycle_open,
        "close": services.cycle_close,
        "publish": services.cycle_publish,
    }[action]
    try:
        change(actor=request.user, cycle=cycle)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            {
                "open": _("The cycle is open: the organizations can report."),
                "close": _("The cycle is closed: reports can no longer change."),
                "publish": _("The dashboard is published to every signed-in user."),
            }[action],
        )
    return redirect("monitoring:cycle_detail", cycle_id=cycle.pk)


@login_required
@require_POST
def cycle_open(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _transition(request, cycle_id, "open")


@login_required
@require_POST
def cycle_close(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _transition(request, cycle_id, "close")


@login_required
@require_POST
def cycle_publish(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _transition(request, cycle_id, "publish")
