"""Screening pages: the organization's own listings, adding, uploading and removing them, and
checks of candidates with their possible matches."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tutela.screening import selectors, services
from tutela.screening.forms import (
    CheckBatchForm,
    CheckForm,
    ListingForm,
    ListingRemoveForm,
    ListingUploadForm,
)
from tutela.screening.models import ListingStatus

PAGE_SIZE = 50


def _show_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, found in error.message_dict.items():
            form.add_error(field if field in form.fields else None, found)
    else:
        form.add_error(None, error.messages)


@login_required
def listing_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in ListingStatus.values else ""
    listings = selectors.listing_list(user=request.user, status=status)
    page = Paginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "screening/listing_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ListingStatus.choices,
            "query": f"status={status}" if status else "",
        },
    )


@login_required
def listing_create(request: HttpRequest) -> HttpResponse:
    organizations = selectors.screening_organizations(user=request.user)
    selectors.require_screening_officer(user=request.user)
    form = ListingForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                reference=form.cleaned_data["reference"],
                encoding=form.cleaned_data["encoding"],
                terms=form.terms(),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The listing was added."))
            return redirect("screening:listing_detail", listing.pk)
    return render(request, "screening/listing_form.html", {"form": form})


@login_required
def listing_upload(request: HttpRequest) -> HttpResponse:
    organizations = selectors.screening_organizations(user=request.user)
    selectors.require_screening_officer(user=request.user)
    form = ListingUploadForm(
        request.POST or None, request.FILES or None, organizations=organizations
    )
    if request.method == "POST" and form.is_valid():
        try:
            listings = services.listings_upload(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                text=form.cleaned_data["file"],
                terms=form.terms(),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request, _("%(count)s listings were added.") % {"count": len(listings)}
            )
            return redirect("screening:listing_list")
    return render(request, "screening/listing_upload.html", {"form": form})


@login_required
def listing_detail(request: HttpRequest, screening_listing_id: int) -> HttpResponse:
    listing = selectors.listing_detail(user=request.user, listing_id=screening_listing_id)
    return render(request, "screening/listing_detail.html", {"listing": listing})


@login_required
def listing_remove(request: HttpRequest, screening_listing_id: int) -> HttpResponse:
    listing = selectors.listing_detail(user=request.user, listing_id=screening_listing_id)
    form = ListingRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_remove(
                actor=request.user, listing=listing, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The listing was removed; no check will find it."))
            return redirect("screening:listing_detail", listing.pk)
    return render(request, "screening/listing_remove.html", {"form": form, "listing": listing})


@login_required
def check_list(request: HttpRequest) -> HttpResponse:
    checks = selectors.check_list(user=request.user)
    page = Paginator(checks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "screening/check_list.html", {"page": page, "query": ""})


@login_required
def check_create(request: HttpRequest) -> HttpResponse:
    organizations = selectors.screening_organizations(user=request.user)
    selectors.require_screening_officer(user=request.user)
    form = CheckForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.single_check(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                reference=form.cleaned_data["reference"],
                encoding=form.cleaned_data["encoding"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        except services.QuotaExceededError as error:
            form.add_error(None, str(error))
        else:
            return redirect("screening:check_detail", check.pk)
    return render(request, "screening/check_form.html", {"form": form})


@login_required
def check_batch(request: HttpRequest) -> HttpResponse:
    organizations = selectors.screening_organizations(user=request.user)
    selectors.require_screening_officer(user=request.user)
    form = CheckBatchForm(request.POST or None, request.FILES or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.batch_check(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                text=form.cleaned_data["file"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        except services.QuotaExceededError as error:
            form.add_error(None, str(error))
        else:
            return redirect("screening:check_detail", check.pk)
    return render(request, "screening/check_batch.html", {"form": form})


@login_required
def check_detail(request: HttpRequest, screening_check_id: int) -> HttpResponse:
    check = selectors.check_detail(user=request.user, check_id=screening_check_id)
    matches = selectors.check_matches(check=check)
    return render(
        request, "screening/check_detail.html", {"check": check, "matches": list(matches)}
    )
