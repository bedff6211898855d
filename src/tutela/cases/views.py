"""Pages of the reporting channel: the public intake and follow-up (no account, nothing
recorded about the visitor), and the case pages of handlers, support officers and custodians."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tutela.accounts.access import has_role, organization_ids
from tutela.accounts.roles import Role
from tutela.cases import receipts, reference, selectors, services
from tutela.cases.forms import (
    AssignForm,
    ClassifyForm,
    ConfirmForm,
    DisclosureDecisionForm,
    DisclosureRequestForm,
    HandlerMessageForm,
    NoteForm,
    ReceiptForm,
    ReferralForm,
    ReporterMessageForm,
    ReportForm,
    StatusForm,
    SupportConsentForm,
    SupportPlanForm,
)
from tutela.cases.models import Assignment, Intake, Status

REPORTER_SESSION_KEY = "cases_reporter"
REPORTER_SESSION_SECONDS = 30 * 60


def _show_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, texts in error.message_dict.items():
            form.add_error(name if name in form.fields else None, texts)
    else:
        form.add_error(None, error.messages)


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def _uploads(files: list[Any]) -> list[services.Upload]:
    return [services.Upload(name=str(f.name), data=f.read()) for f in files]


# --- the reporter's side ---------------------------------------------------------------------


@never_cache
def report_start(request: HttpRequest) -> HttpResponse:
    organizations = selectors.reporting_organizations(user=request.user)
    return render(request, "cases/report_start.html", {"organizations": organizations})


@never_cache
def report_form(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = selectors.reporting_organization(
        user=request.user, organization_id=organization_id
    )
    questionnaire = services.questionnaire_of(organization)
    initial = {
        "client_token": secrets.token_urlsafe(24),
        "challenge": receipts.challenge_new(),
        "stay_anonymous": True,
    }
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        questionnaire=questionnaire,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact = None
        if not data["stay_anonymous"]:
            contact = services.ReporterContact(
                name=data["name"], email=data["email"], phone=data["phone"]
            )
        try:
            submission = services.report_submit(
                organization=organization,
                answers=services.ReportAnswers(
                    category=data["category"],
                    what_happened=data["what_happened"],
                    when=data["when"],
                    where=data["where"],
                    who_involved=data["who_involved"],
                    reporter_is_affected=data["reporter_is_affected"],
                    support_wanted=list(data["support_wanted"]),
                    channel=data["channel"],
                    extra={
                        key[len("extra_") :]: value
                        for key, value in data.items()
                        if key.startswith("extra_") and value
                    },
                ),
                intake=Intake.WEB,
                client_token=data["client_token"],
                challenge=data["challenge"],
                nonce=data["nonce"],
                contact=contact,
                uploads=_uploads(data["attachments"]),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            # Shown in this answer only: the receipt is never stored in clear or in a session.
            return render(
                request,
                "cases/report_receipt.html",
                {"receipt": submission.receipt, "organization": organization},
            )
    if request.method == "POST":
        # A fresh challenge: the one in the refused form may be spent or stale.
        fresh = request.POST.copy()
        fresh["challenge"] = receipts.challenge_new()
        fresh["nonce"] = ""
        form.data = fresh
    return render(
        request,
        "cases/report_form.html",
        {"form": form, "organization": organization, "questionnaire": questionnaire},
    )


@require_POST
def receipt_download(request: HttpRequest) -> HttpResponse:
    """Echo the receipt back as a text file: the server keeps nothing."""
    receipt = receipts.receipt_parse(request.POST.get("receipt", ""))
    if receipt is None:
        return render(request, "cases/receipt_missing.html")
    response = HttpResponse(
        _("Your Tutela receipt: %(receipt)s\nKeep it secret. It is the only way to follow up.\n")
        % {"receipt": receipt.text},
        content_type="text/plain; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, "tutela-receipt.txt")
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def follow_up_sign_in(request: HttpRequest) -> HttpResponse:
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.reporter_sign_in(receipt_text=form.cleaned_data["receipt"])
        except services.ReceiptThrottledError:
            form.add_error(
                "receipt", _("Too many attempts with this receipt. Try again in 15 minutes.")
            )
            return render(request, "cases/follow_up_sign_in.html", {"form": form}, status=429)
        except services.ReceiptRefusedError:
            form.add_error(
                "receipt",
                _("This receipt is not valid, or the case it belonged to no longer exists."),
            )
        else:
            request.session.cycle_key()
            request.session[REPORTER_SESSION_KEY] = report.pk
            request.session.set_expiry(REPORTER_SESSION_SECONDS)
            return redirect("cases:follow_up")
    return render(request, "cases/follow_up_sign_in.html", {"form": form})


@never_cache
def follow_up(request: HttpRequest) -> HttpResponse:
    report_id = request.session.get(REPORTER_SESSION_KEY)
    if not report_id:
        return redirect("cases:follow_up_sign_in")
    try:
        view = selectors.reporter_view(report_id=int(report_id))
    except Http404:  # the case was destroyed meanwhile
        request.session.pop(REPORTER_SESSION_KEY, None)
        return redirect("cases:follow_up_sign_in")
    form = ReporterMessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reporter_message_add(
                report=view.report,
                body=form.cleaned_data["body"],
                in_reply_to_id=form.cleaned_data["in_reply_to"],
                uploads=_uploads(form.cleaned_data["attachments"]),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Your message was sent."))
            return redirect("cases:follow_up")
    return render(request, "cases/follow_up.html", {"view": view, "form": form})


@require_POST
def follow_up_sign_out(request: HttpRequest) -> HttpResponse:
    request.session.pop(REPORTER_SESSION_KEY, None)
    return redirect("cases:follow_up_sign_in")


# --- case staff ------------------------------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not selectors.may_see_case_list(user=request.user):
        raise PermissionDenied
    return render(
        request,
        "cases/case_list.html",
        {
            "handled": list(selectors.handled_cases(user=request.user)[:200]),
            "supported": list(selectors.supported_cases(user=request.user)[:200]),
            "queue": list(selectors.intake_queue(user=request.user)[:200]),
            "now": timezone.now(),
        },
    )


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = selectors.case_detail(user=request.user, case_id=case_id)
    report = detail.report
    return render(
        request,
        "cases/case_detail.html",
        {
            "detail": detail,
            "report": report,
            "note_form": NoteForm(auto_id="note_%s"),
            "message_form": HandlerMessageForm(auto_id="message_%s"),
            "status_form": StatusForm(transitions=detail.transitions),
            "classify_form": ClassifyForm(
                initial={"category": report.category, "seriousness": report.seriousness}
            ),
        },
    )


def _handler_post(request: HttpRequest, case_id: int, form: Form, act: Any, done: str) -> Any:
    report = selectors.case_for_handler(user=request.user, case_id=case_id)
    if not form.is_valid():
        for texts in form.errors.values():
            for text in texts:
                messages.error(request, str(text))
        return redirect("cases:case_detail", report.pk)
    try:
        act(report, form.cleaned_data)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, done)
    return redirect("cases:case_detail", report.pk)


@login_required
@require_POST
def case_note_add(request: HttpRequest, case_id: int) -> HttpResponse:
    return _handler_post(  # type: ignore[no-any-return]
        request,
        case_id,
        NoteForm(request.POST),
        lambda report, data: services.case_note_add(
            actor=request.user, report=report, body=data["body"]
        ),
        _("The note was added."),
    )


@login_required
@require_POST
def case_message_send(request: HttpRequest, case_id: int) -> HttpResponse:
    return _handler_post(  # type: ignore[no-any-return]
        request,
        case_id,
        HandlerMessageForm(request.POST),
        lambda report, data: services.case_message_send(
            actor=request.user, report=report, body=data["body"], kind=data["kind"]
        ),
        _("The message was sent to the reporter."),
    )


@login_required
@require_POST
def case_status_change(request: HttpRequest, case_id: int) -> HttpResponse:
    report = selectors.case_for_handler(user=request.user, case_id=case_id)
    transitions = [(s, str(Status(s).label)) for s in reference.allowed_transitions(report.status)]
    return _handler_post(  # type: ignore[no-any-return]
        request,
        case_id,
        StatusForm(request.POST, transitions=transitions),
        lambda report, data: services.case_status_change(
            actor=request.user, report=report, status=data["status"], outcome=data["outcome"]
        ),
        _("The status was changed."),
    )


@login_required
@require_POST
def case_classify(request: HttpRequest, case_id: int) -> HttpResponse:
    return _handler_post(  # type: ignore[no-any-return]
        request,
        case_id,
        ClassifyForm(request.POST),
        lambda report, data: services.case_classify(
            actor=request.user,
            report=report,
            category=data["category"],
            seriousness=data["seriousness"],
        ),
        _("The classification was saved."),
    )


@login_required
@require_POST
def case_onward_reported(request: HttpRequest, case_id: int) -> HttpResponse:
    return _handler_post(  # type: ignore[no-any-return]
        request,
        case_id,
        ConfirmForm(request.POST),
        lambda report, data: services.case_onward_reported(actor=request.user, report=report),
        _("The onward report was recorded."),
    )


@login_required
@require_POST
def case_recuse(request: HttpRequest, case_id: int) -> HttpResponse:
    report = selectors.case_for_handler(user=request.user, case_id=case_id)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm your recusal."))
        return redirect("cases:case_detail", report.pk)
    try:
        services.case_recuse(actor=request.user, report=report)
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect("cases:case_detail", report.pk)
    messages.success(request, _("You recused yourself; the case is no longer yours."))
    return redirect("cases:case_list")


@login_required
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    report = selectors.case_for_intake(user=request.user, case_id=case_id)
    kind = request.POST.get("kind", Assignment.Kind.HANDLER)
    if kind not in Assignment.Kind.values:
        kind = Assignment.Kind.HANDLER
    users = selectors.assignable_users(report=report, kind=kind)
    form = AssignForm(request.POST or None, users=users)
    ending = request.POST.get("end", "")
    if request.method == "POST" and ending:
        assignment = get_object_or_404(
            report.assignments.filter(ended_at__isnull=True),
            pk=int(ending) if ending.isdigit() and len(ending) < 19 else 0,
        )
        services.case_unassign(actor=request.user, assignment=assignment)
        messages.success(request, _("The assignment was ended (handover)."))
        return redirect("cases:case_assign", report.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_assign(
                actor=request.user,
                report=report,
                user=form.cleaned_data["user"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The case was assigned."))
            return redirect("cases:case_assign", report.pk)
    return render(
        request,
        "cases/case_assign.html",
        {
            "report": report,
            "form": form,
            "assignments": [a for a in report.assignments.all() if a.ended_at is None],
        },
    )


@login_required
def attachment_download(request: HttpRequest, case_attachment_id: int) -> HttpResponse:
    attachment, name, content = selectors.attachment_for_handler(
        user=request.user, attachment_id=case_attachment_id
    )
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def disclosure_request(request: HttpRequest, case_id: int) -> HttpResponse:
    report = selectors.case_for_handler(user=request.user, case_id=case_id)
    form = DisclosureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.disclosure_request(
                actor=request.user, report=report, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Your request was sent to the custodian."))
            return redirect("cases:case_detail", report.pk)
    return render(request, "cases/disclosure_request.html", {"report": report, "form": form})


@login_required
def identity_view(request: HttpRequest, case_disclosure_id: int) -> HttpResponse:
    disclosure = selectors.disclosure_for_requester(
        user=request.user, disclosure_id=case_disclosure_id
    )
    identity = services.identity_reveal(actor=request.user, request=disclosure)
    return render(
        request,
        "cases/identity.html",
        {"disclosure": disclosure, "report": disclosure.report, "identity": identity},
    )


@login_required
def disclosure_list(request: HttpRequest) -> HttpResponse:
    if not organization_ids(request.user, Role.CUSTODIAN):
        raise PermissionDenied
    return render(
        request,
        "cases/disclosure_list.html",
        {"requests": list(selectors.disclosure_queue(user=request.user)[:200])},
    )


@login_required
def disclosure_decide(request: HttpRequest, case_disclosure_id: int) -> HttpResponse:
    disclosure, reason = selectors.disclosure_for_custodian(
        user=request.user, disclosure_id=case_disclosure_id
    )
    form = DisclosureDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.disclosure_decide(
                actor=request.user,
                request=disclosure,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("cases:disclosure_list")
    return render(
        request,
        "cases/disclosure_decide.html",
        {"disclosure": disclosure, "reason": reason, "form": form},
    )


@login_required
def support_plan(request: HttpRequest, case_id: int) -> HttpResponse:
    view = selectors.support_plan_detail(user=request.user, case_id=case_id)
    form = SupportPlanForm(
        request.POST or None,
        initial={
            "retaliation_risk": view.plan.retaliation_risk if view.plan else False,
            "measures": view.measures,
        },
    )
    if request.method == "POST" and view.may_edit and form.is_valid():
        services.support_plan_update(
            actor=request.user,
            report=view.report,
            retaliation_risk=form.cleaned_data["retaliation_risk"],
            measures=form.cleaned_data["measures"],
        )
        messages.success(request, _("The support plan was saved."))
        return redirect("cases:support_plan", view.report.pk)
    return render(
        request,
        "cases/support_plan.html",
        {
            "view": view,
            "report": view.report,
            "form": form,
            "referral_form": ReferralForm(),
            "consent_form": SupportConsentForm(users=selectors.case_staff(report=view.report)),
        },
    )


def _support_post(request: HttpRequest, case_id: int, form: Form, act: Any, done: str) -> Any:
    report = selectors.case_for_support_officer(user=request.user, case_id=case_id)
    if form.is_valid():
        try:
            act(report, form.cleaned_data)
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(request, done)
    else:
        for texts in form.errors.values():
            for text in texts:
                messages.error(request, str(text))
    return redirect("cases:support_plan", report.pk)


@login_required
@require_POST
def referral_add(request: HttpRequest, case_id: int) -> HttpResponse:
    return _support_post(  # type: ignore[no-any-return]
        request,
        case_id,
        ReferralForm(request.POST),
        lambda report, data: services.referral_add(
            actor=request.user,
            report=report,
            kind=data["kind"],
            consent_given=data["consent_given"],
            details=data["details"],
            made=data["made"],
        ),
        _("The referral was recorded."),
    )


@login_required
@require_POST
def support_consent_add(request: HttpRequest, case_id: int) -> HttpResponse:
    report = selectors.case_for_support_officer(user=request.user, case_id=case_id)
    return _support_post(  # type: ignore[no-any-return]
        request,
        case_id,
        SupportConsentForm(request.POST, users=selectors.case_staff(report=report)),
        lambda report, data: services.support_consent_add(
            actor=request.user, report=report, user=data["user"]
        ),
        _("The consent was recorded."),
    )


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, *selectors.STATISTICS_ROLES):
        raise PermissionDenied
    rows = selectors.statistics(user=request.user)
    return render(
        request,
        "cases/statistics.html",
        {"rows": rows, "threshold": selectors.DISCLOSURE_THRESHOLD},
    )
