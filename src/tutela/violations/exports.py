"""Exports of violation records: a CSV with ACLED's columns and a JSON document in the structure of
the HURIDOCS Events Standard Formats (event, act, person, involvement, information, intervention,
chain of events), which `esf_import` reads back. Names never leave the system: persons are
exported by pseudonym."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record
from tutela.violations import thesauri
from tutela.violations.access import officer_countries
from tutela.violations.models import (
    CasualtyOutcome,
    CasualtyPopulation,
    Event,
    PersonRole,
    Term,
)
from tutela.violations.regions import countries_by_code, country_name, region_of
from tutela.violations.services import (
    ActInput,
    CasualtyInput,
    EventInput,
    InformationInput,
    InterventionInput,
    InvolvementInput,
    PersonInput,
    event_create,
)

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]

# ACLED time_precision: 1 the day is known, 2 within a week or so, 3 only the month.
TIME_PRECISION = {"exact": 1, "010000000000": 2, "020000000000": 3, "030000000000": 3}

ESF_FORMAT = "tutela-esf"


def _top(term: Term | None) -> str:
    return term.label if term else ""


def acled_rows(events: Iterable[Event]) -> list[dict[str, Any]]:
    """One row per event, as ACLED codes violence against civilians.

    `fatalities` is the minimum of the killed range (ACLED records the most conservative
    figure); the range itself stays in `tags`.
    """
    rows = []
    for event in events:
        acts = list(event.acts.all())
        involvements = [i for act in acts for i in act.involvements.all()]
        perpetrators = list(dict.fromkeys(i.perpetrator.pseudonym for i in involvements))
        types = list(dict.fromkeys(i.perpetrator_type.label for i in involvements))
        killed = next(
            (c for c in event.casualties.all() if c.outcome == "killed" and c.population == "all"),
            None,
        )
        country = countries_by_code().get(event.country)
        region = region_of(event.country)
        sources = [i.source for i in event.information.all()]
        rows.append(
            {
                "event_id_cnty": event.reference,
                "event_date": event.start_date.isoformat(),
                "year": event.start_date.year,
                "time_precision": TIME_PRECISION.get(event.start_date_type.code, 1),
                "disorder_type": "Political violence",
                "event_type": "Violence against civilians",
                "sub_event_type": "; ".join(dict.fromkeys(_top(act.type) for act in acts)),
                "actor1": perpetrators[0] if perpetrators else "Unidentified",
                "assoc_actor_1": "; ".join(perpetrators[1:]),
                "inter1": types[0] if types else "",
                "actor2": f"Civilians ({country_name(event.country)})",
                "assoc_actor_2": "",
                "inter2": "Civilians",
                "interaction": f"{types[0] if types else 'Unidentified'}-Civilians",
                "civilian_targeting": "Civilian targeting",
                "iso": country.iso if country else "",
                "region": region.name if region else "",
                "country": country_name(event.country),
                "admin1": event.admin1,
                "admin2": event.admin2,
                "admin3": "",
                "location": event.location,
                "latitude": "" if event.latitude is None else str(event.latitude),
                "longitude": "" if event.longitude is None else str(event.longitude),
                "geo_precision": event.location_precision,
                "source": "; ".join(sources),
                "source_scale": "Local partner-Other",
                "notes": event.title,
                "fatalities": killed.minimum if killed else 0,
                "tags": (
                    f"fatalities {killed.minimum}-{killed.maximum} ({killed.certainty} certainty); "
                    if killed
                    else ""
                )
                + f"verification {event.verification}",
                "timestamp": int(event.updated_at.timestamp()),
            }
        )
    return rows


def _code(term: Term | None) -> str | None:
    return term.code if term else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def esf_event(event: Event) -> dict[str, Any]:
    persons = list(event.persons.all())
    return {
        "event_record_number": event.reference,
        "title": event.title,
        "geographical_term": event.country,
        "local_geographical_area": {
            "admin1": event.admin1,
            "admin2": event.admin2,
            "place": event.location,
            "latitude": None if event.latitude is None else str(event.latitude),
            "longitude": None if event.longitude is None else str(event.longitude),
            "precision": event.location_precision,
        },
        "initial_date": event.start_date.isoformat(),
        "initial_date_type": event.start_date_type.code,
        "final_date": _day(event.end_date),
        "description": event.description,
        "impact": event.impact,
        "violation_status": _code(event.violation_status),
        "confidentiality": event.confidentiality,
        "monitoring": {
            "verification": event.verification,
            "first_tier_verified_on": _day(event.tier1_verified_on),
            "task_force_verified_on": _day(event.tier2_verified_on),
            "late_verification": event.late_verification,
        },
        "persons": [
            {
                "person_record_number": f"P{person.pk}",
                "role": person.role,
                "individual_or_group": person.kind,
                "pseudonym": person.pseudonym,
                "counting_unit": _code(person.counting_unit),
                "number_of_persons": person.number,
                "age_band": person.age_band,
                "sex": _code(person.sex),
            }
            for person in persons
        ],
        "acts": [
            {
                "act_record_number": f"A{act.pk}",
                "type_of_act": act.type.code,
                "victim": f"P{act.victim_id}",
                "initial_date": _day(act.start_date),
                "final_date": _day(act.end_date),
                "place": act.location,
                "physical_consequences": act.consequences,
                "victim_status_at_end": _code(act.status_at_end),
                "grave_violation": _code(act.grave_violation),
                "involvements": [
                    {
                        "perpetrator": f"P{involvement.perpetrator_id}",
                        "degree_of_involvement": _code(involvement.degree),
                        "type_of_perpetrator": involvement.perpetrator_type.code,
                    }
                    for involvement in act.involvements.all()
                ],
            }
            for act in event.acts.all()
        ],
        "information": [
            {
                "source": info.source,
                "source_connection_to_information": _code(info.connection),
                "reliability": _code(info.reliability),
                "date_of_source_material": _day(info.received_on),
            }
            for info in event.information.all()
        ],
        "interventions": [
            {
                "intervening_party": action.party,
                "type_of_intervention": action.type.code,
                "date_of_intervention": action.date.isoformat(),
                "response": _code(action.response),
                "impact_on_the_situation": _code(action.impact),
                "intervention_status": _code(action.status),
                "priority": _code(action.priority),
            }
            for action in event.interventions.all()
        ],
        "casualties": [
            {
                "outcome": c.outcome,
                "population": c.population,
                "minimum": c.minimum,
                "maximum": c.maximum,
                "certainty": c.certainty,
            }
            for c in event.casualties.all()
        ],
        "chain_of_events": [
            {"related_event": link.to_event.reference, "type_of_chain": link.type.code}
            for link in event.chain_links.all()
        ],
    }


def esf_document(events: Iterable[Event]) -> dict[str, Any]:
    return {
        "format": ESF_FORMAT,
        "version": 1,
        "standard": "HURIDOCS Events Standard Formats",
        "events": [esf_event(event) for event in events],
    }


# --- import ----------------------------------------------------------------------------------


class _Reader:
    """Turns one ESF event into an EventInput, collecting every problem with its place."""

    def __init__(self, terms: dict[tuple[str, str], Term]) -> None:
        self.terms = terms
        self.errors: list[str] = []

    def term(self, where: str, vocabulary: str, code: Any, required: bool = False) -> Term | None:
        if code in (None, ""):
            if required:
                self.errors.append(_("%(where)s: a value is required.") % {"where": where})
            return None
        term = self.terms.get((vocabulary, str(code)))
        if term is None:
            self.errors.append(
                _("%(where)s: unknown term '%(code)s' in %(vocabulary)s.")
                % {"where": where, "code": code, "vocabulary": vocabulary}
            )
        return term

    def day(self, where: str, value: Any, required: bool = False) -> date | None:
        if value in (None, ""):
            if required:
                self.errors.append(_("%(where)s: a date is required.") % {"where": where})
            return None
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.errors.append(
                _("%(where)s: %(value)s is not a date.") % {"where": where, "value": value}
            )
            return None

    def decimal(self, where: str, value: Any) -> Decimal | None:
        if value in (None, ""):
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            self.errors.append(_("%(where)s: not a number.") % {"where": where})
            return None

    def event(self, number: int, entry: Any) -> EventInput | None:
        if not isinstance(entry, dict):
            self.errors.append(_("Event %(number)s: not an event object.") % {"number": number})
            return None
        where = event_label(number, entry)
        try:
            return self._event(where, entry)
        except (AttributeError, KeyError, TypeError, ValueError):
            # A part of the event that is not shaped as ESF (a list where an object is
            # expected, for instance): reported, never a crash.
            self.errors.append(
                _("%(where)s: the event is not in the ESF structure (objects and lists).")
                % {"where": where}
            )
            return None

    def _event(self, where: str, entry: dict[str, Any]) -> EventInput | None:
        area = entry.get("local_geographical_area") or {}
        victims: list[PersonInput] = []
        perpetrators: list[PersonInput] = []
        index: dict[str, tuple[str, int]] = {}
        for p, person in enumerate(entry.get("persons") or [], start=1):
            at = f"{where}: persons[{p}]"
            record = PersonInput(
                pseudonym=str(person.get("pseudonym") or ""),
                kind=str(person.get("individual_or_group") or "individual"),
                counting_unit=self.term(
                    f"{at}.counting_unit", thesauri.COUNTING_UNITS, person.get("counting_unit")
                ),
                number=person.get("number_of_persons"),
                age_band=str(person.get("age_band") or "unknown"),
                sex=self.term(f"{at}.sex", thesauri.SEX, person.get("sex")),
            )
            target = perpetrators if person.get("role") == PersonRole.PERPETRATOR else victims
            index[str(person.get("person_record_number"))] = (str(person.get("role")), len(target))
            target.append(record)
        acts = []
        for a, act in enumerate(entry.get("acts") or [], start=1):
            at = f"{where}: acts[{a}]"
            victim = index.get(str(act.get("victim")), ("", -1))[1]
            involvements = []
            for k, involvement in enumerate(act.get("involvements") or [], start=1):
                inv = f"{at}.involvements[{k}]"
                perpetrator_type = self.term(
                    f"{inv}.type_of_perpetrator",
                    thesauri.PERPETRATOR_TYPES,
                    involvement.get("type_of_perpetrator"),
                    required=True,
                )
                if perpetrator_type is not None:
                    involvements.append(
                        InvolvementInput(
                            perpetrator=index.get(str(involvement.get("perpetrator")), ("", -1))[1],
                            perpetrator_type=perpetrator_type,
                            degree=self.term(
                                f"{inv}.degree_of_involvement",
                                thesauri.DEGREES_OF_INVOLVEMENT,
                                involvement.get("degree_of_involvement"),
                            ),
                        )
                    )
            act_type = self.term(
                f"{at}.type_of_act", thesauri.TYPES_OF_ACTS, act.get("type_of_act"), True
            )
            if act_type is not None:
                acts.append(
                    ActInput(
                        type=act_type,
                        victim=victim,
                        start_date=self.day(f"{at}.initial_date", act.get("initial_date")),
                        end_date=self.day(f"{at}.final_date", act.get("final_date")),
                        location=str(act.get("place") or ""),
                        consequences=str(act.get("physical_consequences") or ""),
                        status_at_end=self.term(
                            f"{at}.victim_status_at_end",
                            thesauri.VICTIM_STATUS,
                            act.get("victim_status_at_end"),
                        ),
                        grave_violation=self.term(
                            f"{at}.grave_violation",
                            thesauri.GRAVE_VIOLATIONS,
                            act.get("grave_violation"),
                        ),
                        involvements=involvements,
                    )
                )
        information = [
            InformationInput(
                source=str(info.get("source") or ""),
                connection=self.term(
                    f"{where}: information[{n}].source_connection_to_information",
                    thesauri.SOURCE_CONNECTION,
                    info.get("source_connection_to_information"),
                ),
                reliability=self.term(
                    f"{where}: information[{n}].reliability",
                    thesauri.RELIABILITY,
                    info.get("reliability"),
                ),
                received_on=self.day(
                    f"{where}: information[{n}].date_of_source_material",
                    info.get("date_of_source_material"),
                ),
            )
            for n, info in enumerate(entry.get("information") or [], start=1)
        ]
        interventions = []
        for n, action in enumerate(entry.get("interventions") or [], start=1):
            at = f"{where}: interventions[{n}]"
            kind = self.term(
                f"{at}.type_of_intervention",
                thesauri.INTERVENTION_TYPES,
                action.get("type_of_intervention"),
                True,
            )
            on = self.day(f"{at}.date_of_intervention", action.get("date_of_intervention"), True)
            if kind is not None and on is not None:
                interventions.append(
                    InterventionInput(
                        party=str(action.get("intervening_party") or ""),
                        type=kind,
                        date=on,
                        response=self.term(
                            f"{at}.response", thesauri.RESPONSES, action.get("response")
                        ),
                        impact=self.term(
                            f"{at}.impact_on_the_situation",
                            thesauri.IMPACT,
                            action.get("impact_on_the_situation"),
                        ),
                        status=self.term(
                            f"{at}.intervention_status",
                            thesauri.INTERVENTION_STATUS,
                            action.get("intervention_status"),
                        ),
                        priority=self.term(
                            f"{at}.priority", thesauri.PRIORITY, action.get("priority")
                        ),
                    )
                )
        casualties = []
        for n, casualty in enumerate(entry.get("casualties") or [], start=1):
            try:
                casualties.append(
                    CasualtyInput(
                        outcome=CasualtyOutcome(casualty.get("outcome")).value,
                        population=CasualtyPopulation(casualty.get("population", "all")).value,
                        minimum=int(casualty["minimum"]),
                        maximum=int(casualty["maximum"]),
                        certainty=str(casualty.get("certainty") or "medium"),
                    )
                )
            except (KeyError, TypeError, ValueError):
                self.errors.append(
                    _("%(where)s: a casualty range is not valid.")
                    % {"where": f"{where}: casualties[{n}]"}
                )
        start = self.day(f"{where}: initial_date", entry.get("initial_date"), True)
        start_type = self.term(
            f"{where}: initial_date_type",
            thesauri.DATE_TYPES,
            entry.get("initial_date_type"),
            True,
        )
        if start is None or start_type is None:
            return None
        return EventInput(
            title=str(entry.get("title") or ""),
            country=str(entry.get("geographical_term") or ""),
            admin1=str(area.get("admin1") or ""),
            admin2=str(area.get("admin2") or ""),
            location=str(area.get("place") or ""),
            latitude=self.decimal(
                f"{where}: local_geographical_area.latitude", area.get("latitude")
            ),
            longitude=self.decimal(
                f"{where}: local_geographical_area.longitude", area.get("longitude")
            ),
            location_precision=str(area.get("precision") or "1"),
            start_date=start,
            start_date_type=start_type,
            end_date=self.day(f"{where}: final_date", entry.get("final_date")),
            description=str(entry.get("description") or ""),
            impact=str(entry.get("impact") or ""),
            violation_status=self.term(
                f"{where}: violation_status",
                thesauri.VIOLATION_STATUS,
                entry.get("violation_status"),
            ),
            confidentiality=str(entry.get("confidentiality") or "restricted"),
            victims=victims,
            perpetrators=perpetrators,
            acts=acts,
            information=information,
            casualties=casualties,
            interventions=interventions,
        )


def event_label(number: int, entry: Any) -> str:
    """How an import names an event in its messages: its place in the file and its title."""
    title = str(entry.get("title") or "").strip() if isinstance(entry, dict) else ""
    if not title:
        return _("Event %(number)s") % {"number": number}
    if len(title) > 60:
        title = title[:59] + "…"
    return _("Event %(number)s (%(title)s)") % {"number": number, "title": title}


def _all_terms() -> dict[tuple[str, str], Term]:
    return {
        (term.vocabulary.code, term.code): term
        for term in Term.objects.select_related("vocabulary")
    }


def esf_event_input(entry: dict[str, Any]) -> EventInput:
    """One ESF event (as the API receives it) as the services' input; problems are refused."""
    reader = _Reader(_all_terms())
    data = reader.event(1, entry)
    if reader.errors or data is None:
        raise ValidationError(reader.errors or [_("The event is not complete.")])
    return data


# The ESF name of an event field the services name otherwise, for the import's messages.
ESF_NAMES = {
    "country": "geographical_term",
    "start_date": "initial_date",
    "start_date_type": "initial_date_type",
    "end_date": "final_date",
    "location": "local_geographical_area.place",
    "latitude": "local_geographical_area.latitude",
    "longitude": "local_geographical_area.longitude",
}


def esf_import(*, actor: Any, document: Any, source: str = "") -> list[Event]:
    """Create the document's events (all or none) through event_create; every problem is
    reported with its event and field. The import itself is audited with its source."""
    if not isinstance(document, dict) or document.get("format") != ESF_FORMAT:
        raise ValidationError(_("This is not a Tutela ESF document."))
    entries = document.get("events")
    if not isinstance(entries, list):
        raise ValidationError(_("The document has no list of events."))
    if not entries:
        raise ValidationError(_("The document's list of events is empty."))
    reader = _Reader(_all_terms())
    inputs = [reader.event(number, entry) for number, entry in enumerate(entries, start=1)]
    held = officer_countries(actor)
    for number, data in enumerate(inputs, start=1):
        if data is not None and data.country not in held:
            reader.errors.append(
                _(
                    "%(where)s: geographical_term: you record events only for the countries "
                    "you are a human rights officer for (not %(country)s)."
                )
                % {
                    "where": event_label(number, entries[number - 1]),
                    "country": data.country or "—",
                }
            )
    if reader.errors:
        raise ValidationError(reader.errors)
    created = []
    errors: list[str] = []
    with transaction.atomic():
        for number, data in enumerate(inputs, start=1):
            if data is None:
                continue
            where = event_label(number, entries[number - 1])
            try:
                with transaction.atomic():
                    created.append(event_create(actor=actor, data=data))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    errors.extend(
                        f"{where}: {ESF_NAMES.get(name, name)}: {message}"
                        if name != NON_FIELD_ERRORS
                        else f"{where}: {message}"
                        for name, messages in error.message_dict.items()
                        for message in messages
                    )
                else:
                    errors.extend(f"{where}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)  # leaving the block rolls every event back
        audit_record(
            actor=actor,
            action="violations.esf_import",
            object_type="violations.event",
            object_id=source or "esf",
            changes={"events": [event.pk for event in created], "source": source},
        )
    return created
