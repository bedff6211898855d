"""What case handlers and intake officers do: assignment, recusal, status, notes,
messages to the reporter, onward reports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.accounts.access import organization_ids
from tutela.accounts.roles import Role
from tutela.audit.services import audit_record
from tutela.cases import reference
from tutela.cases.models import (
    Assignment,
    Category,
    Message,
    Note,
    Outcome,
    Recusal,
    Report,
    Seriousness,
    Status,
    StatusChange,
)
from tutela.cases.services.report_keys import report_box


def _intake_organizations(actor: Any) -> set[int]:
    return organization_ids(actor, Role.INTAKE_OFFICER)


ASSIGNABLE_ROLES: dict[str, tuple[Role, ...]] = {
    Assignment.Kind.HANDLER: (Role.INTAKE_OFFICER, Role.INVESTIGATOR),
    Assignment.Kind.SUPPORT: (Role.SUPPORT_OFFICER,),
}


@transaction.atomic
def case_assign(*, actor: Any, report: Report, user: Any, kind: str) -> Assignment:
    """Assign a handler or support officer; assigning a new handler hands the case over."""
    if report.organization_id not in _intake_organizations(actor):
        raise ValidationError(_("Only the organization's intake officers assign cases."))
    wanted = ASSIGNABLE_ROLES.get(kind)
    if wanted is None or report.organization_id not in organization_ids(user, *wanted):
        raise ValidationError({"user": _("This person does not hold a role that fits.")})
    if Recusal.objects.filter(report=report, user=user).exists():
        raise ValidationError({"user": _("This person recused themselves from the case.")})
    if report.assignments.filter(user=user, kind=kind, ended_at__isnull=True).exists():
        raise ValidationError({"user": _("This person is already assigned.")})
    now = timezone.now()
    assignment = Assignment.objects.create(report=report, user=user, kind=kind, assigned_at=now)
    audit_record(
        actor=actor,
        action="cases.assign",
        target=report,
        changes={"user": user.email, "kind": kind},
    )
    return assignment


@transaction.atomic
def case_unassign(*, actor: Any, assignment: Assignment) -> None:
    if assignment.report.organization_id not in _intake_organizations(actor):
        raise ValidationError(_("Only the organization's intake officers reassign cases."))
    assignment.ended_at = timezone.now()
    assignment.ended_because = Assignment.Ended.HANDOVER
    assignment.save(update_fields=["ended_at", "ended_because"])
    audit_record(
        actor=actor,
        action="cases.handover",
        target=assignment.report,
        changes={"user": assignment.user.email, "kind": assignment.kind},
    )


@transaction.atomic
def case_recuse(*, actor: Any, report: Report) -> None:
    """A handler declares a conflict of interest: every assignment ends, for good."""
    now = timezone.now()
    ended = report.assignments.filter(user=actor, ended_at__isnull=True).update(
        ended_at=now, ended_because=Assignment.Ended.RECUSAL
    )
    if not ended:
        raise ValidationError(_("You are not assigned to this case."))
    Recusal.objects.get_or_create(report=report, user=actor, defaults={"recorded_at": now})
    audit_record(actor=actor, action="cases.recuse", target=report, changes={})


@transaction.atomic
def case_status_change(
    *, actor: Any, report: Report, status: str, outcome: str = ""
) -> StatusChange:
    if status not in reference.allowed_transitions(report.status):
        raise ValidationError(
            {
                "status": _("A case cannot go from %(from)s to %(to)s.")
                % {"from": report.get_status_display(), "to": status}
            }
        )
    if status == Status.CLOSED and outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Say the outcome of the case to close it.")})
    if status != Status.CLOSED:
        outcome = ""
    change = StatusChange.objects.create(
        report=report,
        from_status=report.status,
        to_status=status,
        actor=actor,
        changed_at=timezone.now(),
    )
    report.status = status
    report.outcome = outcome
    report.closed_at = change.changed_at if status == Status.CLOSED else None
    report.save(update_fields=["status", "outcome", "closed_at"])
    audit_record(
        actor=actor,
        action="cases.status_change",
        target=report,
        changes={"status": [change.from_status, status], "outcome": outcome},
    )
    return change


@transaction.atomic
def case_classify(*, actor: Any, report: Report, category: str, seriousness: str) -> Report:
    """Set category and seriousness; the onward-report deadline follows the seriousness."""
    if category not in Category.values or seriousness not in Seriousness.values:
        raise ValidationError(_("Choose a category and a seriousness."))
    before = {"category": report.category, "seriousness": report.seriousness}
    report.category = category
    report.seriousness = seriousness
    report.onward_due_at = report.received_at + reference.onward_delay(seriousness)
    report.save(update_fields=["category", "seriousness", "onward_due_at"])
    audit_record(
        actor=actor,
        action="cases.classify",
        target=report,
        changes={"category": [before["category"], category], "seriousness": seriousness},
    )
    return report


@transaction.atomic
def case_onward_reported(*, actor: Any, report: Report) -> Report:
    if report.onward_reported_at is None:
        report.onward_reported_at = timezone.now()
        report.save(update_fields=["onward_reported_at"])
        audit_record(actor=actor, action="cases.onward_reported", target=report, changes={})
    return report


@transaction.atomic
def case_note_add(*, actor: Any, report: Report, body: str) -> Note:
    if not body.strip():
        raise ValidationError({"body": _("Write the note.")})
    note = Note.objects.create(
        report=report,
        author=actor,
        written_at=timezone.now(),
        sealed=report_box(report).seal(body, field="note"),
    )
    audit_record(actor=actor, action="cases.note_add", target=report, changes={"note": note.pk})
    return note


@transaction.atomic
def case_message_send(*, actor: Any, report: Report, body: str, kind: str) -> Message:
    if not body.strip():
        raise ValidationError({"body": _("Write the message.")})
    if kind not in {Message.Kind.MESSAGE, Message.Kind.QUESTION}:
        raise ValidationError({"kind": _("Send a message or a question.")})
    message = Message.objects.create(
        report=report,
        from_reporter=False,
        kind=kind,
        author=actor,
        sent_at=timezone.now(),
        sealed=report_box(report).seal(body, field="message"),
    )
    audit_record(actor=actor, action="cases.message_send", target=report, changes={"kind": kind})
    return message
