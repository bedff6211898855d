"""My reporting (focal points), a report's page and history, the secretariat's review, evidence
files and the reporting workbook."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tutela.frameworks.models import StatusLevel
from tutela.monitoring import selectors, services
from tutela.monitoring.access import runs_cycle, writes_report
from tutela.monitoring.dashboard import SECTION_PAGING_THRESHOLD, sections_of
from tutela.monitoring.forms import ReportForm, ReturnForm, ReviewFilterForm, WorkbookImportForm
from tutela.monitoring.imports import reports_import
from tutela.monitoring.models import CycleStatus, ReportingCycle, ReportState, StatusReport
from tutela.monitoring.workbooks import XLSX_TYPE, reporting_workbook


def _int(value: str | None) -> int | None:
    if value and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def _levels(cycle: ReportingCycle) -> list[StatusLevel]:
    return selectors.scale_levels(cycle=cycle)


@login_required
def my_reporting(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "monitoring/my_reporting.html",
        {"panel": {"cycles": selectors.my_open_cycles(user=request.user)}},
    )


@login_required
def report_form(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Every node the organization reports on in the cycle, each with its own small form."""
    cycle = selectors.my_cycle(user=request.user, cycle_id=cycle_id)
    organization = selectors.my_organization(
        user=request.user, cycle=cycle, organization_id=_int(request.GET.get("organization"))
    )
    sections = sections_of(cycle)
    section = next((s for s in sections if s.id == _int(request.GET.get("section"))), None)
    reports = selectors.my_reports(
        user=request.user,
        cycle=cycle,
        organization=organization,
        section_key=section.sort_key if section else "",
    )
    page = Paginator(reports, SECTION_PAGING_THRESHOLD).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/report_form.html",
        {
            "cycle": cycle,
            "organization": organization,
            "organizations": selectors.my_organizations(user=request.user, cycle=cycle),
            "sections": sections,
            "section": section,
            "page": page,
            "query": query.urlencode(),
            "levels": _levels(cycle),
            "is_open": cycle.status == CycleStatus.OPEN,
        },
    )


@login_required
@require_POST
def reports_submit(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.my_cycle(user=request.user, cycle_id=cycle_id)
    organization = selectors.my_organization(
        user=request.user, cycle=cycle, organization_id=_int(request.POST.get("organization"))
    )
    try:
        result = services.report_submit(actor=request.user, cycle=cycle, organization=organization)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(submitted)d reports submitted; %(left)d without a status stay drafts.")
            % {"submitted": result.submitted, "left": result.without_status},
        )
    url = reverse("monitoring:report_form", kwargs={"cycle_id": cycle.pk})
    return redirect(f"{url}?organization={organization.pk}")


def _report_page(
    request: HttpRequest, report: StatusReport, form: ReportForm | None = None
) -> HttpResponse:
    may_edit = (
        writes_report(request.user, report)
        and report.is_editable
        and report.cycle.status == CycleStatus.OPEN
    )
    runs = runs_cycle(request.user, report.cycle)
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "cycle": report.cycle,
            "history": selectors.report_history(user=request.user, report=report),
            "evidence_files": report.evidence_files.defer("content").order_by("uploaded_at"),
            "levels": _levels(report.cycle),
            "may_edit": may_edit,
            "form": form,
            "may_review": runs and report.state == ReportState.SUBMITTED,
            "return_form": ReturnForm(),
        },
        status=400 if form is not None else 200,
    )


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, report_id=report_id)
    return _report_page(request, report)


@login_required
@require_POST
def report_save(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for_focal_point(user=request.user, report_id=report_id)
    levels = selectors.report_scale_levels(report=report)
    form = ReportForm(request.POST, request.FILES, levels=levels)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_save(
                actor=request.user,
                report=report,
                level=data["level"],
                progress=data["progress"],
                constraints=data["constraints"],
                kpi_value=data["kpi_value"],
                evidence_links=form.links(),
                evidence_files=data["evidence_files"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Draft saved for %(node)s.") % {"node": report.node.ref_id or report.node},
            )
            url = reverse("monitoring:report_form", kwargs={"cycle_id": report.cycle_id})
            return redirect(f"{url}?organization={report.organization_id}#report-{report.pk}")
    return _report_page(request, report, form)


@login_required
def review(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_for_secretariat(user=request.user, cycle_id=cycle_id)
    form = ReviewFilterForm(
        request.GET or None, organizations=cycle.organizations.order_by("acronym")
    )
    organization_id, state = None, ""
    if form.is_valid():
        organization = form.cleaned_data["organization"]
        organization_id = organization.pk if organization else None
        state = form.cleaned_data["state"]
    reports = selectors.review_reports(
        user=request.user, cycle=cycle, organization_id=organization_id, state=state
    )
    page = Paginator(reports, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/review.html",
        {
            "cycle": cycle,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "counts": selectors.review_counts(user=request.user, cycle=cycle),
            "scale_code": cycle.framework.status_scale.code,
            "organization_id": organization_id or "",
            "states": ReportState,
        },
    )


def _back_to_review(request: HttpRequest, cycle_id: int) -> HttpResponse:
    url = reverse("monitoring:review", kwargs={"cycle_id": cycle_id})
    query = request.POST.get("query", "")
    return redirect(f"{url}?{query}" if query and "\x00" not in query else url)


@login_required
@require_POST
def report_return(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for_secretariat(user=request.user, report_id=report_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what needs to change before returning a report."))
        return _back_to_review(request, report.cycle_id)
    try:
        services.report_return(
            actor=request.user, report=report, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Returned to %(acronym)s with your comment.")
            % {"acronym": report.organization.acronym},
        )
    return _back_to_review(request, report.cycle_id)


@login_required
@require_POST
def report_validate(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for_secretariat(user=request.user, report_id=report_id)
    try:
        services.report_validate(actor=request.user, cycle=report.cycle, reports=[report])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Report validated and locked."))
    return _back_to_review(request, report.cycle_id)


@login_required
@require_POST
def reports_validate(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Bulk validation: the ticked reports, or every submitted report (of one organization)."""
    cycle = selectors.cycle_for_secretariat(user=request.user, cycle_id=cycle_id)
    ids = [number for number in (_int(value) for value in request.POST.getlist("report")) if number]
    organization_id = _int(request.POST.get("organization"))
    organization = (
        cycle.organizations.filter(pk=organization_id).first() if organization_id else None
    )
    try:
        if request.POST.get("scope") == "all":
            count = services.report_validate(
                actor=request.user, cycle=cycle, organization=organization
            )
        elif ids:
            chosen = selectors.reports_for_bulk(user=request.user, cycle=cycle, report_ids=ids)
            count = services.report_validate(actor=request.user, cycle=cycle, reports=chosen)
        else:
            count = 0
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)d reports validated.") % {"count": count})
    return _back_to_review(request, cycle.pk)


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = selectors.evidence_get(user=request.user, evidence_id=evidence_id)
    response = FileResponse(
        io.BytesIO(bytes(evidence.content)),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def workbook_export(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.workbook_cycle(user=request.user, cycle_id=cycle_id)
    organization = selectors.workbook_organization(
        user=request.user, cycle=cycle, organization_id=_int(request.GET.get("organization"))
    )
    prefilled = request.GET.get("prefilled") == "1"
    reports = selectors.organization_reports(
        user=request.user, cycle=cycle, organization=organization
    )
    if not prefilled:
        reports = reports.select_related(None).select_related("node")
    codes = [(level.code, level.label) for level in selectors.scale_levels(cycle=cycle)]
    content = reporting_workbook(
        cycle=cycle, organization=organization, reports=reports, codes=codes, prefilled=prefilled
    )
    services.export_record(
        actor=request.user,
        cycle=cycle,
        what="workbook",
        details={"organization": organization.acronym, "prefilled": prefilled},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    filename = f"reporting-{cycle.pk}-{organization.acronym}.xlsx".replace(" ", "_")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def workbook_import(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.workbook_cycle(user=request.user, cycle_id=cycle_id)
    organization_id = _int(request.POST.get("organization") or request.GET.get("organization"))
    organization = selectors.workbook_organization(
        user=request.user, cycle=cycle, organization_id=organization_id
    )
    choices = (
        list(cycle.organizations.order_by("acronym"))
        if runs_cycle(request.user, cycle)
        else selectors.my_organizations(user=request.user, cycle=cycle)
    )
    form = WorkbookImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        result = reports_import(
            actor=request.user,
            cycle=cycle,
            organization=organization,
            upload=form.cleaned_data["workbook"],
        )
        if result.accepted:
            messages.success(
                request,
                _("Workbook imported: %(changed)d reports changed, %(unchanged)d unchanged.")
                % {"changed": result.changed, "unchanged": result.unchanged},
            )
        else:
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "monitoring/workbook_import.html",
        {
            "cycle": cycle,
            "organization": organization,
            "choices": choices,
            "form": form,
            "result": result,
        },
        status=status,
    )
