"""Mitigating actions: adding and changing them, e-mailing their owners on assignment, and
the reminders sent a week before an action falls due."""

from __future__ import annotations

import logging
import smtplib
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record, changes_between
from tutela.risks.models import PENDING_ACTION_STATUSES, ActionStatus, MitigatingAction, Risk, Visit

logger = logging.getLogger(__name__)

REMINDER_DAYS = 7


def _action_fields(action: MitigatingAction) -> dict[str, Any]:
    return {
        "title": action.title,
        "owner": action.owner_id,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "status": action.status,
        "evidence": action.evidence,
        "done_on": action.done_on.isoformat() if action.done_on else None,
    }


def _mail_owner(action: MitigatingAction, *, subject: str, lead: str) -> None:
    owner = action.owner
    if owner is None or not owner.email:
        return
    due = action.due_on.isoformat() if action.due_on else _("no due date")
    body = "\n".join(
        [
            lead,
            "",
            f"{_('Action')}: {action.title}",
            f"{_('Risk')}: {action.risk.reference} {action.risk.title}",
            f"{_('Register')}: {action.risk.register.name}",
            f"{_('Due')}: {due}",
        ]
    )
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [owner.email])
    except (OSError, smtplib.SMTPException):
        # A notification that cannot be sent must not undo or fail the change it reports
        # (it runs after the commit); the mail server's trouble is logged for the operators.
        logger.warning("Could not e-mail the owner of mitigating action %s.", action.pk)


def _notify_assignment(action: MitigatingAction) -> None:
    transaction.on_commit(
        lambda: _mail_owner(
            action,
            subject=_("Tutela: a mitigating action is assigned to you"),
            lead=_("You are the owner of this mitigating action."),
        )
    )


def _set_status(action: MitigatingAction, status: str, done_on: date | None = None) -> None:
    action.status = status
    if status == ActionStatus.DONE:
        action.done_on = action.done_on or done_on or timezone.localdate()
    else:
        action.done_on = None


def action_create(
    *,
    actor: Any,
    risk: Risk,
    title: str,
    owner: Any = None,
    due_on: date | None = None,
    status: str = ActionStatus.PLANNED,
    evidence: str = "",
    raised_by_visit: Visit | None = None,
) -> MitigatingAction:
    action = MitigatingAction(
        risk=risk,
        title=title.strip(),
        owner=owner,
        due_on=due_on,
        evidence=evidence.strip(),
        raised_by_visit=raised_by_visit,
    )
    _set_status(action, status)
    with transaction.atomic():
        action.full_clean()
        action.save()
        audit_record(
            actor=actor, action="risks.action_create", target=action, changes=_action_fields(action)
        )
        if owner is not None:
            _notify_assignment(action)
    return action


def action_update(
    *,
    actor: Any,
    action: MitigatingAction,
    title: str,
    owner: Any,
    due_on: date | None,
    status: str,
    evidence: str = "",
    done_on: date | None = None,
) -> MitigatingAction:
    before = _action_fields(action)
    reassigned = owner is not None and owner.pk != action.owner_id
    if due_on != action.due_on:
        action.reminder_sent_on = None
    action.title, action.owner, action.due_on, action.evidence = (
        title.strip(),
        owner,
        due_on,
        evidence.strip(),
    )
    _set_status(action, status, done_on)
    with transaction.atomic():
        action.full_clean()
        action.save()
        audit_record(
            actor=actor,
            action="risks.action_update",
            target=action,
            changes=changes_between(before, _action_fields(action)),
        )
        if reassigned:
            _notify_assignment(action)
    return action


def action_reminders_send(*, today: date | None = None) -> int:
    """E-mail each owner whose pending action falls due within seven days, once per due date."""
    today = today or timezone.localdate()
    due = MitigatingAction.objects.select_related("owner", "risk", "risk__register").filter(
        status__in=PENDING_ACTION_STATUSES,
        owner__isnull=False,
        due_on__gte=today,
        due_on__lte=today + timedelta(days=REMINDER_DAYS),
        reminder_sent_on__isnull=True,
    )
    sent = 0
    for action in due:
        _mail_owner(
            action,
            subject=_("Tutela: a mitigating action is due on %(date)s") % {"date": action.due_on},
            lead=_("This mitigating action you own falls due within seven days."),
        )
        action.reminder_sent_on = today
        action.save(update_fields=["reminder_sent_on"])
        audit_record(
            actor=None,
            action="risks.action_remind",
            target=action,
            changes={"due_on": str(action.due_on)},
        )
        sent += 1
    return sent
