"""Surveys pages: the surveys, their rounds, answering, results under disclosure control and
consents; and the restricted repository's folders, documents and search."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tutela.audit.services import audit_record
from tutela.surveys import answering, results, selectors, services
from tutela.surveys.forms import (
    ConsentForm,
    DocumentUploadForm,
    FolderForm,
    InviteForm,
    PolicyForm,
    RoundForm,
    RoundStatusForm,
    SearchForm,
    SurveyImportForm,
)
from tutela.surveys.models import RoundStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": XLSX,
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


def _language() -> str:
    return (get_language() or "en")[:2]


def _clean_text(value: str) -> str:
    """Typed text as the definition keeps it: no NUL (PostgreSQL's JSON refuses it), bounded."""
    return value.replace("\x00", "")[:5000]


def _show_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, texts in error.message_dict.items():
            form.add_error(name if name in form.fields else None, texts)
    else:
        form.add_error(None, error.messages)


# --- surveys -------------------------------------------------------------------------------------


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = list(selectors.survey_list(user=request.user))
    return render(
        request,
        "surveys/survey_list.html",
        {
            "surveys": surveys,
            "may_import": selectors.may_create_folders(user=request.user),
            "may_consent": selectors.may_give_consents(user=request.user),
        },
    )


@login_required
def survey_import(request: HttpRequest) -> HttpResponse:
    bodies = selectors.bodies_for_new_survey(user=request.user)
    form = SurveyImportForm(request.POST or None, request.FILES or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            survey = services.survey_import(
                actor=request.user,
                body=form.cleaned_data["body"],
                content=upload.read(services.MAX_DOCUMENT_BYTES + 1),
                filename=upload.name or "",
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The survey was imported."))
            return redirect("surveys:survey_detail", survey.pk)
    return render(request, "surveys/survey_import.html", {"form": form})


@login_required
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, survey_id=survey_id)
    language = _language()
    fields = answering.layout(survey.definition, {}, {}, language=language)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "fields": fields,
            "rounds": list(selectors.round_list(user=request.user, survey=survey)),
            "policy": selectors.policy_of(survey=survey),
            "may_manage": selectors.may_manage_survey(user=request.user, survey=survey),
            "preview": True,
        },
    )


@login_required
def survey_export(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_for_managing(user=request.user, survey_id=survey_id)
    content = services.survey_export(actor=request.user, survey=survey)
    response = HttpResponse(content, content_type=XLSX)
    filename = (survey.definition.get("form_id") or f"survey-{survey.pk}") + ".xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def policy_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_for_managing(user=request.user, survey_id=survey_id)
    policy = selectors.policy_of(survey=survey)
    initial = {
        "threshold": policy.threshold,
        "dominance_n": policy.dominance_n,
        "dominance_k": policy.dominance_k,
        "protection": policy.protection,
        "protection_percent": policy.protection_percent,
        "groups": list(policy.groups.all()),
    }
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.policy_update(
                actor=request.user,
                policy=policy,
                threshold=data["threshold"],
                dominance_n=data["dominance_n"],
                dominance_k=data["dominance_k"],
                protection=data["protection"],
                protection_percent=data["protection_percent"],
                groups=list(data["groups"]),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The disclosure policy was saved."))
            return redirect("surveys:survey_detail", survey.pk)
    return render(request, "surveys/policy_form.html", {"form": form, "survey": survey})


# --- rounds --------------------------------------------------------------------------------------


@login_required
def round_create(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_for_managing(user=request.user, survey_id=survey_id)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.round_create(
                actor=request.user,
                survey=survey,
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                organizations=list(data["organizations"]),
                status=RoundStatus.OPEN if data["open_now"] else RoundStatus.DRAFT,
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The round was created."))
            return redirect("surveys:round_detail", round_.pk)
    return render(request, "surveys/round_form.html", {"form": form, "survey": survey})


@login_required
def round_detail(request: HttpRequest, survey_round_id: int) -> HttpResponse:
    round_ = selectors.round_get(user=request.user, round_id=survey_round_id)
    may_manage = selectors.may_manage_survey(user=request.user, survey=round_.survey)
    submitted, invited = selectors.response_rate(round_=round_)
    return render(
        request,
        "surveys/round_detail.html",
        {
            "round": round_,
            "survey": round_.survey,
            "may_manage": may_manage,
            "invitations": selectors.round_invitations(user=request.user, round_=round_),
            "submitted": submitted,
            "invited": invited,
            "rate": round(100 * submitted / invited) if invited else 0,
            "may_answer": selectors.answering_organizations(
                user=request.user, round_=round_
            ).exists(),
        },
    )


@login_required
def round_invite(request: HttpRequest, survey_round_id: int) -> HttpResponse:
    round_ = selectors.round_for_managing(user=request.user, round_id=survey_round_id)
    form = InviteForm(
        request.POST or None, organizations=selectors.organizations_to_invite(round_=round_)
    )
    if request.method == "POST" and form.is_valid():
        count = services.round_invite(
            actor=request.user,
            round_=round_,
            organizations=list(form.cleaned_data["organizations"]),
        )
        messages.success(request, _("%(count)s organizations were invited.") % {"count": count})
        return redirect("surveys:round_detail", round_.pk)
    return render(request, "surveys/round_invite.html", {"form": form, "round": round_})


@login_required
@require_POST
def round_status(request: HttpRequest, survey_round_id: int) -> HttpResponse:
    round_ = selectors.round_for_managing(user=request.user, round_id=survey_round_id)
    form = RoundStatusForm(request.POST)
    if form.is_valid():
        services.round_set_status(
            actor=request.user, round_=round_, status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            _("The round is now %(status)s.") % {"status": round_.get_status_display().lower()},
        )
    else:
        messages.error(request, _("Choose whether to open or close the round."))
    return redirect("surveys:round_detail", round_.pk)


@login_required
@require_POST
def round_remind(request: HttpRequest, survey_round_id: int) -> HttpResponse:
    round_ = selectors.round_for_managing(user=request.user, round_id=survey_round_id)
    try:
        reminded = services.round_remind(actor=request.user, round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Reminders sent to %(count)s organizations that have not answered.")
            % {"count": len(reminded)},
        )
    return redirect("surveys:round_detail", round_.pk)


# --- answering -----------------------------------------------------------------------------------


@login_required
def response_edit(request: HttpRequest, survey_round_id: int) -> HttpResponse:
    round_ = selectors.round_for_answering(user=request.user, round_id=survey_round_id)
    organizations = list(selectors.answering_organizations(user=request.user, round_=round_))
    chosen = request.POST.get("organization") or request.GET.get("organization")
    organization = next((o for o in organizations if str(o.pk) == chosen), organizations[0])
    response = selectors.response_of(user=request.user, round_=round_, organization=organization)
    definition = round_.survey.definition
    language = _language()
    errors: dict[str, list[str]] = {}
    relevant: dict[str, bool] | None = None
    answers: dict[str, Any] = response.answers if response else {}
    status = 200
    if request.method == "POST":
        answers = answering.answers_from_post(definition, request.POST)
        action = request.POST.get("action", "save")
        structural = bool(request.POST.get("add") or request.POST.get("remove"))
        if structural or round_.status != RoundStatus.OPEN:
            checked = answering.check(definition, answers, complete=False, language=language)
            relevant = checked.relevant
            if round_.status != RoundStatus.OPEN:
                messages.error(request, _("This round is not open for answers."))
                status = 200
        else:
            try:
                saved = services.response_save(
                    actor=request.user,
                    round_=round_,
                    organization=organization,
                    answers=answers,
                    submit=action == "submit",
                    language=language,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                errors, relevant = saved.errors, saved.relevant
                if saved.submitted:
                    messages.success(request, _("Your answers were submitted. Thank you."))
                    return redirect("surveys:round_detail", round_.pk)
                if action == "submit":
                    messages.error(
                        request,
                        _("Some answers need attention (see below); your draft was saved."),
                    )
                else:
                    messages.success(request, _("Your draft was saved."))
                response = saved.response
    else:
        relevant = answering.check(definition, answers, complete=False, language=language).relevant
    fields = answering.layout(definition, answers, errors, language=language, relevant=relevant)
    return render(
        request,
        "surveys/response_form.html",
        {
            "round": round_,
            "survey": round_.survey,
            "organization": organization,
            "organizations": organizations,
            "response": response,
            "versions": list(response.versions.all()) if response else [],
            "fields": fields,
            "error_count": sum(len(v) for v in errors.values()),
            "is_open": round_.status == RoundStatus.OPEN,
        },
        status=status,
    )


# --- results -------------------------------------------------------------------------------------


def _results(request: HttpRequest, survey_round_id: int) -> tuple[Any, results.RoundResults]:
    round_ = selectors.round_get(user=request.user, round_id=survey_round_id)
    attributable = selectors.attributable_organizations(user=request.user, round_=round_)
    found = results.round_results(
        definition=round_.survey.definition,
        responses=selectors.submitted_responses(round_=round_),
        policy_rules=results.rules_of(selectors.policy_of(survey=round_.survey)),
        language=_language(),
        attributable=attributable,
    )
    return round_, found


@login_required
def round_results(request: HttpRequest, survey_round_id: int) -> HttpResponse:
    round_, found = _results(request, survey_round_id)
    if found.attributable_rows:
        audit_record(
            actor=request.user,
            action="surveys.attributable_read",
            target=round_,
            changes={"organizations": [acronym for acronym, _row in found.attributable_rows]},
        )
    return render(
        request,
        "surveys/round_results.html",
        {
            "round": round_,
            "survey": round_.survey,
            "results": found,
            "mark": results.SUPPRESSED_MARK,
        },
    )


@login_required
def round_results_export(request: HttpRequest, survey_round_id: int) -> HttpResponse:
    round_, found = _results(request, survey_round_id)
    file_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
    title = f"{round_.survey.title} — {round_.title}"
    audit_record(
        actor=request.user,
        action="surveys.results_export",
        target=round_,
        changes={"format": file_format, "tables": len(found.tables)},
    )
    stamp = timezone.localdate().isoformat()
    if file_format == "csv":
        response = HttpResponse(results.export_csv(found, title), content_type="text/csv")
    else:
        response = HttpResponse(results.export_xlsx(found, title), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"survey-results-{round_.pk}-{stamp}.{file_format}"
    )
    return response


# --- consents ------------------------------------------------------------------------------------


@login_required
def consent_list(request: HttpRequest) -> HttpResponse:
    organizations = selectors.consent_organizations(user=request.user)
    form = ConsentForm(
        request.POST or None,
        organizations=organizations,
        groups=selectors.consent_groups(user=request.user),
        surveys=selectors.consent_surveys(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_give(
                actor=request.user,
                organization=data["organization"],
                group=data["group"],
                scope=data["scope"],
                survey=data["survey"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("surveys:consent_list")
    return render(
        request,
        "surveys/consent_list.html",
        {"form": form, "consents": list(selectors.consent_list(user=request.user))},
    )


@login_required
@require_POST
def consent_revoke(request: HttpRequest, survey_consent_id: int) -> HttpResponse:
    consent = selectors.consent_get(user=request.user, consent_id=survey_consent_id)
    services.consent_revoke(actor=request.user, consent=consent)
    messages.success(request, _("The consent was revoked."))
    return redirect("surveys:consent_list")


# --- repository ----------------------------------------------------------------------------------


@login_required
def folder_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/folder_list.html",
        {
            "folders": list(selectors.folder_list(user=request.user)),
            "may_create": selectors.may_create_folders(user=request.user),
            "search_form": SearchForm(),
        },
    )


@login_required
def folder_create(request: HttpRequest) -> HttpResponse:
    groups = selectors.folder_groups(user=request.user)
    form = FolderForm(
        request.POST or None,
        bodies=selectors.bodies_for_new_survey(user=request.user),
        groups=groups,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            folder = services.folder_create(
                actor=request.user,
                body=data["body"],
                name=data["name"],
                description=data["description"],
                groups=list(data["groups"]),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The folder was created."))
            return redirect("surveys:folder_detail", folder.pk)
    return render(request, "surveys/folder_form.html", {"form": form})


@login_required
def folder_detail(request: HttpRequest, repository_folder_id: int) -> HttpResponse:
    folder = selectors.folder_get(user=request.user, folder_id=repository_folder_id)
    return render(
        request,
        "surveys/folder_detail.html",
        {
            "folder": folder,
            "documents": list(selectors.documents_in(user=request.user, folder=folder)),
        },
    )


@login_required
def document_upload(request: HttpRequest, repository_folder_id: int) -> HttpResponse:
    folder = selectors.folder_get(user=request.user, folder_id=repository_folder_id)
    form = DocumentUploadForm(
        request.POST or None,
        request.FILES or None,
        documents=selectors.documents_in(user=request.user, folder=folder),
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_upload(
                actor=request.user,
                folder=folder,
                filename=upload.name or "document",
                content=upload.read(services.MAX_DOCUMENT_BYTES + 1),
                title=form.cleaned_data["title"],
                document=form.cleaned_data["document"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect("surveys:folder_detail", folder.pk)
    return render(request, "surveys/document_form.html", {"form": form, "folder": folder})


@login_required
def document_download(request: HttpRequest, repository_document_id: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, document_id=repository_document_id)
    number = request.GET.get("version", "")
    version = selectors.document_version_get(
        document=document, number=int(number) if number.isdigit() and len(number) < 9 else None
    )
    services.document_download_record(actor=request.user, version=version)
    response = HttpResponse(bytes(version.content), content_type=CONTENT_TYPES[version.file_type])
    response["Content-Disposition"] = content_disposition_header(True, version.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def document_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    found: list[Any] = []
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        if query:
            found = list(selectors.document_search(user=request.user, query=query)[:100])
    return render(
        request,
        "surveys/document_search.html",
        {"form": form, "documents": found, "query": query},
    )
