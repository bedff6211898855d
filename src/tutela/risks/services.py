"""Every write of the risks module; each is audited."""

from __future__ import annotations

import hashlib
import json
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record, changes_between
from tutela.frameworks.models import Framework, FrameworkStatus, Node
from tutela.organizations.models import Body, Organization, Unit
from tutela.risks import library
from tutela.risks.models import (
    PENDING_ACTION_STATUSES,
    ActionStatus,
    HealthAssessment,
    MitigatingAction,
    QuarterlyReport,
    Register,
    ReportStatus,
    Risk,
    RiskFactor,
    RiskMatrix,
    Treatment,
    Visit,
    VisitKind,
)
from tutela.risks.reports import quarter_bounds, snapshot_build

REMINDER_DAYS = 7

# --- matrices and the factor library ---------------------------------------------------------

logger = logging.getLogger(__name__)


def matrix_save(*, actor: Any, data: Any, is_shipped: bool = False) -> tuple[RiskMatrix, str]:
    """Store a matrix definition: "created", "unchanged", "updated" (not yet used by any
    register) or "new_version" (a register uses the old one, which is kept as it was)."""
    cleaned = library.matrix_definition_clean(data)
    digest = library.definition_sha256(cleaned)
    with transaction.atomic():
        latest = (
            RiskMatrix.objects.select_for_update()
            .filter(code=cleaned["code"])
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.definition_sha256 == digest:
            return latest, "unchanged"
        if latest is not None and not latest.registers.exists():
            matrix, outcome = latest, "updated"
        else:
            matrix = RiskMatrix(code=cleaned["code"], version=latest.version + 1 if latest else 1)
            outcome = "new_version" if latest else "created"
        matrix.name = cleaned["name"]
        matrix.description = cleaned["description"]
        matrix.definition = cleaned["definition"]
        matrix.definition_sha256 = digest
        matrix.is_shipped = is_shipped
        matrix.full_clean()
        matrix.save()
        audit_record(
            actor=actor,
            action=f"risks.matrix_{outcome}",
            target=matrix,
            changes={"code": matrix.code, "version": matrix.version, "sha256": digest},
        )
    return matrix, outcome


@dataclass
class LoadSummary:
    matrices: dict[str, str] = field(default_factory=dict)
    factors_created: int = 0
    factors_kept: int = 0


def library_load(*, actor: Any = None) -> LoadSummary:
    """Load the shipped matrices and risk factors; running it again changes nothing.

    A factor already in the database is kept as it is there: the library is a starting point
    that the secretariat edits.
    """
    summary = LoadSummary()
    with transaction.atomic():
        for data in library.shipped_matrices():
            matrix, outcome = matrix_save(
                actor=actor,
                data={
                    "code": data["code"],
                    "name": data["name"],
                    "description": data["description"],
                    **data["definition"],
                },
                is_shipped=True,
            )
            summary.matrices[f"{matrix.code} v{matrix.version}"] = outcome
        existing = set(RiskFactor.objects.values_list("code", flat=True))
        new = [
            RiskFactor(**factor)
            for factor in library.shipped_factors()
            if factor["code"] not in existing
        ]
        RiskFactor.objects.bulk_create(new)
        summary.factors_created = len(new)
        summary.factors_kept = len(existing)
        if new:
            audit_record(
                actor=actor,
                action="risks.factors_load",
                object_type="risks.riskfactor",
                changes={"created": [factor.code for factor in new]},
            )
    return summary


# --- registers -------------------------------------------------------------------------------


def _register_fields(register: Register) -> dict[str, Any]:
    return {
        "name": register.name,
        "kind": register.kind,
        "organization": register.organization_id,
        "unit": register.unit_id,
        "matrix": f"{register.matrix.code} v{register.matrix.version}",
        "description": register.description,
        "template": register.template,
    }


def register_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    organization: Organization,
    matrix: RiskMatrix,
    unit: Unit | None = None,
    description: str = "",
    template: str = "",
) -> Register:
    if unit is not None and unit.organization_id != organization.pk:
        raise ValidationError({"unit": _("The unit belongs to another organization.")})
    register = Register(
        name=name.strip(),
        kind=kind,
        organization=organization,
        unit=unit,
        matrix=matrix,
        description=description.strip(),
        template=template,
    )
    with transaction.atomic():
        if Register.objects.filter(
            organization=organization, unit=unit, name=register.name
        ).exists():
            raise ValidationError({"name": _("This owner already has a register of that name.")})
        register.full_clean()
        register.save()
        audit_record(
            actor=actor,
            action="risks.register_create",
            target=register,
            changes=_register_fields(register),
        )
        if template:
            _template_apply(actor=actor, register=register, code=template)
    return register


def _middle(levels: list[dict[str, Any]]) -> str:
    return str(levels[len(levels) // 2]["code"])


def _template_apply(*, actor: Any, register: Register, code: str) -> None:
    """Add the template's risks, assessed at the matrix's middle levels until the unit rates
    them, with their framework links, factors and associated actions."""
    spec = library.register_template(code)
    framework = (
        Framework.objects.filter(slug=spec["framework"], status=FrameworkStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )
    nodes_by_ref = (
        {node.ref_id: node for node in Node.objects.filter(framework=framework)}
        if framework
        else {}
    )
    factors = {factor.code: factor for factor in RiskFactor.objects.all()}
    matrix = register.matrix
    likelihood, impact = _middle(matrix.likelihood_levels), _middle(matrix.impact_levels)
    for entry in spec["risks"]:
        risk = risk_create(
            actor=actor,
            register=register,
            title=entry["title"],
            description=entry.get("description", ""),
            prong=entry.get("prong", "prevention"),
            inherent_likelihood=likelihood,
            inherent_impact=impact,
            residual_likelihood=likelihood,
            residual_impact=impact,
            treatment=Treatment.REDUCE,
            rationale=_("From the %(template)s template; rate it for this unit.")
            % {"template": spec["name"]},
            factors=[factors[c] for c in entry.get("factors", []) if c in factors],
            framework_nodes=[nodes_by_ref[r] for r in entry.get("nodes", []) if r in nodes_by_ref],
        )
        for title in entry.get("actions", []):
            action_create(actor=actor, risk=risk, title=title)


# --- risks -----------------------------------------------------------------------------------


def _risk_fields(risk: Risk) -> dict[str, Any]:
    return {
        "title": risk.title,
        "description": risk.description,
        "category": risk.category,
        "prong": risk.prong,
        "sources": risk.sources,
        "owner": risk.owner_id,
        "inherent": [risk.inherent_likelihood, risk.inherent_impact, risk.inherent_level],
        "residual": [risk.residual_likelihood, risk.residual_impact, risk.residual_level],
        "treatment": risk.treatment,
        "rationale": risk.rationale,
        "accepted_by": risk.accepted_by,
        "acceptance_review_on": risk.acceptance_review_on.isoformat()
        if risk.acceptance_review_on
        else None,
        "is_closed": risk.is_closed,
    }


def _assess(risk: Risk, matrix: RiskMatrix) -> None:
    """Levels from the register's matrix; a code the matrix does not have is refused."""
    problems: dict[str, str] = {}
    likelihoods = {level["code"] for level in matrix.likelihood_levels}
    impacts = {level["code"] for level in matrix.impact_levels}
    for name in ("inherent_likelihood", "residual_likelihood"):
        if getattr(risk, name) not in likelihoods:
            problems[name] = _("Choose a likelihood level of the register's matrix.")
    for name in ("inherent_impact", "residual_impact"):
        if getattr(risk, name) not in impacts:
            problems[name] = _("Choose an impact level of the register's matrix.")
    if risk.treatment == Treatment.ACCEPT:
        if not risk.accepted_by.strip():
            problems["accepted_by"] = _("Accepting a risk needs the name of who approved it.")
        if risk.acceptance_review_on is None:
            problems["acceptance_review_on"] = _("Accepting a risk needs a date to review it.")
    if problems:
        raise ValidationError(problems)
    risk.inherent_level = matrix.level_for(risk.inherent_likelihood, risk.inherent_impact)
    risk.residual_level = matrix.level_for(risk.residual_likelihood, risk.residual_impact)


RISK_TEXT_FIELDS = ("title", "description", "category", "sources", "rationale", "accepted_by")


def risk_create(
    *,
    actor: Any,
    register: Register,
    title: str,
    prong: str,
    inherent_likelihood: str,
    inherent_impact: str,
    residual_likelihood: str,
    residual_impact: str,
    treatment: str,
    description: str = "",
    category: str = "",
    sources: str = "",
    owner: Any = None,
    rationale: str = "",
    accepted_by: str = "",
    acceptance_review_on: date | None = None,
    factors: Iterable[RiskFactor] = (),
    framework_nodes: Iterable[Node] = (),
) -> Risk:
    risk = Risk(
        register=register,
        title=title.strip(),
        description=description.strip(),
        category=category.strip(),
        prong=prong,
        sources=sources.strip(),
        owner=owner,
        inherent_likelihood=inherent_likelihood,
        inherent_impact=inherent_impact,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
        treatment=treatment,
        rationale=rationale.strip(),
        accepted_by=accepted_by.strip(),
        acceptance_review_on=acceptance_review_on,
    )
    _assess(risk, register.matrix)
    with transaction.atomic():
        last = (
            Register.objects.select_for_update()
            .filter(pk=register.pk)
            .aggregate(last=Max("risks__number"))["last"]
        )
        risk.number = (last or 0) + 1
        risk.full_clean()
        risk.save()
        risk.factors.set(list(factors))
        risk.framework_nodes.set(list(framework_nodes))
        audit_record(
            actor=actor,
            action="risks.risk_create",
            target=risk,
            changes={
                **_risk_fields(risk),
                "factors": sorted(f.code for f in risk.factors.all()),
                "framework_nodes": sorted(n.pk for n in risk.framework_nodes.all()),
            },
        )
    return risk


def risk_update(
    *,
    actor: Any,
    risk: Risk,
    factors: Iterable[RiskFactor] | None = None,
    framework_nodes: Iterable[Node] | None = None,
    **values: Any,
) -> Risk:
    """Change what is given; the levels are recomputed from the register's matrix."""
    allowed = {
        *RISK_TEXT_FIELDS,
        "prong",
        "owner",
        "inherent_likelihood",
        "inherent_impact",
        "residual_likelihood",
        "residual_impact",
        "treatment",
        "acceptance_review_on",
        "is_closed",
    }
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"Unknown risk fields: {sorted(unknown)}")
    before = _risk_fields(risk)
    before_links = {
        "factors": sorted(f.code for f in risk.factors.all()),
        "framework_nodes": sorted(n.pk for n in risk.framework_nodes.all()),
    }
    for name, value in values.items():
        setattr(risk, name, value.strip() if name in RISK_TEXT_FIELDS else value)
    _assess(risk, risk.register.matrix)
    with transaction.atomic():
        risk.full_clean()
        risk.save()
        if factors is not None:
            risk.factors.set(list(factors))
        if framework_nodes is not None:
            risk.framework_nodes.set(list(framework_nodes))
        after_links = {
            "factors": sorted(f.code for f in risk.factors.all()),
            "framework_nodes": sorted(n.pk for n in risk.framework_nodes.all()),
        }
        audit_record(
            actor=actor,
            action="risks.risk_update",
            target=risk,
            changes=changes_between(
                {**before, **before_links}, {**_risk_fields(risk), **after_links}
            ),
        )
    return risk


# --- mitigating actions ----------------------------------------------------------------------


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


# --- visits ----------------------------------------------------------------------------------

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


# --- quarterly reports -----------------------------------------------------------------------


def _snapshot_sha256(snapshot: dict[str, Any]) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _frozen_refusal() -> ValidationError:
    return ValidationError(_("This report was submitted and is frozen; it cannot be changed."))


def report_generate(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    quarter: int,
    receiving_body: Body,
    narrative: str | None = None,
) -> QuarterlyReport:
    """Generate (or regenerate) the unit's draft report for the quarter from its registers."""
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise ValidationError(
            {"quarter": _("Choose a quarter from 1 to 4 of a year from 2000 to 2100.")}
        )
    if quarter_bounds(year, quarter)[0] > timezone.localdate():
        raise ValidationError({"quarter": _("That quarter has not begun yet.")})
    with transaction.atomic():
        report = (
            QuarterlyReport.objects.select_for_update()
            .filter(unit=unit, year=year, quarter=quarter)
            .first()
        )
        if report is not None and report.is_frozen:
            raise _frozen_refusal()
        if report is None:
            report = QuarterlyReport(unit=unit, year=year, quarter=quarter)
        report.receiving_body = receiving_body
        if narrative is not None:
            report.narrative = narrative.strip()
        report.generated_at = timezone.now()
        report.snapshot, report.summary = snapshot_build(report)
        report.full_clean()
        report.save()
        audit_record(
            actor=actor,
            action="risks.report_generate",
            target=report,
            changes={"period": report.period, "receiving_body": receiving_body.acronym},
        )
    return report


def report_submit(*, actor: Any, report: QuarterlyReport) -> QuarterlyReport:
    """Regenerate, then freeze: the snapshot's SHA-256 goes to the audit log."""
    with transaction.atomic():
        report = (
            QuarterlyReport.objects.select_for_update()
            .select_related("unit", "unit__organization")
            .get(pk=report.pk)
        )
        if report.is_frozen:
            raise _frozen_refusal()
        report.generated_at = timezone.now()
        report.snapshot, report.summary = snapshot_build(report)
        report.snapshot_sha256 = _snapshot_sha256(report.snapshot)
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
        report.full_clean()
        report.save()
        audit_record(
            actor=actor,
            action="risks.report_submit",
            target=report,
            changes={
                "period": report.period,
                "receiving_body": report.receiving_body.acronym,
                "snapshot_sha256": report.snapshot_sha256,
            },
        )
    return report


def report_snapshot_intact(report: QuarterlyReport) -> bool:
    return (
        bool(report.snapshot_sha256) and _snapshot_sha256(report.snapshot) == report.snapshot_sha256
    )


def report_export_record(*, actor: Any, report: QuarterlyReport, file_format: str) -> None:
    audit_record(
        actor=actor, action="risks.report_export", target=report, changes={"format": file_format}
    )


# --- duty station health risk assessments ----------------------------------------------------


def health_indicator(ratings: dict[str, str]) -> str:
    """The weakest rating among the elements (library/health-assessment.yaml documents why)."""
    order = [level["code"] for level in library.health_scheme()["scale"]]
    return min(ratings.values(), key=order.index)


def health_assessment_record(
    *,
    actor: Any,
    unit: Unit,
    assessed_on: date,
    assessor: str,
    ratings: dict[str, str],
    notes: str = "",
) -> HealthAssessment:
    """Record the assessment; every inadequate element proposes a risk in the unit's health
    register (created with the newest 5x5 matrix if the unit has none)."""
    scheme = library.health_scheme()
    elements = {element["code"]: element["label"] for element in scheme["elements"]}
    scale = {level["code"] for level in scheme["scale"]}
    missing = sorted(set(elements) - set(ratings))
    if missing or set(ratings) - set(elements) or set(ratings.values()) - scale:
        raise ValidationError({"ratings": _("Rate each of the six elements on the scale.")})
    if not assessor.strip():
        raise ValidationError({"assessor": _("Name the assessor.")})
    assessment = HealthAssessment(
        unit=unit,
        assessed_on=assessed_on,
        assessor=assessor.strip(),
        ratings=ratings,
        indicator=health_indicator(ratings),
        notes=notes.strip(),
    )
    with transaction.atomic():
        assessment.full_clean()
        assessment.save()
        audit_record(
            actor=actor,
            action="risks.health_assessment_record",
            target=assessment,
            changes={"ratings": ratings, "indicator": assessment.indicator},
        )
        inadequate = [code for code, rating in ratings.items() if rating == "inadequate"]
        if inadequate:
            _health_risks_propose(
                actor=actor, assessment=assessment, elements=elements, codes=inadequate
            )
    return assessment


def _health_risks_propose(
    *, actor: Any, assessment: HealthAssessment, elements: dict[str, str], codes: list[str]
) -> None:
    unit = assessment.unit
    register = Register.objects.filter(unit=unit, kind="health").order_by("pk").first()
    if register is None:
        matrix = RiskMatrix.objects.filter(code="five-by-five").order_by("-version").first()
        if matrix is None:
            raise ValidationError(_("Load the risk matrices first (tutela load_risk_matrices)."))
        register = register_create(
            actor=actor,
            name=f"{unit.name} health risk register",
            kind="health",
            organization=unit.organization,
            unit=unit,
            matrix=matrix,
        )
    likelihood = _middle(register.matrix.likelihood_levels)
    impact = str(register.matrix.impact_levels[-2]["code"])
    factor = RiskFactor.objects.filter(code="health-support-gaps").first()
    open_titles = set(register.risks.filter(is_closed=False).values_list("title", flat=True))
    for code in codes:
        title = _("Inadequate %(element)s at %(unit)s") % {
            "element": elements[code][:1].lower() + elements[code][1:],
            "unit": unit.name,
        }
        if title in open_titles:
            continue
        risk_create(
            actor=actor,
            register=register,
            title=title,
            category=_("Health support"),
            prong="prevention",
            inherent_likelihood=likelihood,
            inherent_impact=impact,
            residual_likelihood=likelihood,
            residual_impact=impact,
            treatment=Treatment.REDUCE,
            rationale=_("Proposed by the health risk assessment of %(date)s; rate and treat it.")
            % {"date": assessment.assessed_on.isoformat()},
            factors=[factor] if factor else [],
        )
