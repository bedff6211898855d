"""Pages of quarterly risk reports (generating, editing, submitting and exporting them) and
the receiving body's consolidated view."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tutela.risks import reports, selectors, services
from tutela.risks.forms import (
    ConsolidatedForm,
    ReportEditForm,
    ReportGenerateForm,
    ReportSubmitForm,
)
from tutela.risks.heatmap import heat_map_svg
from tutela.risks.views.refusals import _show_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.report_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "risks/report_list.html",
        {"page": page, "query": "", "units": selectors.units_kept(user=request.user)},
    )


@login_required
def report_generate(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_for_keeping(user=request.user, unit_id=unit_id)
    bodies = selectors.receiving_bodies()
    year, quarter = reports.previous_quarter(*reports.quarter_of(timezone.localdate()))
    form = ReportGenerateForm(
        request.POST or None,
        bodies=bodies,
        initial={
            "year": year,
            "quarter": quarter,
            "receiving_body": bodies.filter(acronym="CDS").first(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_generate(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The report was generated as a draft."))
            return redirect("risks:report_detail", report.pk)
    return render(request, "risks/report_generate.html", {"form": form, "unit": unit})


def _report_context(report: Any) -> dict[str, Any]:
    maps = []
    for number, (entry, heat) in enumerate(selectors.report_heat_maps(report), start=1):
        maps.append(
            {
                "entry": entry,
                "heat": heat,
                "svg": heat_map_svg(heat, chart_id=f"report-heat-{number}", title=entry["name"]),
                "labels": {level["code"]: level["label"] for level in entry["levels"]},
            }
        )
    return {
        "report": report,
        "snapshot": report.snapshot,
        "maps": maps,
        "due_on": reports.due_date(report.year, report.quarter),
    }


@login_required
def report_detail(request: HttpRequest, risk_report_id: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, report_id=risk_report_id)
    context = _report_context(report)
    context["may_keep"] = selectors.may_keep_report(user=request.user, report=report)
    context["submit_form"] = ReportSubmitForm()
    context["intact"] = services.report_snapshot_intact(report) if report.is_frozen else None
    return render(request, "risks/report_detail.html", context)


@login_required
def report_edit(request: HttpRequest, risk_draft_report_id: int) -> HttpResponse:
    report = selectors.report_draft_for_keeping(user=request.user, report_id=risk_draft_report_id)
    form = ReportEditForm(request.POST or None, initial={"narrative": report.narrative})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_generate(
                actor=request.user,
                unit=report.unit,
                year=report.year,
                quarter=report.quarter,
                receiving_body=report.receiving_body,
                narrative=form.cleaned_data["narrative"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The report was regenerated with its narrative."))
            return redirect("risks:report_detail", report.pk)
    return render(request, "risks/report_edit.html", {"form": form, "report": report})


@login_required
@require_POST
def report_submit(request: HttpRequest, risk_draft_report_id: int) -> HttpResponse:
    report = selectors.report_draft_for_keeping(user=request.user, report_id=risk_draft_report_id)
    form = ReportSubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the confirmation to submit the report."))
        return redirect("risks:report_detail", report.pk)
    try:
        services.report_submit(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report was submitted and frozen."))
    return redirect("risks:report_detail", report.pk)


def _filename(report: Any, extension: str) -> str:
    return f"risk-report-{report.unit_id}-{report.year}-Q{report.quarter}.{extension}"


@login_required
def report_xlsx(request: HttpRequest, risk_report_id: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, report_id=risk_report_id)
    content = reports.report_xlsx(report)
    services.report_export_record(actor=request.user, report=report, file_format="xlsx")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, _filename(report, "xlsx"))
    return response


@login_required
def report_pdf(request: HttpRequest, risk_report_id: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, report_id=risk_report_id)
    content = reports.report_pdf(report, {**_report_context(report), "generated": timezone.now()})
    services.report_export_record(actor=request.user, report=report, file_format="pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, _filename(report, "pdf"))
    return response


@login_required
def consolidated(request: HttpRequest) -> HttpResponse:
    quarters = selectors.consolidated_quarters(user=request.user)
    form = ConsolidatedForm(request.GET or None, quarters=quarters)
    year, quarter = form.chosen_period()
    view = selectors.consolidated(user=request.user, year=year, quarter=quarter)
    maps = [
        (matrix, heat, heat_map_svg(heat, chart_id=f"consolidated-{matrix.pk}", title=matrix.name))
        for matrix, heat in view.heat_maps
    ]
    return render(
        request,
        "risks/consolidated.html",
        {"form": form, "view": view, "maps": maps},
    )
