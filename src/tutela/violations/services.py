"""Every write to violation records, each audited: recording and editing an event with its acts,
victims, perpetrators, sources, casualties and interventions; the two tiers of verification;
revealing person names (an audited read); exports (audited) and the ESF re-import."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record
from tutela.violations.access import can_edit_event, officer_countries, readable_countries
from tutela.violations.models import (
    Act,
    Casualty,
    Engagement,
    EngagementStrategy,
    Escalation,
    Event,
    Information,
    Intervention,
    Involvement,
    Person,
    PersonRole,
    ReviewMeasure,
    RiskRating,
    Situation,
    SituationAction,
    Term,
    Verification,
)
from tutela.violations.regions import countries_by_code
from tutela.violations.tallies import event_contribution, tally_change


@dataclass
class PersonInput:
    pseudonym: str
    kind: str = "individual"
    name: str = ""
    counting_unit: Term | None = None
    number: int | None = None
    age_band: str = "unknown"
    sex: Term | None = None


@dataclass
class InvolvementInput:
    perpetrator: int  # index into EventInput.perpetrators
    perpetrator_type: Term
    degree: Term | None = None


@dataclass
class ActInput:
    type: Term
    victim: int  # index into EventInput.victims
    start_date: date | None = None
    end_date: date | None = None
    location: str = ""
    consequences: str = ""
    status_at_end: Term | None = None
    grave_violation: Term | None = None
    involvements: list[InvolvementInput] = field(default_factory=list)


@dataclass
class InformationInput:
    source: str
    source_name: str = ""
    connection: Term | None = None
    reliability: Term | None = None
    received_on: date | None = None


@dataclass
class CasualtyInput:
    outcome: str
    minimum: int
    maximum: int
    population: str = "all"
    certainty: str = "medium"


@dataclass
class InterventionInput:
    party: str
    type: Term
    date: date
    response: Term | None = None
    impact: Term | None = None
    status: Term | None = None
    priority: Term | None = None


@dataclass
class EventInput:
    title: str
    country: str
    start_date: date
    start_date_type: Term
    admin1: str = ""
    admin2: str = ""
    location: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    location_precision: str = "1"
    end_date: date | None = None
    description: str = ""
    impact: str = ""
    violation_status: Term | None = None
    confidentiality: str = "restricted"
    victims: list[PersonInput] = field(default_factory=list)
    perpetrators: list[PersonInput] = field(default_factory=list)
    acts: list[ActInput] = field(default_factory=list)
    information: list[InformationInput] = field(default_factory=list)
    casualties: list[CasualtyInput] = field(default_factory=list)
    interventions: list[InterventionInput] = field(default_factory=list)


EVENT_FIELDS = (
    "title",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "location_precision",
    "start_date",
    "start_date_type",
    "end_date",
    "description",
    "impact",
    "violation_status",
    "confidentiality",
)


def _check_input(actor: Any, data: EventInput) -> None:
    errors: dict[str, list[str]] = {}
    if data.country not in officer_countries(actor):
        errors.setdefault("country", []).append(
            _("You record events only for the countries you are a human rights officer for.")
        )
    elif data.country not in countries_by_code():
        errors.setdefault("country", []).append(_("Unknown country."))
    if not data.acts:
        errors.setdefault("__all__", []).append(_("Record at least one act."))
    for number, act in enumerate(data.acts, start=1):
        if not 0 <= act.victim < len(data.victims):
            errors.setdefault("__all__", []).append(
                _("Act %(number)s names a victim that is not listed.") % {"number": number}
            )
        for involvement in act.involvements:
            if not 0 <= involvement.perpetrator < len(data.perpetrators):
                errors.setdefault("__all__", []).append(
                    _("Act %(number)s names a perpetrator that is not listed.") % {"number": number}
                )
    seen = set()
    for casualty in data.casualties:
        key = (casualty.outcome, casualty.population)
        if key in seen:
            errors.setdefault("__all__", []).append(
                _("Give each casualty category (outcome and who) once.")
            )
        seen.add(key)
        if casualty.maximum < casualty.minimum:
            errors.setdefault("__all__", []).append(
                _("A casualty maximum cannot be below its minimum.")
            )
    if errors:
        raise ValidationError(errors)


def _save_children(event: Event, data: EventInput) -> None:
    def person(entry: PersonInput, role: str) -> Person:
        record = Person(
            event=event,
            role=role,
            kind=entry.kind,
            pseudonym=entry.pseudonym,
            name=entry.name,
            counting_unit=entry.counting_unit,
            number=entry.number,
            age_band=entry.age_band,
            sex=entry.sex,
        )
        record.full_clean(exclude=["event"])
        record.save()
        return record

    victims = [person(entry, PersonRole.VICTIM) for entry in data.victims]
    perpetrators = [person(entry, PersonRole.PERPETRATOR) for entry in data.perpetrators]
    for entry in data.acts:
        act = Act(
            event=event,
            type=entry.type,
            victim=victims[entry.victim],
            start_date=entry.start_date,
            end_date=entry.end_date,
            location=entry.location,
            consequences=entry.consequences,
            status_at_end=entry.status_at_end,
            grave_violation=entry.grave_violation,
        )
        act.full_clean(exclude=["event", "victim"])
        act.save()
        for involvement in entry.involvements:
            Involvement.objects.create(
                act=act,
                perpetrator=perpetrators[involvement.perpetrator],
                degree=involvement.degree,
                perpetrator_type=involvement.perpetrator_type,
            )
    for source in data.information:
        information = Information(event=event, **source.__dict__)
        information.full_clean(exclude=["event"])
        information.save()
    for casualty in data.casualties:
        record = Casualty(event=event, **casualty.__dict__)
        record.full_clean(exclude=["event"], validate_constraints=False)
        record.save()
    for intervention in data.interventions:
        action = Intervention(event=event, **intervention.__dict__)
        action.full_clean(exclude=["event"])
        action.save()


def _summary(data: EventInput) -> dict[str, Any]:
    """What the audit log keeps of a record: never names or the confidential description."""
    return {
        "title": data.title,
        "country": data.country,
        "start_date": data.start_date.isoformat(),
        "acts": [act.type.code for act in data.acts],
        "victims": len(data.victims),
        "perpetrators": len(data.perpetrators),
        "sources": len(data.information),
        "casualties": [[c.outcome, c.population, c.minimum, c.maximum] for c in data.casualties],
    }


def event_create(*, actor: Any, data: EventInput) -> Event:
    _check_input(actor, data)
    with transaction.atomic():
        event = Event(created_by=actor, **{name: getattr(data, name) for name in EVENT_FIELDS})
        event.full_clean()
        event.save()
        _save_children(event, data)
        tally_change({}, event_contribution(event))
        audit_record(
            actor=actor, action="violations.event_create", target=event, changes=_summary(data)
        )
    return event


def event_update(*, actor: Any, event: Event, data: EventInput) -> Event:
    """Replace the event's fields and its acts, persons, sources, casualties and interventions."""
    if not can_edit_event(actor, event):
        raise ValidationError(_("You cannot edit this event."))
    _check_input(actor, data)
    with transaction.atomic():
        # Locked first, so what the event contributed to the tallies cannot change under us.
        locked = Event.objects.select_for_update().get(pk=event.pk)
        before = event_contribution(locked)
        for name in EVENT_FIELDS:
            setattr(event, name, getattr(data, name))
        event.full_clean()
        event.save()
        Involvement.objects.filter(act__event=event).delete()
        event.acts.all().delete()
        event.persons.all().delete()
        event.information.all().delete()
        event.casualties.all().delete()
        event.interventions.all().delete()
        _save_children(event, data)
        tally_change(before, event_contribution(event))
        audit_record(
            actor=actor, action="violations.event_update", target=event, changes=_summary(data)
        )
    return event


class VerificationOutcome:
    CONFIRMED = "confirmed"
    NOT_OCCURRED = "not_occurred"


def event_verify(
    *, actor: Any, event: Event, outcome: str, verified_on: date, note: str = ""
) -> Event:
    """First tier (country focal point) on a reported event, then the task force on a pending
    one; the task force verifier must be another person than the first-tier verifier."""
    if not can_edit_event(actor, event):
        raise ValidationError(_("You cannot verify this event."))
    if outcome not in (VerificationOutcome.CONFIRMED, VerificationOutcome.NOT_OCCURRED):
        raise ValidationError({"outcome": [_("Choose confirmed or not occurred.")]})
    if verified_on < event.start_date:
        raise ValidationError({"verified_on": [_("Verification cannot precede the event.")]})
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        before = event_contribution(event)
        if event.verification == Verification.REPORTED:
            tier = 1
            event.tier1_verified_by = actor
            event.tier1_verified_on = verified_on
            event.verification = (
                Verification.PENDING
                if outcome == VerificationOutcome.CONFIRMED
                else Verification.NOT_OCCURRED
            )
        elif event.verification == Verification.PENDING:
            if event.tier1_verified_by_id == actor.pk:
                raise ValidationError(
                    _("The task force verification must be done by another officer.")
                )
            if event.tier1_verified_on and verified_on < event.tier1_verified_on:
                raise ValidationError(
                    {"verified_on": [_("The second tier cannot precede the first.")]}
                )
            tier = 2
            event.tier2_verified_by = actor
            event.tier2_verified_on = verified_on
            event.verification = (
                Verification.VERIFIED
                if outcome == VerificationOutcome.CONFIRMED
                else Verification.NOT_OCCURRED
            )
        else:
            raise ValidationError(_("This event's verification is complete."))
        if note:
            event.verification_note = (event.verification_note + "\n" + note).strip()
        event.save()
        tally_change(before, event_contribution(event))
        audit_record(
            actor=actor,
            action="violations.event_verify",
            target=event,
            changes={
                "tier": tier,
                "outcome": outcome,
                "verified_on": verified_on.isoformat(),
                "verification": event.verification,
                "late": event.late_verification,
            },
        )
    return event


def person_names_reveal(*, actor: Any, event: Event) -> dict[int, str]:
    """Names of the event's persons, for an officer of its country; every reveal is audited."""
    if not can_edit_event(actor, event):
        raise ValidationError(_("You cannot read these names."))
    names = {person.pk: person.name for person in event.persons.all() if person.name}
    audit_record(
        actor=actor,
        action="violations.person_names_read",
        target=event,
        changes={"persons": sorted(names)},
    )
    return names


def export_record(*, actor: Any, export_format: str, filters: dict[str, Any], rows: int) -> None:
    audit_record(
        actor=actor,
        action="violations.export",
        object_type="violations.event",
        changes={"format": export_format, "filters": filters, "rows": rows},
    )


def risk_ratings_save(
    *,
    actor: Any,
    country: str,
    year: int,
    quarter: int,
    levels: dict[Term, tuple[int | None, str]],
    indicators: dict[Term, list[Term]] | None = None,
) -> int:
    """Record the ratings given for a country and quarter, with the indicators of each factor
    observed (a blank level leaves a factor as it was; indicators given for a factor replace
    those recorded); analysts and human rights officers of the country rate."""
    if country not in readable_countries(actor):
        raise ValidationError(_("You rate only the countries you work on."))
    observed = indicators or {}
    problems = [
        _("%(indicator)s is not an indicator of risk factor %(factor)s.")
        % {"indicator": indicator.code, "factor": factor.code}
        for factor, ticked in observed.items()
        for indicator in ticked
        if indicator.parent_id != factor.pk
    ]
    if problems:
        raise ValidationError(problems)
    changed: dict[str, Any] = {}
    with transaction.atomic():
        existing = {
            rating.factor_id: rating
            for rating in RiskRating.objects.select_for_update()
            .filter(country=country, year=year, quarter=quarter)
            .prefetch_related("indicators")
        }
        for factor in sorted({*levels, *observed}, key=lambda term: term.order):
            level, note = levels.get(factor, (None, ""))
            rating = existing.get(factor.pk)
            wanted = observed.get(factor)
            if level is None and rating is None:
                if wanted:
                    raise ValidationError(
                        _("Give risk factor %(factor)s a level to record its indicators.")
                        % {"factor": factor.code}
                    )
                continue
            if rating is None:
                rating = RiskRating(country=country, year=year, quarter=quarter, factor=factor)
            entry: dict[str, Any] = {}
            if level is not None and (
                rating.pk is None or (rating.level, rating.note) != (level, note)
            ):
                rating.level, rating.note, rating.rated_by = level, note, actor
                rating.full_clean()
                rating.save()
                entry["level"] = level
            if wanted is not None:
                before = {term.code for term in rating.indicators.all()}
                after = {term.code for term in wanted}
                if before != after:
                    rating.indicators.set(wanted)
                    if not entry:
                        rating.rated_by = actor
                        rating.save(update_fields=["rated_by", "rated_at"])
                    entry["indicators"] = sorted(after, key=_code_order)
            if entry:
                changed[factor.code] = entry
        if changed:
            audit_record(
                actor=actor,
                action="violations.risk_rate",
                object_type="violations.riskrating",
                object_id=f"{country}-{year}-Q{quarter}",
                changes=changed,
            )
    return len(changed)


def review_measure_add(
    *,
    actor: Any,
    region: str,
    country: str,
    year: int,
    quarter: int,
    text: str,
    owner: str,
    due_on: date | None,
) -> ReviewMeasure:
    if country not in readable_countries(actor):
        raise ValidationError({"country": [_("Choose a country you work on.")]})
    with transaction.atomic():
        measure = ReviewMeasure(
            region=region,
            country=country,
            year=year,
            quarter=quarter,
            text=text,
            owner=owner,
            due_on=due_on,
            recorded_by=actor,
        )
        measure.full_clean()
        measure.save()
        audit_record(
            actor=actor,
            action="violations.measure_add",
            target=measure,
            changes={"text": text, "owner": owner, "country": country},
        )
    return measure


def review_measure_update(
    *, actor: Any, measure: ReviewMeasure, status: str, progress_note: str
) -> ReviewMeasure:
    if measure.country not in readable_countries(actor):
        raise ValidationError(_("You cannot update this measure."))
    with transaction.atomic():
        measure.status, measure.progress_note = status, progress_note
        measure.full_clean()
        measure.save()
        audit_record(
            actor=actor,
            action="violations.measure_update",
            target=measure,
            changes={"status": status},
        )
    return measure


# --- situations, escalation and engagement ---------------------------------------------------


def _officer_of(actor: Any, country: str) -> None:
    if country not in officer_countries(actor):
        raise ValidationError(_("Only the country's human rights officers keep its situation."))


STRATEGY_FIELDS = ("analysis", "objectives", "capacities", "next_review_on")


def situation_open(*, actor: Any, country: str, **strategy: Any) -> Situation:
    _officer_of(actor, country)
    if Situation.objects.filter(country=country).exists():
        raise ValidationError({"country": [_("This country already has a situation.")]})
    with transaction.atomic():
        situation = Situation(country=country, updated_by=actor, **strategy)
        situation.full_clean()
        situation.save()
        audit_record(
            actor=actor,
            action="violations.situation_open",
            target=situation,
            changes={"country": country},
        )
    return situation


def situation_update(
    *, actor: Any, situation: Situation, level: str, reason: str, decided_on: date, **strategy: Any
) -> Situation:
    """Update the strategy; a change of level is an escalation (or de-escalation) with a reason."""
    _officer_of(actor, situation.country)
    with transaction.atomic():
        previous = situation.level
        if level != previous:
            if not reason:
                raise ValidationError({"reason": [_("Give the reason for changing the level.")]})
            Escalation.objects.create(
                situation=situation,
                from_level=previous,
                to_level=level,
                decided_on=decided_on,
                reason=reason,
                decided_by=actor,
            )
        situation.level = level
        for name in STRATEGY_FIELDS:
            setattr(situation, name, strategy[name])
        situation.updated_by = actor
        situation.full_clean()
        situation.save()
        audit_record(
            actor=actor,
            action="violations.situation_update",
            target=situation,
            changes={"level": [previous, level]} if level != previous else {"strategy": True},
        )
    return situation


def situation_action_add(
    *, actor: Any, situation: Situation, entity: str, level: str, text: str
) -> SituationAction:
    _officer_of(actor, situation.country)
    with transaction.atomic():
        action = SituationAction(situation=situation, entity=entity, level=level, text=text)
        action.full_clean()
        action.save()
        audit_record(
            actor=actor,
            action="violations.situation_action_add",
            target=action,
            changes={"entity": entity},
        )
    return action


def engagement_strategy_add(
    *, actor: Any, situation: Situation, title: str, objective: str, action_point: Any
) -> EngagementStrategy:
    _officer_of(actor, situation.country)
    with transaction.atomic():
        strategy = EngagementStrategy(
            situation=situation, title=title, objective=objective, action_point=action_point
        )
        strategy.full_clean()
        strategy.save()
        audit_record(
            actor=actor,
            action="violations.engagement_strategy_add",
            target=strategy,
            changes={"title": title},
        )
    return strategy


def engagement_add(*, actor: Any, strategy: EngagementStrategy, **fields: Any) -> Engagement:
    _officer_of(actor, strategy.situation.country)
    with transaction.atomic():
        engagement = Engagement(strategy=strategy, recorded_by=actor, **fields)
        engagement.full_clean()
        engagement.save()
        audit_record(
            actor=actor,
            action="violations.engagement_add",
            target=engagement,
            changes={"counterpart": engagement.counterpart, "channel": engagement.channel},
        )
    return engagement


def _code_order(code: str) -> tuple[int, ...]:
    """Indicator codes in the Framework's order (7.2 before 7.10)."""
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))
