"""Logging visits to a unit; a follow-up visit closes or re-opens the actions the earlier
visit raised, and a visit may raise new actions on the risks it touched."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record
from tutela.organizations.models import Unit
from tutela.risks.models import ActionStatus, Risk, Visit, VisitKind
from tutela.risks.services.actions import action_create, action_update

OUTCOMES = ("unchanged", "closed", "reopened")


def visit_create(
    *,
    actor: Any,
    unit: Unit,
    kind: str,
    visited_on: date,
    location: str = "",
    team: str = "",
    findings: str = "",
    risks: Iterable[Risk] = (),
    follows: Visit | None = None,
    outcomes: dict[int, str] | None = None,
    raised_actions: Iterable[tuple[Risk, str, date | None]] = (),
) -> Visit:
    """Log a visit; a follow-up visit closes or re-opens the actions the earlier one raised."""
    risks = list(risks)
    if any(risk.register.unit_id != unit.pk for risk in risks):
        raise ValidationError({"risks": _("Choose risks of this unit's registers.")})
    if kind == VisitKind.FOLLOW_UP and follows is None:
        raise ValidationError({"follows": _("A follow-up visit follows an earlier visit.")})
    if follows is not None and (follows.unit_id != unit.pk or follows.visited_on > visited_on):
        raise ValidationError(
            {
                "visited_on": _(
                    "A follow-up visit comes after the visit it follows, in the same unit."
                )
            }
        )
    outcomes = outcomes or {}
    earlier = {action.pk: action for action in follows.actions_raised.all()} if follows else {}
    if set(outcomes) - set(earlier) or set(outcomes.values()) - set(OUTCOMES):
        raise ValidationError(
            {"outcomes": _("Only the actions the earlier visit raised can be closed or re-opened.")}
        )
    visit = Visit(
        unit=unit,
        kind=kind,
        visited_on=visited_on,
        location=location.strip(),
        team=team.strip(),
        findings=findings.strip(),
        follows=follows,
        outcomes={str(key): value for key, value in outcomes.items()},
    )
    with transaction.atomic():
        visit.full_clean()
        visit.save()
        visit.risks.set(risks)
        audit_record(
            actor=actor,
            action="risks.visit_create",
            target=visit,
            changes={
                "unit": unit.pk,
                "kind": kind,
                "visited_on": visited_on.isoformat(),
                "follows": follows.pk if follows else None,
                "risks": sorted(risk.pk for risk in risks),
                "outcomes": visit.outcomes,
            },
        )
        for action_id, outcome in outcomes.items():
            action = earlier[action_id]
            if outcome == "closed" and action.status != ActionStatus.DONE:
                action_update(
                    actor=actor,
                    action=action,
                    title=action.title,
                    owner=action.owner,
                    due_on=action.due_on,
                    status=ActionStatus.DONE,
                    evidence=action.evidence,
                    done_on=visited_on,
                )
            elif outcome == "reopened" and action.status in (
                ActionStatus.DONE,
                ActionStatus.DROPPED,
            ):
                action_update(
                    actor=actor,
                    action=action,
                    title=action.title,
                    owner=action.owner,
                    due_on=action.due_on,
                    status=ActionStatus.IN_PROGRESS,
                    evidence=action.evidence,
                )
        for risk, title, due_on in raised_actions:
            if risk not in risks:
                raise ValidationError(
                    {"action_risk": _("An action is raised on a risk the visit touched.")}
                )
            action_create(actor=actor, risk=risk, title=title, due_on=due_on, raised_by_visit=visit)
    return visit
