"""Violations pages: the events of the user's countries, the one-page entry with its duplicate
check, two-tier verification, analysis with chart, exports and the vocabularies."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tutela.common.charts import Series, stacked_bars
from tutela.violations import exports, selectors, services
from tutela.violations.early_warning import Quarter
from tutela.violations.forms import (
    GROUPING_CHOICES,
    EngagementForm,
    EngagementStrategyForm,
    EventEntry,
    FilterForm,
    MeasureForm,
    MeasureUpdateForm,
    RatingForm,
    SituationActionForm,
    SituationForm,
    SituationOpenForm,
    VerifyForm,
    entry_rows,
)
from tutela.violations.forms.esf_import import EsfImportForm
from tutela.violations.models import Event, MeasureStatus, Verification
from tutela.violations.regions import country_name
from tutela.violations.selectors import reviews as review_selectors


def _show_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


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


def _range(pair: tuple[int, int]) -> str:
    low, high = pair
    return str(low) if low == high else f"{low}–{high}"  # noqa: RUF001 — a range shown to readers


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


def _quarter(request: HttpRequest) -> Quarter:
    return Quarter.parse(request.GET.get("quarter"), timezone.localdate())


def _quarter_choices(current: Quarter) -> list[Quarter]:
    today = Quarter.of(timezone.localdate())
    return sorted({today, current, *today.back(7)}, reverse=True)


@login_required
def early_warning(request: HttpRequest) -> HttpResponse:
    quarter = _quarter(request)
    scores = selectors.country_scores(user=request.user, quarter=quarter)
    factors = selectors.risk_factors()
    observed = review_selectors.observed_indicators(user=request.user, quarter=quarter)
    return render(
        request,
        "violations/early_warning.html",
        {
            "quarter": quarter,
            "quarters": _quarter_choices(quarter),
            "scores": scores,
            "watchlist": [entry for entry in scores if entry.watch],
            "factors": factors,
            "factor_lines": [
                (
                    entry,
                    review_selectors.factor_lines(entry=entry, factors=factors, observed=observed),
                )
                for entry in scores
            ],
            "regions": selectors.region_options(user=request.user),
        },
    )


@login_required
def risk_rating(request: HttpRequest) -> HttpResponse:
    quarter = _quarter(request)
    country = selectors.rating_country(user=request.user, country=request.GET.get("country", ""))
    ratings = selectors.ratings_of(user=request.user, country=country, quarter=quarter)
    form = RatingForm(
        request.POST or None,
        factors=selectors.risk_factors(),
        ratings=ratings,
        indicators=review_selectors.risk_factor_indicators(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.risk_ratings_save(
                actor=request.user,
                country=country,
                year=quarter.year,
                quarter=quarter.number,
                levels=form.levels(),
                indicators=form.observed(),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("%(count)s ratings recorded.") % {"count": changed})
            return redirect(f"{reverse('violations:early_warning')}?quarter={quarter}")
    return render(
        request,
        "violations/risk_rating.html",
        {
            "form": form,
            "country": country,
            "country_name": country_name(country),
            "countries": selectors.country_options(user=request.user),
            "quarter": quarter,
            "quarters": _quarter_choices(quarter),
        },
    )


def _pack(request: HttpRequest) -> selectors.QuarterlyPack:
    return selectors.quarterly_pack(
        user=request.user, region=request.GET.get("region", ""), quarter=_quarter(request)
    )


@login_required
def quarterly_pack(request: HttpRequest) -> HttpResponse:
    pack = _pack(request)
    countries = [(entry.country, entry.name) for entry in pack.scores]
    measure_form = MeasureForm(
        request.POST if request.POST.get("action") == "add" else None, countries=countries
    )
    update_form = MeasureUpdateForm(
        request.POST if request.POST.get("action") == "update" else None
    )
    if request.method == "POST":
        try:
            if measure_form.is_bound and measure_form.is_valid():
                services.review_measure_add(
                    actor=request.user,
                    region=pack.region_code,
                    year=pack.quarter.year,
                    quarter=pack.quarter.number,
                    **measure_form.cleaned_data,
                )
                messages.success(request, _("The measure was recorded."))
                return redirect(request.get_full_path())
            if update_form.is_bound and update_form.is_valid():
                measure = selectors.measure_for_update(
                    user=request.user, measure_id=update_form.cleaned_data["measure"]
                )
                services.review_measure_update(
                    actor=request.user,
                    measure=measure,
                    status=update_form.cleaned_data["status"],
                    progress_note=update_form.cleaned_data["progress_note"],
                )
                messages.success(request, _("The measure was updated."))
                return redirect(request.get_full_path())
        except ValidationError as error:
            _show_errors(measure_form, error)
    return render(
        request, "violations/quarterly_pack.html", _pack_context(request, pack, measure_form)
    )


def _pack_context(
    request: HttpRequest, pack: selectors.QuarterlyPack, measure_form: Form | None
) -> dict[str, Any]:
    monthly = pack.monthly.rows
    chart = stacked_bars(
        categories=[row.label for row in monthly],
        series=[
            Series(_("Verified"), "#1a5e9a", [row.verified for row in monthly], "#ffffff"),
            Series(
                _("Not yet verified"), "#f4a582", [row.events - row.verified for row in monthly]
            ),
        ],
        title=_("Events per month, this and the three previous quarters"),
        description=_("Verified and not yet verified events per month; the table gives them."),
        chart_id="pack-trend",
    )
    return {
        "pack": pack,
        "factor_lines": [
            (
                entry,
                review_selectors.factor_lines(
                    entry=entry, factors=pack.factors, observed=pack.indicators
                ),
            )
            for entry in pack.scores
        ],
        "chart": chart,
        "measure_form": measure_form,
        "statuses": MeasureStatus.choices,
        "regions": selectors.region_options(user=request.user),
        "quarters": _quarter_choices(pack.quarter),
        "rows": [
            (row, _range(row.killed), _range(row.injured), _range(row.children_killed))
            for row in pack.counts.rows
        ],
    }


@login_required
def quarterly_pack_pdf(request: HttpRequest) -> HttpResponse:
    from weasyprint import HTML

    pack = _pack(request)
    html = render_to_string(
        "violations/quarterly_pack_print.html", _pack_context(request, pack, None)
    )
    # No base_url: the pack loads nothing from outside the document.
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"quarterly-review-{pack.region_code}-{pack.quarter}.pdf"
    )
    services.export_record(
        actor=request.user,
        export_format="quarterly_pack_pdf",
        filters={"region": pack.region_code, "quarter": str(pack.quarter)},
        rows=len(pack.scores),
    )
    return response


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
