"""Risk management pages: matrices, registers with their heat map, risks and actions, visits,
quarterly reports and the receiving body's consolidated view."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tutela.risks import imports, reports, selectors, services
from tutela.risks.forms import (
    ActionForm,
    ConsolidatedForm,
    HealthAssessmentForm,
    MatrixForm,
    RegisterFilterForm,
    RegisterForm,
    ReportEditForm,
    ReportGenerateForm,
    ReportSubmitForm,
    RiskFilterForm,
    RiskForm,
    RiskImportForm,
    VisitForm,
)
from tutela.risks.heatmap import heat_map, heat_map_svg
from tutela.risks.library import health_scheme, yaml_read
from tutela.risks.models import Risk

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _show_errors(form: Form, error: ValidationError) -> None:
    """Put a service's refusal on the form, next to the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# --- matrices and factors --------------------------------------------------------------------


@login_required
def matrix_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "risks/matrix_list.html",
        {
            "matrices": selectors.matrix_list(user=request.user),
            "may_add": selectors.may_add_matrices(user=request.user),
        },
    )


@login_required
def matrix_detail(request: HttpRequest, risk_matrix_id: int) -> HttpResponse:
    matrix = selectors.matrix_get(user=request.user, matrix_id=risk_matrix_id)
    empty = [[0] * len(matrix.impact_levels) for _ in matrix.likelihood_levels]
    heat = heat_map(matrix.definition, empty)
    return render(
        request,
        "risks/matrix_detail.html",
        {
            "matrix": matrix,
            "heat": heat,
            "svg": heat_map_svg(heat, chart_id="matrix", title=matrix.name),
        },
    )


@login_required
def matrix_create(request: HttpRequest) -> HttpResponse:
    selectors.require_matrix_author(user=request.user)
    form = MatrixForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            matrix, outcome = services.matrix_save(
                actor=request.user, data=yaml_read(form.cleaned_data["definition"])
            )
        except ValidationError as error:
            form.add_error("definition", error.messages)
        else:
            if outcome == "unchanged":
                messages.info(request, _("This matrix is already there, unchanged."))
            else:
                messages.success(request, _("The matrix was saved."))
            return redirect("risks:matrix_detail", matrix.pk)
    return render(request, "risks/matrix_form.html", {"form": form})


@login_required
def factor_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "risks/factor_list.html", {"factors": selectors.factor_list(user=request.user)}
    )


# --- registers -------------------------------------------------------------------------------


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


# --- risks -----------------------------------------------------------------------------------

RISK_FIELDS = (
    "title",
    "description",
    "category",
    "prong",
    "sources",
    "owner",
    "inherent_likelihood",
    "inherent_impact",
    "residual_likelihood",
    "residual_impact",
    "treatment",
    "rationale",
    "accepted_by",
    "acceptance_review_on",
)


def _risk_form(request: HttpRequest, register: Any, **kwargs: Any) -> RiskForm:
    return RiskForm(
        request.POST or None,
        matrix=register.matrix,
        people=selectors.assignable_people(register=register),
        nodes=selectors.linkable_nodes(user=request.user),
        **kwargs,
    )


@login_required
def risk_create(request: HttpRequest, risk_register_id: int) -> HttpResponse:
    register = selectors.register_for_keeping(user=request.user, register_id=risk_register_id)
    form = _risk_form(request, register)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            risk = services.risk_create(
                actor=request.user,
                register=register,
                factors=data["factors"],
                framework_nodes=data["framework_nodes"],
                **{name: data[name] for name in RISK_FIELDS},
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request,
                _("The risk %(ref)s was recorded: residual level %(level)s.")
                % {
                    "ref": risk.reference,
                    "level": register.matrix.level(risk.residual_level)["label"],
                },
            )
            return redirect("risks:risk_detail", risk.pk)
    return render(
        request, "risks/risk_form.html", {"form": form, "register": register, "risk": None}
    )


@login_required
def risk_detail(request: HttpRequest, risk_id: int) -> HttpResponse:
    detail = selectors.risk_detail(user=request.user, risk_id=risk_id)
    matrix = detail.risk.register.matrix
    return render(
        request,
        "risks/risk_detail.html",
        {
            "detail": detail,
            "risk": detail.risk,
            "register": detail.risk.register,
            "inherent": matrix.level(detail.risk.inherent_level),
            "residual": matrix.level(detail.risk.residual_level),
            "labels": {
                "inherent_likelihood": matrix.label_of(
                    "likelihood", detail.risk.inherent_likelihood
                ),
                "inherent_impact": matrix.label_of("impact", detail.risk.inherent_impact),
                "residual_likelihood": matrix.label_of(
                    "likelihood", detail.risk.residual_likelihood
                ),
                "residual_impact": matrix.label_of("impact", detail.risk.residual_impact),
            },
        },
    )


def _risk_initial(risk: Risk) -> dict[str, Any]:
    initial = {name: getattr(risk, name) for name in RISK_FIELDS}
    initial["factors"] = list(risk.factors.all())
    initial["framework_nodes"] = list(risk.framework_nodes.all())
    initial["is_closed"] = risk.is_closed
    return initial


@login_required
def risk_edit(request: HttpRequest, risk_id: int) -> HttpResponse:
    risk = selectors.risk_for_keeping(user=request.user, risk_id=risk_id)
    form = _risk_form(request, risk.register, editing=True, initial=_risk_initial(risk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.risk_update(
                actor=request.user,
                risk=risk,
                factors=data["factors"],
                framework_nodes=data["framework_nodes"],
                is_closed=data["is_closed"],
                **{name: data[name] for name in RISK_FIELDS},
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The risk was saved."))
            return redirect("risks:risk_detail", risk.pk)
    return render(
        request, "risks/risk_form.html", {"form": form, "register": risk.register, "risk": risk}
    )


@login_required
def risk_import(request: HttpRequest, risk_register_id: int) -> HttpResponse:
    register = selectors.register_for_keeping(user=request.user, register_id=risk_register_id)
    form = RiskImportForm(request.POST or None, request.FILES or None)
    rejected: list[imports.RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            headers, rows = imports.workbook_rows(form.cleaned_data["upload"])
            count = imports.risks_import(
                actor=request.user,
                register=register,
                headers=headers,
                rows=rows,
                mapping=form.mapping(),
            )
        except imports.ImportRejectedError as error:
            rejected = error.rows
            form.add_error(None, _("Nothing was imported; correct the rows listed below."))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("%(count)s risks were imported.") % {"count": count})
            return redirect("risks:register_detail", register.pk)
    return render(
        request,
        "risks/risk_import.html",
        {"form": form, "register": register, "rejected": rejected},
    )


# --- actions ---------------------------------------------------------------------------------


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


# --- visits ----------------------------------------------------------------------------------


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.visit_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "risks/visit_list.html",
        {"page": page, "query": "", "units": selectors.units_kept(user=request.user)},
    )


def _visit_save(request: HttpRequest, form: VisitForm, unit: Any, **extra: Any) -> Any:
    data = form.cleaned_data
    raised = [(data["action_risk"], title, data["action_due_on"]) for title in data["raised"]]
    return services.visit_create(
        actor=request.user,
        unit=unit,
        visited_on=data["visited_on"],
        location=data["location"],
        team=data["team"],
        findings=data["findings"],
        risks=data["risks"],
        raised_actions=raised,
        **extra,
    )


@login_required
def visit_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_for_keeping(user=request.user, unit_id=unit_id)
    form = VisitForm(
        request.POST or None,
        risks=selectors.risks_of_unit(unit=unit),
        initial={"visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = _visit_save(request, form, unit, kind=form.cleaned_data["kind"])
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The visit was logged."))
            return redirect("risks:visit_detail", visit.pk)
    return render(request, "risks/visit_form.html", {"form": form, "unit": unit, "follows": None})


@login_required
def visit_detail(request: HttpRequest, risk_visit_id: int) -> HttpResponse:
    visit = selectors.visit_get(user=request.user, visit_id=risk_visit_id)
    return render(
        request,
        "risks/visit_detail.html",
        {
            "visit": visit,
            "risks": list(
                visit.risks.select_related("register").order_by("register__name", "number")
            ),
            "actions": list(visit.actions_raised.select_related("risk", "owner").order_by("pk")),
            "follow_ups": list(visit.follow_ups.order_by("visited_on")),
            "may_keep": selectors.may_keep_unit(user=request.user, unit=visit.unit),
        },
    )


@login_required
def visit_follow_up(request: HttpRequest, risk_visit_id: int) -> HttpResponse:
    earlier = selectors.visit_for_keeping(user=request.user, visit_id=risk_visit_id)
    actions = list(earlier.actions_raised.select_related("risk").order_by("pk"))
    form = VisitForm(
        request.POST or None,
        risks=selectors.risks_of_unit(unit=earlier.unit),
        earlier_actions=actions,
        initial={"visited_on": timezone.localdate(), "risks": list(earlier.risks.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = _visit_save(
                request,
                form,
                earlier.unit,
                kind="follow_up",
                follows=earlier,
                outcomes=form.outcomes(),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The follow-up visit was logged."))
            return redirect("risks:visit_detail", visit.pk)
    return render(
        request, "risks/visit_form.html", {"form": form, "unit": earlier.unit, "follows": earlier}
    )


# --- quarterly reports -----------------------------------------------------------------------


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


# --- duty station health risk assessments ----------------------------------------------------


@login_required
def health_list(request: HttpRequest) -> HttpResponse:
    scheme = health_scheme()
    return render(
        request,
        "risks/health_list.html",
        {
            "stations": selectors.health_stations(user=request.user),
            "scale": {level["code"]: level for level in scheme["scale"]},
            "scheme": scheme,
            "units": selectors.units_kept(user=request.user),
        },
    )


@login_required
def health_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_for_keeping(user=request.user, unit_id=unit_id)
    form = HealthAssessmentForm(
        request.POST or None, scheme=health_scheme(), initial={"assessed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.health_assessment_record(
                actor=request.user,
                unit=unit,
                assessed_on=form.cleaned_data["assessed_on"],
                assessor=form.cleaned_data["assessor"],
                notes=form.cleaned_data["notes"],
                ratings=form.ratings(),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The health risk assessment was recorded."))
            return redirect("risks:health_detail", assessment.pk)
    return render(request, "risks/health_form.html", {"form": form, "unit": unit})


@login_required
def health_detail(request: HttpRequest, risk_health_assessment_id: int) -> HttpResponse:
    assessment = selectors.health_assessment_get(
        user=request.user, assessment_id=risk_health_assessment_id
    )
    scheme = health_scheme()
    scale = {level["code"]: level for level in scheme["scale"]}
    rows = [
        (element["label"], scale.get(assessment.ratings.get(element["code"], ""), {}))
        for element in scheme["elements"]
    ]
    return render(
        request,
        "risks/health_detail.html",
        {"assessment": assessment, "rows": rows, "indicator": scale.get(assessment.indicator, {})},
    )
