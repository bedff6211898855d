"""Every read of the reporting channel. A case's content is read only by its assigned
handlers (each read audited); its support plan by the support officer and those the affected
person consented to; the identity only through an approved disclosure."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tutela.accounts.access import has_role, organization_ids
from tutela.accounts.roles import Role
from tutela.audit.services import audit_record
from tutela.cases import reference, services
from tutela.cases.models import (
    Assignment,
    Attachment,
    DestroyedCaseCount,
    DisclosureRequest,
    Message,
    Report,
    Status,
    SupportConsent,
    SupportPlan,
)
from tutela.organizations.models import Organization

# Statistics cells with fewer cases than this are suppressed (shown as "fewer than 3").
DISCLOSURE_THRESHOLD = 3


def _open_assignment(user: Any, kind: str) -> Exists:
    return Exists(
        Assignment.objects.filter(
            report=OuterRef("pk"), user_id=user.pk, kind=kind, ended_at__isnull=True
        )
    )


def handled_cases(*, user: Any) -> QuerySet[Report]:
    """Cases the user is assigned to handle (content readable)."""
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    return (
        Report.objects.filter(_open_assignment(user, Assignment.Kind.HANDLER))
        .select_related("organization")
        .order_by("onward_due_at")
    )


def supported_cases(*, user: Any) -> QuerySet[Report]:
    """Cases whose support plan the user may see: assigned support officer or consented."""
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    consented = SupportConsent.objects.filter(plan__report=OuterRef("pk"), user_id=user.pk)
    return (
        Report.objects.filter(
            Q(_open_assignment(user, Assignment.Kind.SUPPORT)) | Q(Exists(consented))
        )
        .select_related("organization")
        .order_by("-received_at")
    )


def intake_queue(*, user: Any) -> QuerySet[Report]:
    """Every case of the organizations where the user is an intake officer — metadata only
    (category, seriousness, status, deadlines, who is assigned), never content."""
    return (
        Report.objects.filter(organization_id__in=organization_ids(user, Role.INTAKE_OFFICER))
        .select_related("organization")
        .annotate(handlers=Count("assignments", filter=Q(assignments__ended_at__isnull=True)))
        .order_by("status", "onward_due_at")
    )


def may_see_case_list(*, user: Any) -> bool:
    return bool(
        organization_ids(user, Role.INTAKE_OFFICER, Role.INVESTIGATOR, Role.SUPPORT_OFFICER)
    )


@dataclass
class MessageView:
    pk: int
    from_reporter: bool
    kind: str
    kind_label: str
    sent_at: datetime
    body: str
    in_reply_to_id: int | None
    author: str
    attachments: list[AttachmentView] = field(default_factory=list)
    answered: bool = False


@dataclass
class AttachmentView:
    pk: int
    name: str
    content_type: str
    size: int


@dataclass
class CaseDetail:
    report: Report
    answers: dict[str, Any]
    messages: list[MessageView]
    notes: list[dict[str, Any]]
    attachments: list[AttachmentView]
    assignments: list[Assignment]
    status_changes: list[Any]
    transitions: list[tuple[str, str]]
    my_disclosures: list[DisclosureRequest]
    overdue: bool


def _messages(report: Report, box: Any) -> list[MessageView]:
    attachments_by_message: dict[int, list[AttachmentView]] = {}
    for attachment in report.attachments.all():
        if attachment.message_id is not None:
            attachments_by_message.setdefault(attachment.message_id, []).append(
                AttachmentView(
                    attachment.pk,
                    box.open(attachment.sealed_name, field="attachment_name"),
                    attachment.content_type,
                    attachment.size,
                )
            )
    messages = [
        MessageView(
            pk=message.pk,
            from_reporter=message.from_reporter,
            kind=message.kind,
            kind_label=str(message.get_kind_display()),
            sent_at=message.sent_at,
            body=box.open(message.sealed, field="message"),
            in_reply_to_id=message.in_reply_to_id,
            author="" if message.from_reporter or message.author is None else message.author.email,
            attachments=attachments_by_message.get(message.pk, []),
        )
        for message in report.messages.all()
    ]
    answered = {m.in_reply_to_id for m in messages if m.from_reporter and m.in_reply_to_id}
    for message in messages:
        message.answered = message.pk in answered
    return messages


def _case_queryset() -> QuerySet[Report]:
    return Report.objects.select_related("organization", "case_key").prefetch_related(
        "attachments",
        "messages__author",
        "notes__author",
        "assignments__user",
        "status_changes__actor",
    )


def case_detail(*, user: Any, case_id: int) -> CaseDetail:
    """The case's content for an assigned handler; the read is audited."""
    report = get_object_or_404(
        _case_queryset().filter(_open_assignment(user, Assignment.Kind.HANDLER)), pk=case_id
    )
    box = services.report_box(report)
    attachments = [
        AttachmentView(
            a.pk, box.open(a.sealed_name, field="attachment_name"), a.content_type, a.size
        )
        for a in report.attachments.all()
        if a.message_id is None
    ]
    audit_record(actor=user, action="cases.case_read", target=report, changes={})
    return CaseDetail(
        report=report,
        answers=json.loads(box.open(report.answers, field="answers")),
        messages=_messages(report, box),
        notes=[
            {
                "author": note.author.email,
                "written_at": note.written_at,
                "body": box.open(note.sealed, field="note"),
            }
            for note in report.notes.all()
        ],
        attachments=attachments,
        assignments=[a for a in report.assignments.all() if a.ended_at is None],
        status_changes=list(report.status_changes.all()),
        transitions=[
            (status, str(Status(status).label))
            for status in reference.allowed_transitions(report.status)
        ],
        my_disclosures=list(
            DisclosureRequest.objects.filter(report=report, requested_by_id=user.pk)
        ),
        overdue=report.onward_reported_at is None and report.onward_due_at < timezone.now(),
    )


def case_for_handler(*, user: Any, case_id: int) -> Report:
    """A case the user handles, for a write (no content read)."""
    return get_object_or_404(handled_cases(user=user), pk=case_id)


def case_for_intake(*, user: Any, case_id: int) -> Report:
    return get_object_or_404(
        Report.objects.filter(
            organization_id__in=organization_ids(user, Role.INTAKE_OFFICER)
        ).prefetch_related("assignments__user", "recusals"),
        pk=case_id,
    )


def assignable_users(*, report: Report, kind: str) -> QuerySet[Any]:
    from tutela.accounts.models import User

    wanted = [role.value for role in services.ASSIGNABLE_ROLES[kind]]
    recused = report.recusals.values("user_id")
    return (
        User.objects.filter(
            is_active=True,
            memberships__organization_id=report.organization_id,
            memberships__role__in=wanted,
        )
        .exclude(pk__in=recused)
        .distinct()
        .order_by("email")
    )


def case_staff(*, report: Report) -> QuerySet[Any]:
    """The organization's active intake officers, investigators and support officers: the people
    a victim may agree to share support information with."""
    from tutela.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__organization_id=report.organization_id,
            memberships__role__in=[
                Role.INTAKE_OFFICER.value,
                Role.INVESTIGATOR.value,
                Role.SUPPORT_OFFICER.value,
            ],
        )
        .distinct()
        .order_by("email")
    )


def reporting_organizations(*, user: Any) -> QuerySet[Organization]:
    """The organizations a report can be addressed to. The reporting channel is public: anyone,
    signed in or not, sees this list (`user` is taken for the rule that every read names its
    reader)."""
    return Organization.objects.order_by("acronym")


def reporting_organization(*, user: Any, organization_id: int) -> Organization:
    return get_object_or_404(reporting_organizations(user=user), pk=organization_id)


def attachment_for_handler(*, user: Any, attachment_id: int) -> tuple[Attachment, str, bytes]:
    attachment = get_object_or_404(
        Attachment.objects.select_related("report__case_key").filter(
            report__in=handled_cases(user=user)
        ),
        pk=attachment_id,
    )
    box = services.report_box(attachment.report)
    name = box.open(attachment.sealed_name, field="attachment_name")
    content = box.open_bytes(bytes(attachment.sealed_content), field="attachment")
    audit_record(
        actor=user,
        action="cases.attachment_read",
        target=attachment.report,
        changes={"attachment": attachment.pk},
    )
    return attachment, name, content


@dataclass
class SupportView:
    report: Report
    plan: SupportPlan | None
    measures: str
    referrals: list[dict[str, Any]]
    consents: list[SupportConsent]
    may_edit: bool


def support_plan_detail(*, user: Any, case_id: int) -> SupportView:
    report = get_object_or_404(supported_cases(user=user).select_related("case_key"), pk=case_id)
    plan = SupportPlan.objects.filter(report=report).first()
    box = services.report_box(report)
    referrals = []
    consents: list[SupportConsent] = []
    measures = ""
    if plan is not None:
        measures = (
            box.open(plan.sealed_measures, field="protection_measures")
            if (plan.sealed_measures)
            else ""
        )
        referrals = [
            {
                "kind": referral.get_kind_display(),
                "consent_given": referral.consent_given,
                "consent_recorded_at": referral.consent_recorded_at,
                "state": referral.get_state_display(),
                "details": box.open(referral.sealed_details, field="referral")
                if referral.sealed_details
                else "",
            }
            for referral in plan.referrals.all()
        ]
        consents = list(plan.consents.select_related("user"))
    audit_record(actor=user, action="cases.support_plan_read", target=report, changes={})
    may_edit = report.assignments.filter(
        user_id=user.pk, kind=Assignment.Kind.SUPPORT, ended_at__isnull=True
    ).exists()
    return SupportView(report, plan, measures, referrals, consents, may_edit)


def case_for_support_officer(*, user: Any, case_id: int) -> Report:
    return get_object_or_404(
        Report.objects.filter(_open_assignment(user, Assignment.Kind.SUPPORT)), pk=case_id
    )


def disclosure_queue(*, user: Any) -> QuerySet[DisclosureRequest]:
    return (
        DisclosureRequest.objects.filter(
            report__organization_id__in=organization_ids(user, Role.CUSTODIAN)
        )
        .select_related("report__organization", "requested_by", "decided_by")
        .order_by("state", "-requested_at")
    )


def disclosure_for_custodian(*, user: Any, disclosure_id: int) -> tuple[DisclosureRequest, str]:
    """A request with its reason (decrypted for the custodian; the read is audited)."""
    request = get_object_or_404(disclosure_queue(user=user), pk=disclosure_id)
    reason = services.report_box(request.report).open(
        request.sealed_reason, field="disclosure_reason"
    )
    audit_record(actor=user, action="cases.disclosure_read", target=request, changes={})
    return request, reason


def disclosure_for_requester(*, user: Any, disclosure_id: int) -> DisclosureRequest:
    return get_object_or_404(
        DisclosureRequest.objects.select_related("report__case_key", "report__identity").filter(
            requested_by_id=user.pk,
            state=DisclosureRequest.State.APPROVED,
            report__in=handled_cases(user=user),
        ),
        pk=disclosure_id,
    )


# --- the reporter's view -------------------------------------------------------------------


@dataclass
class ReporterView:
    report: Report
    messages: list[MessageView]
    open_questions: list[MessageView]


def reporter_view(*, report_id: int) -> ReporterView:
    report = Report.objects.filter(pk=report_id).select_related("case_key").first()
    if report is None:
        raise Http404
    box = services.report_box(report)
    messages = _messages(report, box)
    for message in messages:
        message.author = ""  # the reporter never sees handlers' names
    return ReporterView(
        report=report,
        messages=messages,
        open_questions=[m for m in messages if m.kind == Message.Kind.QUESTION and not m.answered],
    )


# --- home alerts and statistics -------------------------------------------------------------


def onward_alerts(*, user: Any) -> QuerySet[Report]:
    """Open cases whose onward report is due within a day or overdue, for their handlers and
    the organization's intake officers."""
    if not has_role(user, Role.INTAKE_OFFICER, Role.INVESTIGATOR):
        return Report.objects.none()
    soon = timezone.now() + reference.onward_delay("serious")
    return (
        Report.objects.filter(
            Q(_open_assignment(user, Assignment.Kind.HANDLER))
            | Q(organization_id__in=organization_ids(user, Role.INTAKE_OFFICER)),
            onward_reported_at__isnull=True,
            onward_due_at__lte=soon,
        )
        .exclude(status=Status.CLOSED)
        .select_related("organization")
        .order_by("onward_due_at")
    )


STATISTICS_ROLES = (Role.SECRETARIAT, Role.FOCAL_POINT, Role.CONDUCT_REVIEWER, Role.INTAKE_OFFICER)


@dataclass
class StatisticsRow:
    organization: str
    category: str
    channel: str
    quarter: str
    outcome: str
    count: int | None  # None: suppressed, fewer than the threshold


def statistics(*, user: Any, organization_id: int | None = None) -> list[StatisticsRow]:
    """Counts of cases (live and destroyed) by organization, category, channel, quarter and
    outcome; a cell with fewer than DISCLOSURE_THRESHOLD cases is suppressed."""
    if not has_role(user, *STATISTICS_ROLES):
        return []
    cells: Counter[tuple[str, str, str, str, str]] = Counter()
    reports = Report.objects.values_list(
        "organization__acronym", "category", "channel", "received_at", "outcome"
    )
    destroyed = DestroyedCaseCount.objects.values_list(
        "organization__acronym", "category", "channel", "quarter", "outcome", "count"
    )
    if organization_id is not None:
        reports = reports.filter(organization_id=organization_id)
        destroyed = destroyed.filter(organization_id=organization_id)
    for acronym, category, channel, received_at, outcome in reports:
        cells[(acronym, category, channel, services.quarter_of(received_at), outcome)] += 1
    for acronym, category, channel, quarter, outcome, count in destroyed:
        cells[(acronym, category, channel, quarter, outcome)] += count
    return [
        StatisticsRow(*key, count=count if count >= DISCLOSURE_THRESHOLD else None)
        for key, count in sorted(cells.items())
    ]
