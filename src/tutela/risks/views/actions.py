"""Pages of mitigating actions: adding and editing one, and the overdue actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tutela.risks import selectors, services
from tutela.risks.forms import ActionForm
from tutela.risks.views.refusals import _show_errors


@login_required
def action_add(request: HttpRequest, risk_id: int) -> HttpResponse:
    risk = selectors.risk_for_keeping(user=request.user, risk_id=risk_id)
    form = ActionForm(
        request.POST or None,
        people=selectors.assignable_people(register=risk.register),
        initial={"status": "planned"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(actor=request.user, risk=risk, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The mitigating action was added."))
            return redirect("risks:risk_detail", risk.pk)
    return render(request, "risks/action_form.html", {"form": form, "risk": risk, "action": None})


@login_required
def action_edit(request: HttpRequest, risk_action_id: int) -> HttpResponse:
    action = selectors.action_for_keeping(user=request.user, action_id=risk_action_id)
    form = ActionForm(
        request.POST or None,
        people=selectors.assignable_people(register=action.risk.register),
        initial={
            "title": action.title,
            "owner": action.owner,
            "due_on": action.due_on,
            "status": action.status,
            "evidence": action.evidence,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The mitigating action was saved."))
            return redirect("risks:risk_detail", action.risk_id)
    return render(
        request, "risks/action_form.html", {"form": form, "risk": action.risk, "action": action}
    )


@login_required
def overdue_actions(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("mine") == "yes"
    actions = selectors.action_list(user=request.user, overdue=True, mine=mine)
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "risks/overdue_actions.html",
        {"page": page, "mine": mine, "query": "mine=yes" if mine else ""},
    )
