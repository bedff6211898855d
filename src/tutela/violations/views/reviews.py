"""Early warning: the country scores, the analysts' ratings and the regional quarterly
review's pack (page and PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from tutela.common.charts import Series, stacked_bars
from tutela.violations import selectors, services
from tutela.violations.early_warning import Quarter
from tutela.violations.forms import (
    MeasureForm,
    MeasureUpdateForm,
    RatingForm,
)
from tutela.violations.models import MeasureStatus
from tutela.violations.regions import country_name
from tutela.violations.selectors import reviews as review_selectors
from tutela.violations.views.shared import _range, _show_errors


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
