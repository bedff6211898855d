"""The events of the user's countries: the one-page entry with its duplicate check,
two-tier verification, analysis with chart, exports, the ESF import and the vocabularies."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tutela.common.charts import Series, stacked_bars
from tutela.violations import exports, selectors, services
from tutela.violations.forms import (
    GROUPING_CHOICES,
    EventEntry,
    FilterForm,
    VerifyForm,
    entry_rows,
)
from tutela.violations.forms.esf_import import EsfImportForm
from tutela.violations.models import Event, Verification
from tutela.violations.views.shared import _range, _show_errors


def _filter_form(request: HttpRequest) -> FilterForm:
    return FilterForm(
        request.GET or None,
        countries=selectors.country_options(user=request.user),
        regions=selectors.region_options(user=request.user),
    )


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    events = selectors.event_list_page(user=request.user, filters=form.filters())
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "violations/event_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_record": selectors.may_record(user=request.user),
        },
    )


def _entry_page(
    request: HttpRequest, entry: EventEntry, event: Event | None, duplicates: list[Event]
) -> HttpResponse:
    return render(
        request,
        "violations/event_form.html",
        {"entry": entry, "event": event, "duplicates": duplicates},
    )


def _save_entry(request: HttpRequest, entry: EventEntry, event: Event | None) -> HttpResponse:
    """Check for possible duplicates, then save; anything refused is shown with what was typed."""
    if not entry.is_valid():
        return _entry_page(request, entry, event, [])
    data = entry.as_input()
    duplicates = selectors.possible_duplicates(
        user=request.user,
        country=data.country,
        start_date=data.start_date,
        admin2=data.admin2,
        location=data.location,
        act_type_ids=[act.type.pk for act in data.acts],
        exclude_id=event.pk if event else None,
    )
    if duplicates and not entry.confirm_duplicate:
        return _entry_page(request, entry, event, duplicates)
    try:
        if event is None:
            event = services.event_create(actor=request.user, data=data)
            messages.success(request, _("The event was recorded."))
        else:
            services.event_update(actor=request.user, event=event, data=data)
            messages.success(request, _("The event was saved."))
    except ValidationError as error:
        _show_errors(entry.event, error)
        return _entry_page(request, entry, event, [])
    return redirect("violations:event_detail", event.pk)


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    countries = selectors.recording_countries(user=request.user)
    if not countries:
        raise PermissionDenied
    if request.method == "POST":
        return _save_entry(request, EventEntry(request.POST, countries=countries), None)
    return _entry_page(request, EventEntry(countries=countries), None, [])


@login_required
def event_edit(request: HttpRequest, violation_event_id: int) -> HttpResponse:
    event = selectors.event_for_editing(user=request.user, event_id=violation_event_id)
    countries = selectors.recording_countries(user=request.user)
    if request.method == "POST":
        return _save_entry(request, EventEntry(request.POST, countries=countries), event)
    initial, rows = entry_rows(event)
    return _entry_page(
        request, EventEntry(countries=countries, initial=initial, rows=rows), event, []
    )


def _detail_page(
    request: HttpRequest, event: Event, names: dict[int, str] | None = None
) -> HttpResponse:
    return render(
        request,
        "violations/event_detail.html",
        {
            "event": event,
            "names": names or {},
            "names_shown": names is not None,
            "may_edit": selectors.may_edit(user=request.user, event=event),
            "casualties": list(event.casualties.all()),
        },
    )


@login_required
def event_detail(request: HttpRequest, violation_event_id: int) -> HttpResponse:
    event = selectors.event_detail(user=request.user, event_id=violation_event_id)
    return _detail_page(request, event)


@login_required
@require_POST
def person_names(request: HttpRequest, violation_event_id: int) -> HttpResponse:
    event = selectors.event_for_editing(user=request.user, event_id=violation_event_id)
    names = services.person_names_reveal(actor=request.user, event=event)
    return _detail_page(request, event, names)


@login_required
def event_verify(request: HttpRequest, violation_event_id: int) -> HttpResponse:
    event = selectors.event_for_editing(user=request.user, event_id=violation_event_id)
    form = VerifyForm(request.POST or None, initial={"verified_on": timezone.localdate()})
    complete = event.verification in (Verification.VERIFIED, Verification.NOT_OCCURRED)
    if request.method == "POST" and not complete and form.is_valid():
        try:
            services.event_verify(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The verification was recorded."))
            return redirect("violations:event_detail", event.pk)
    tier = 1 if event.verification == Verification.REPORTED else 2
    return render(
        request,
        "violations/event_verify.html",
        {"event": event, "form": form, "tier": tier, "complete": complete},
    )


@login_required
def analysis(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    by = form.grouping()
    counts = selectors.violation_counts(user=request.user, by=by, filters=form.filters())
    shown = counts.rows[:12]
    chart = stacked_bars(
        categories=[row.label for row in shown],
        series=[
            Series(_("Verified"), "#1a5e9a", [row.verified for row in shown], "#ffffff"),
            Series(
                _("Not yet verified"),
                "#f4a582",
                [row.events - row.verified for row in shown],
            ),
        ],
        title=_("Events by %(grouping)s") % {"grouping": dict(GROUPING_CHOICES)[by]},
        description=_("Verified and not yet verified events; the table gives every figure."),
        chart_id="violations-chart",
    )
    query = request.GET.copy()
    return render(
        request,
        "violations/analysis.html",
        {
            "form": form,
            "counts": counts,
            "chart": chart,
            "query": query.urlencode(),
            "rows": [
                (row, _range(row.killed), _range(row.injured), _range(row.children_killed))
                for row in counts.rows
            ],
            "total": (
                _range(counts.total.killed),
                _range(counts.total.injured),
                _range(counts.total.children_killed),
            ),
        },
    )


def _export_events(request: HttpRequest) -> tuple[Any, Any]:
    form = _filter_form(request)
    filters = form.filters()
    return filters, selectors.events_for_export(user=request.user, filters=filters)


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    filters, events = _export_events(request)
    rows = exports.acled_rows(events)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename="violations-acled.csv"
    )
    writer = csv.DictWriter(response, fieldnames=exports.ACLED_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    services.export_record(
        actor=request.user, export_format="acled_csv", filters=filters.as_dict(), rows=len(rows)
    )
    return response


@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    filters, events = _export_events(request)
    document = exports.esf_document(events)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename="violations-esf.json"
    )
    services.export_record(
        actor=request.user,
        export_format="esf_json",
        filters=filters.as_dict(),
        rows=len(document["events"]),
    )
    return response


@login_required
def import_json(request: HttpRequest) -> HttpResponse:
    """Upload an ESF JSON file: every event is recorded, or none and every problem is listed."""
    if not selectors.recording_countries(user=request.user):
        raise PermissionDenied
    form = EsfImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "read": None, "errors": [], "created": []}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        context.update(file_name=upload.name, file_size=upload.size, read=form.events_read())
        try:
            context["created"] = exports.esf_import(
                actor=request.user, document=form.document, source=upload.name
            )
        except ValidationError as error:
            context["errors"] = error.messages
        else:
            messages.success(
                request,
                _("%(count)s events were imported.") % {"count": len(context["created"])},
            )
    return render(request, "violations/event_import.html", context)


@login_required
def vocabulary_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "violations/vocabulary_list.html",
        {"vocabularies": selectors.vocabularies(user=request.user)},
    )
