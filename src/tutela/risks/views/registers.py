"""Pages of the risk registers: the list, creating one, and a register with its heat map."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tutela.risks import selectors, services
from tutela.risks.forms import RegisterFilterForm, RegisterForm, RiskFilterForm
from tutela.risks.heatmap import heat_map_svg
from tutela.risks.views.refusals import _show_errors


@login_required
def register_list(request: HttpRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    page = Paginator(selectors.register_list(user=request.user, kind=kind), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "risks/register_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_create": selectors.may_create_registers(user=request.user),
        },
    )


@login_required
def register_create(request: HttpRequest) -> HttpResponse:
    organizations, units = selectors.owners_for_new_register(user=request.user)
    form = RegisterForm(
        request.POST or None,
        organizations=organizations,
        units=units,
        matrices=selectors.matrices_for_new_register(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        organization, unit = form.cleaned_data["owner"]
        try:
            register = services.register_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                organization=organization,
                unit=unit,
                matrix=form.cleaned_data["matrix"],
                description=form.cleaned_data["description"],
                template=form.cleaned_data["template"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The register was created."))
            return redirect("risks:register_detail", register.pk)
    return render(request, "risks/register_form.html", {"form": form})


@login_required
def register_detail(request: HttpRequest, risk_register_id: int) -> HttpResponse:
    register = selectors.register_get(user=request.user, register_id=risk_register_id)
    form = RiskFilterForm(request.GET or None, matrix=register.matrix)
    filters = form.cleaned_data if form.is_valid() else {}
    detail = selectors.register_detail(
        user=request.user,
        register_id=risk_register_id,
        view=filters.get("view") or "residual",
        prong=filters.get("prong") or "",
        level=filters.get("level") or "",
        factor_id=filters["factor"].pk if filters.get("factor") else None,
    )
    title = _("Heat map of %(register)s (%(view)s)") % {
        "register": register.name,
        "view": _("inherent") if detail.view == "inherent" else _("residual"),
    }
    return render(
        request,
        "risks/register_detail.html",
        {
            "detail": detail,
            "register": detail.register,
            "form": form,
            "svg": heat_map_svg(detail.heat, chart_id="register-heat", title=title),
            "heat_title": title,
        },
    )
