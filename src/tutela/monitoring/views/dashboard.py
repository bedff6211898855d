"""The dashboard of a cycle: the organizations x nodes matrix, a node's page with its trend, an
organization's page, the matrix exports and the committee pack."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from tutela.common.charts import Series, stacked_bars
from tutela.monitoring import selectors, services
from tutela.monitoring.access import runs_cycle
from tutela.monitoring.dashboard import (
    Matrix,
    css_class,
    levels_of,
    matrix,
    matrix_header_and_footer,
    matrix_rows,
    node_trend,
    percent,
    sections_of,
)
from tutela.monitoring.forms import DashboardFilterForm, MatrixImportForm
from tutela.monitoring.imports import matrix_import as consolidated_import
from tutela.monitoring.models import ReportingCycle
from tutela.monitoring.pack import committee_pack_pdf
from tutela.monitoring.workbooks import XLSX_TYPE, matrix_csv, matrix_xlsx


def _int(value: str | None) -> int | None:
    if value and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def _matrix_for(
    request: HttpRequest, cycle: ReportingCycle, *, everything: bool = False
) -> tuple[Matrix, DashboardFilterForm]:
    sections = sections_of(cycle)
    levels = levels_of(cycle)
    form = DashboardFilterForm(request.GET or None, sections=sections, levels=levels)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = form.cleaned_data
    m = matrix(
        user=request.user,
        cycle=cycle,
        section_id=filters.get("section"),
        organization_type=filters.get("organization_type", ""),
        level_code=filters.get("status", ""),
        published_view=bool(filters.get("published")),
        all_sections=everything,
        levels=levels,
        sections=sections,
    )
    return m, form


@login_required
def dashboard(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_for_dashboard(user=request.user, cycle_id=cycle_id)
    m, form = _matrix_for(request, cycle)
    node_url = reverse("monitoring:dashboard_node", kwargs={"cycle_id": cycle.pk})
    organization_url = reverse("monitoring:dashboard_organization", kwargs={"cycle_id": cycle.pk})
    header, footer = matrix_header_and_footer(m, organization_url=organization_url)
    query = request.GET.copy()
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "cycle": cycle,
            "matrix": m,
            "form": form,
            "rows": matrix_rows(m, node_url=node_url),
            "header": header,
            "footer": footer,
            "runs_cycle": runs_cycle(request.user, cycle),
            "query": query.urlencode(),
        },
    )


@login_required
def dashboard_node(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_for_dashboard(user=request.user, cycle_id=cycle_id)
    node = selectors.reportable_node(
        user=request.user, cycle=cycle, node_id=_int(request.GET.get("node"))
    )
    published_only = not runs_cycle(request.user, cycle)
    reports = selectors.node_reports(
        user=request.user, cycle=cycle, node=node, published_only=published_only
    )
    trend = node_trend(user=request.user, cycle=cycle, node=node)
    levels = levels_of(cycle)
    chart = stacked_bars(
        categories=[point.label for point in trend],
        series=[
            Series(
                f"{level.code} — {level.label}",
                level.colour,
                [point.counts.get(level.code, 0) for point in trend],
                level.text_colour,
            )
            for level in levels
        ],
        title=_("Statuses reported on %(node)s, cycle by cycle") % {"node": node.ref_id or node},
        description=_("Stacked bars: how many organizations reported each status in each cycle."),
        chart_id=f"trend-{node.pk}",
    )
    scale = cycle.framework.status_scale.code
    return render(
        request,
        "monitoring/dashboard_node.html",
        {
            "cycle": cycle,
            "node": node,
            "reports": reports,
            "chart": chart,
            "trend": [
                {
                    "title": point.title,
                    "counts": [point.counts.get(level.code, 0) for level in levels],
                }
                for point in trend
            ],
            "levels": levels,
            "scale_code": scale,
            "published_only": published_only,
            "completeness": percent(
                selectors.node_completeness(
                    user=request.user, cycle=cycle, node=node, published_only=published_only
                )
            ),
        },
    )


@login_required
def dashboard_organization(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, cycle_id=cycle_id)
    choice = selectors.organization_in_cycle(
        user=request.user, cycle=cycle, organization_id=_int(request.GET.get("organization"))
    )
    reports = selectors.organization_reports(
        user=request.user, cycle=cycle, organization=choice.organization
    )
    scale = cycle.framework.status_scale.code
    rows = [
        {
            "report": report,
            "css": css_class(scale, report.level.code)
            if report.level is not None
            else "status-none",
        }
        for report in reports
    ]
    return render(
        request,
        "monitoring/dashboard_organization.html",
        {
            "cycle": cycle,
            "organization": choice.organization,
            "choices": choice.choices,
            "rows": rows,
            "runs_cycle": runs_cycle(request.user, cycle),
            "may_see_dashboard": runs_cycle(request.user, cycle) or cycle.status == "published",
        },
    )


@login_required
def matrix_export(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_for_dashboard(user=request.user, cycle_id=cycle_id)
    m, _form = _matrix_for(request, cycle, everything=True)
    kind = "csv" if request.GET.get("format") == "csv" else "xlsx"
    services.export_record(
        actor=request.user,
        cycle=cycle,
        what=f"matrix_{kind}",
        details={"published_only": m.published_only, "query": request.GET.urlencode()[:500]},
    )
    if kind == "csv":
        response = HttpResponse(matrix_csv(m), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(matrix_xlsx(m), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="matrix-{cycle.pk}.{kind}"'
    return response


@login_required
def committee_pack(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_for_dashboard(user=request.user, cycle_id=cycle_id)
    m, _form = _matrix_for(request, cycle, everything=True)
    pdf = committee_pack_pdf(
        m,
        narratives=selectors.pack_narratives(
            user=request.user, cycle=cycle, published_only=m.published_only
        ),
    )
    services.export_record(
        actor=request.user,
        cycle=cycle,
        what="committee_pack",
        details={"published_only": m.published_only},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="committee-pack-{cycle.pk}.pdf"'
    return response


@login_required
def matrix_import(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The secretariat reads a consolidated organizations x action points workbook back."""
    cycle = selectors.cycle_for_secretariat(user=request.user, cycle_id=cycle_id)
    form = MatrixImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        result = consolidated_import(
            actor=request.user, cycle=cycle, upload=form.cleaned_data["workbook"]
        )
        if result.accepted:
            messages.success(
                request,
                _("Matrix imported: %(changed)d statuses changed, %(unchanged)d unchanged.")
                % {"changed": result.changed, "unchanged": result.unchanged},
            )
        else:
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "monitoring/matrix_import.html",
        {"cycle": cycle, "form": form, "result": result},
        status=status,
    )
