"""The directory: organizations and their units, bodies, groups, and an organization's people."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tutela.organizations import selectors
from tutela.organizations.forms import OrganizationFilterForm


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    form = OrganizationFilterForm(request.GET or None)
    search = type_ = ""
    if form.is_valid():
        search, type_ = form.cleaned_data["search"], form.cleaned_data["type"]
    organizations = selectors.organization_list(user=request.user, search=search, type=type_)
    page = Paginator(organizations, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organizations/organization_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def organization_detail(request: HttpRequest, organization_id: int) -> HttpResponse:
    profile = selectors.organization_profile(user=request.user, organization_id=organization_id)
    return render(request, "organizations/organization_detail.html", {"profile": profile})


@login_required
def organization_people(request: HttpRequest, organization_id: int) -> HttpResponse:
    memberships = selectors.organization_people(user=request.user, organization_id=organization_id)
    organization = selectors.organization_get(user=request.user, organization_id=organization_id)
    return render(
        request,
        "organizations/organization_people.html",
        {"organization": organization, "memberships": memberships},
    )


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_get(user=request.user, unit_id=unit_id)
    return render(
        request,
        "organizations/unit_detail.html",
        {"unit": unit, "descendants": selectors.unit_children(user=request.user, unit=unit)},
    )


@login_required
def body_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "organizations/body_list.html", {"bodies": selectors.body_list(user=request.user)}
    )


@login_required
def body_detail(request: HttpRequest, body_id: int) -> HttpResponse:
    return render(
        request,
        "organizations/body_detail.html",
        {"body": selectors.body_get(user=request.user, body_id=body_id)},
    )


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organizations/group_list.html",
        {"groups": selectors.group_list(user=request.user)},
    )


@login_required
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    return render(
        request,
        "organizations/group_detail.html",
        {"group": selectors.group_get(user=request.user, group_id=group_id)},
    )
