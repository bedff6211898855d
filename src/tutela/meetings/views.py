"""Meetings pages: a body's sessions, a session's agenda, participants and conclusions, the
secretariat's forms, and the follow-up tracker."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tutela.meetings import selectors, services
from tutela.meetings.forms import (
    AgendaItemForm,
    AgendaItemMoveForm,
    ConclusionsForm,
    DocumentForm,
    FollowUpAssignForm,
    FollowUpFilterForm,
    FollowUpForm,
    MeetingFilterForm,
    MeetingForm,
    ParticipantForm,
    ParticipantImportForm,
)
from tutela.meetings.models import Meeting


def _show_errors(form: Form, error: ValidationError) -> None:
    """Put a service's refusal on the form, next to the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _meeting_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        name: data[name]
        for name in ("title", "number", "starts_on", "ends_on", "location", "format", "status")
    }


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = MeetingFilterForm(
        request.GET or None, bodies=selectors.meeting_bodies(user=request.user)
    )
    body = form.cleaned_data["body"] if form.is_valid() else None
    meetings = selectors.meeting_list(user=request.user, body_id=body.pk if body else None)
    page = Paginator(meetings, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_create": selectors.may_create_meetings(user=request.user),
        },
    )


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    bodies = selectors.bodies_for_new_meeting(user=request.user)
    form = MeetingForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user,
                body=form.cleaned_data["body"],
                **_meeting_fields(form.cleaned_data),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The meeting was created."))
            return redirect("meetings:meeting_detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    detail = selectors.meeting_detail(user=request.user, meeting_id=meeting_id)
    return render(
        request, "meetings/meeting_detail.html", {"detail": detail, "meeting": detail.meeting}
    )


@login_required
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_editing(user=request.user, meeting_id=meeting_id)
    initial = {
        name: getattr(meeting, name)
        for name in ("title", "number", "starts_on", "ends_on", "location", "format", "status")
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                actor=request.user, meeting=meeting, **_meeting_fields(form.cleaned_data)
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("meetings:meeting_detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


def _edit_page(
    request: HttpRequest, meeting: Meeting, form: Form, heading: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "meetings/meeting_edit_form.html",
        {"meeting": meeting, "form": form, "heading": heading, **extra},
    )


@login_required
def agenda_item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_editing(user=request.user, meeting_id=meeting_id)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The agenda item was added."))
            return redirect("meetings:meeting_detail", meeting.pk)
    return _edit_page(request, meeting, form, _("Add an agenda item"))


@login_required
@require_POST
def agenda_item_move(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_editing(user=request.user, meeting_id=meeting_id)
    form = AgendaItemMoveForm(request.POST)
    order = list(selectors.agenda_items_of(meeting=meeting).values_list("pk", flat=True))
    if not form.is_valid() or form.cleaned_data["item"] not in order:
        messages.error(request, _("Choose an agenda item of this meeting to move."))
        return redirect("meetings:meeting_detail", meeting.pk)
    position = order.index(form.cleaned_data["item"])
    target = position - 1 if form.cleaned_data["direction"] == "up" else position + 1
    if 0 <= target < len(order):
        order[position], order[target] = order[target], order[position]
        services.agenda_item_reorder(actor=request.user, meeting=meeting, item_ids=order)
        messages.success(request, _("The agenda was reordered."))
    return redirect("meetings:meeting_detail", meeting.pk)


@login_required
def document_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_editing(user=request.user, meeting_id=meeting_id)
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        agenda_items=selectors.agenda_items_of(meeting=meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect("meetings:meeting_detail", meeting.pk)
    return _edit_page(request, meeting, form, _("Add a document"), multipart=True)


@login_required
def document_download(request: HttpRequest, meeting_document_id: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, document_id=meeting_document_id)
    content_types = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(
        bytes(document.content or b""), content_type=content_types[document.file_type]
    )
    response["Content-Disposition"] = content_disposition_header(True, document.filename)
    return response


@login_required
def participant_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_editing(user=request.user, meeting_id=meeting_id)
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The participant was added."))
            return redirect("meetings:meeting_detail", meeting.pk)
    return _edit_page(request, meeting, form, _("Add a participant"))


@login_required
def participant_import(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_editing(user=request.user, meeting_id=meeting_id)
    form = ParticipantImportForm(request.POST or None, request.FILES or None)
    rejected: list[services.RejectedRow] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = services.participant_import(
                actor=request.user,
                meeting=meeting,
                content=form.cleaned_data["file"].read(services.MAX_IMPORT_BYTES + 1),
            )
        except services.ParticipantImportError as refusal:
            rejected = refusal.rows
        else:
            messages.success(request, _("%(n)s participants were imported.") % {"n": len(created)})
            return redirect("meetings:meeting_detail", meeting.pk)
    return _edit_page(
        request,
        meeting,
        form,
        _("Import participants"),
        multipart=True,
        rejected=rejected,
    )


@login_required
def conclusions_link(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_editing(user=request.user, meeting_id=meeting_id)
    form = ConclusionsForm(
        request.POST or None,
        initial={"framework": meeting.conclusions_id},
        frameworks=selectors.decisions_frameworks_for(meeting=meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.conclusions_link(
                actor=request.user, meeting=meeting, framework=form.cleaned_data["framework"]
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The conclusions were linked."))
            return redirect("meetings:meeting_detail", meeting.pk)
    return _edit_page(request, meeting, form, _("Link the conclusions"))


@login_required
@require_POST
def follow_ups_generate(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_editing(user=request.user, meeting_id=meeting_id)
    try:
        created = services.follow_ups_generate(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s follow-ups were added.") % {"n": len(created)})
    return redirect("meetings:meeting_detail", meeting.pk)


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    organizations, bodies = selectors.follow_up_owners(user=request.user)
    form = FollowUpFilterForm(request.GET or None, organizations=organizations, bodies=bodies)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "owner_organization_id": data["owner_organization"].pk
            if data["owner_organization"]
            else None,
            "owner_body_id": data["owner_body"].pk if data["owner_body"] else None,
            "status": data["status"],
            "overdue": {"yes": True, "no": False}.get(data["overdue"]),
        }
    follow_ups = selectors.follow_up_list(user=request.user, **filters)
    page = Paginator(follow_ups, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/follow_up_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def follow_up_edit(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = selectors.follow_up_for_update(user=request.user, follow_up_id=follow_up_id)
    data = request.POST or None
    form = FollowUpForm(
        data, initial={"status": follow_up.status, "progress_note": follow_up.progress_note}
    )
    assign_form = (
        FollowUpAssignForm(
            data,
            prefix="assign",
            initial={
                "owner_organization": follow_up.owner_organization_id,
                "due_on": follow_up.due_on,
            },
        )
        if selectors.may_assign_follow_up(user=request.user, follow_up=follow_up)
        else None
    )
    forms_valid = form.is_valid() and (assign_form is None or assign_form.is_valid())
    if request.method == "POST" and forms_valid:
        try:
            with transaction.atomic():
                if assign_form is not None and assign_form.has_changed():
                    services.follow_up_assign(
                        actor=request.user, follow_up=follow_up, **assign_form.cleaned_data
                    )
                services.follow_up_update(
                    actor=request.user, follow_up=follow_up, **form.cleaned_data
                )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The follow-up was saved."))
            return redirect("meetings:follow_up_list")
    return render(
        request,
        "meetings/follow_up_form.html",
        {"form": form, "assign_form": assign_form, "follow_up": follow_up},
    )
