"""The one-page entry of an event with its victims, perpetrators, acts, sources, casualties and
interventions (formsets), the verification form and the analysis filters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, cast

from django import forms
from django.forms import formset_factory
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from tutela.common.widgets import LongSelect
from tutela.violations import thesauri
from tutela.violations.models import (
    AgeBand,
    CasualtyOutcome,
    CasualtyPopulation,
    Certainty,
    Confidentiality,
    Event,
    LocationPrecision,
    PersonKind,
    PersonRole,
    Term,
    Verification,
)
from tutela.violations.regions import country_name
from tutela.violations.selectors import GROUPINGS, EventFilters, terms_of
from tutela.violations.selectors.records import term_choices
from tutela.violations.services import (
    ActInput,
    CasualtyInput,
    EventInput,
    InformationInput,
    InterventionInput,
    InvolvementInput,
    PersonInput,
    VerificationOutcome,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _TermChoices(ModelChoiceIterator):  # type: ignore[type-arg]
    """The options from plain rows (a vocabulary has hundreds of terms: making a model instance
    of each, for every select of a page, is what made the pages slow)."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        field = cast(TermField, self.field)
        if field.empty_label is not None:
            yield ("", field.empty_label)
        yield from term_choices(field.vocabulary)


class TermField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice among one vocabulary's terms, indented by their depth in the tree."""

    widget = LongSelect
    iterator = _TermChoices

    def __init__(self, vocabulary: str, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        self.vocabulary = vocabulary
        super().__init__(queryset=terms_of(vocabulary), **kwargs)

    def label_from_instance(self, obj: Term) -> str:
        return obj.indented_label


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    country = forms.ChoiceField(label=_("Country"))
    admin1 = forms.CharField(label=_("Province / state (admin 1)"), max_length=120, required=False)
    admin2 = forms.CharField(
        label=_("Territory / district (admin 2)"), max_length=120, required=False
    )
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=8,
        decimal_places=5,
        min_value=-90,
        max_value=90,
        required=False,
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=8,
        decimal_places=5,
        min_value=-180,
        max_value=180,
        required=False,
    )
    location_precision = forms.ChoiceField(
        label=_("Location precision"), choices=LocationPrecision.choices
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE_INPUT)
    start_date_type = TermField(thesauri.DATE_TYPES, label=_("Start date precision"), required=True)
    end_date = forms.DateField(label=_("End date"), widget=DATE_INPUT, required=False)
    description = forms.CharField(
        label=_("Description (encrypted)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20_000,
    )
    impact = forms.CharField(
        label=_("Impact"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5_000,
    )
    violation_status = TermField(thesauri.VIOLATION_STATUS, label=_("Violation status"))
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"),
        choices=Confidentiality.choices,
        initial=Confidentiality.RESTRICTED,
    )

    def __init__(self, *args: Any, countries: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = [
            (c, country_name(c)) for c in countries
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data


class PersonForm(forms.Form):
    pseudonym = forms.CharField(label=_("Pseudonym"), max_length=120)
    kind = forms.ChoiceField(
        label=_("Individual or group"), choices=PersonKind.choices, initial=PersonKind.INDIVIDUAL
    )
    number = forms.IntegerField(label=_("Number of persons"), min_value=1, required=False)
    counting_unit = TermField(thesauri.COUNTING_UNITS, label=_("Counting unit"))
    age_band = forms.ChoiceField(label=_("Age"), choices=AgeBand.choices, initial=AgeBand.UNKNOWN)
    sex = TermField(thesauri.SEX, label=_("Sex"))
    name = forms.CharField(label=_("Name (optional, encrypted)"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == PersonKind.GROUP and not data.get("number"):
            self.add_error("number", _("Give the number of persons in the group."))
        return data

    def as_input(self) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            pseudonym=data["pseudonym"],
            kind=data["kind"],
            name=data["name"],
            counting_unit=data["counting_unit"],
            number=data["number"],
            age_band=data["age_band"],
            sex=data["sex"],
        )


def _row_choices(prefix: str, rows: int) -> list[tuple[str, str]]:
    return [(str(i), f"{prefix} {i + 1}") for i in range(rows)]


class ActForm(forms.Form):
    type = TermField(thesauri.TYPES_OF_ACTS, label=_("Type of act"), required=True)
    victim = forms.TypedChoiceField(label=_("Victim"), coerce=int, required=False, empty_value=None)
    perpetrator = forms.TypedChoiceField(
        label=_("Perpetrator"), coerce=int, required=False, empty_value=None
    )
    perpetrator_type = TermField(thesauri.PERPETRATOR_TYPES, label=_("Type of perpetrator"))
    degree = TermField(thesauri.DEGREES_OF_INVOLVEMENT, label=_("Degree of involvement"))
    start_date = forms.DateField(label=_("Date of the act"), widget=DATE_INPUT, required=False)
    status_at_end = TermField(thesauri.VICTIM_STATUS, label=_("Victim status at the end"))
    grave_violation = TermField(
        thesauri.GRAVE_VIOLATIONS, label=_("Grave violation against children")
    )
    consequences = forms.CharField(label=_("Consequences"), max_length=2000, required=False)

    def __init__(self, *args: Any, victims: int = 0, perpetrators: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["victim"]).choices = [
            ("", "—"),
            *_row_choices(str(_("Victim")), victims),
        ]
        cast(forms.ChoiceField, self.fields["perpetrator"]).choices = [
            ("", "—"),
            *_row_choices(str(_("Perpetrator")), perpetrators),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("victim") is None:
            self.add_error("victim", _("Choose the victim (add the victim above first)."))
        if data.get("perpetrator") is not None and not data.get("perpetrator_type"):
            self.add_error("perpetrator_type", _("Give the type of perpetrator."))
        return data

    def as_input(self) -> ActInput:
        data = self.cleaned_data
        involvements = []
        if data["perpetrator"] is not None:
            involvements.append(
                InvolvementInput(
                    perpetrator=data["perpetrator"],
                    perpetrator_type=data["perpetrator_type"],
                    degree=data["degree"],
                )
            )
        return ActInput(
            type=data["type"],
            victim=data["victim"],
            start_date=data["start_date"],
            consequences=data["consequences"],
            status_at_end=data["status_at_end"],
            grave_violation=data["grave_violation"],
            involvements=involvements,
        )


class InformationForm(forms.Form):
    source = forms.CharField(label=_("Source (pseudonym or publication)"), max_length=200)
    source_name = forms.CharField(
        label=_("Source's name (optional, encrypted)"), max_length=300, required=False
    )
    connection = TermField(thesauri.SOURCE_CONNECTION, label=_("Connection to the information"))
    reliability = TermField(thesauri.RELIABILITY, label=_("Reliability"))
    received_on = forms.DateField(label=_("Date"), widget=DATE_INPUT, required=False)

    def as_input(self) -> InformationInput:
        return InformationInput(**self.cleaned_data)


class CasualtyForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *CasualtyOutcome.choices])
    population = forms.ChoiceField(
        label=_("Who"), choices=CasualtyPopulation.choices, initial=CasualtyPopulation.ALL
    )
    minimum = forms.IntegerField(label=_("Minimum"), min_value=0, max_value=10_000_000)
    maximum = forms.IntegerField(label=_("Maximum"), min_value=0, max_value=10_000_000)
    certainty = forms.ChoiceField(
        label=_("Certainty"), choices=Certainty.choices, initial=Certainty.MEDIUM
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum"), data.get("maximum")
        if low is not None and high is not None and high < low:
            self.add_error("maximum", _("The maximum cannot be below the minimum."))
        return data

    def as_input(self) -> CasualtyInput:
        return CasualtyInput(**self.cleaned_data)


class InterventionForm(forms.Form):
    party = forms.CharField(label=_("Intervening party"), max_length=200)
    type = TermField(thesauri.INTERVENTION_TYPES, label=_("Type of intervention"), required=True)
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    response = TermField(thesauri.RESPONSES, label=_("Response"))
    impact = TermField(thesauri.IMPACT, label=_("Impact"))
    status = TermField(thesauri.INTERVENTION_STATUS, label=_("Status"))
    priority = TermField(thesauri.PRIORITY, label=_("Priority"))

    def as_input(self) -> InterventionInput:
        return InterventionInput(**self.cleaned_data)


# Blank rows offered on the page (rows left blank are ignored).
VictimFormSet = formset_factory(PersonForm, extra=2)
PerpetratorFormSet = formset_factory(PersonForm, extra=2)
ActFormSet = formset_factory(ActForm, extra=3)
InformationFormSet = formset_factory(InformationForm, extra=2)
CasualtyFormSet = formset_factory(CasualtyForm, extra=3)
InterventionFormSet = formset_factory(InterventionForm, extra=1)


class EventEntry:
    """The event form and its formsets, bound together; rows left blank are ignored."""

    def __init__(
        self,
        data: Any = None,
        *,
        countries: list[str],
        initial: dict[str, Any] | None = None,
        rows: dict[str, list[dict[str, Any]]] | None = None,
    ) -> None:
        rows = rows or {}
        self.event = EventForm(data, countries=countries, initial=initial)

        def build(formset_class: Any, prefix: str, **form_kwargs: Any) -> Any:
            existing = rows.get(prefix, [])
            return formset_class(
                data, prefix=prefix, initial=existing or None, form_kwargs=form_kwargs
            )

        self.victims = build(VictimFormSet, "victims")
        self.perpetrators = build(PerpetratorFormSet, "perpetrators")
        self.acts = build(
            ActFormSet,
            "acts",
            victims=self.victims.total_form_count(),
            perpetrators=self.perpetrators.total_form_count(),
        )
        self.sources = build(InformationFormSet, "sources")
        self.casualties = build(CasualtyFormSet, "casualties")
        self.interventions = build(InterventionFormSet, "interventions")
        self.confirm_duplicate = bool(data and data.get("confirm_duplicate"))

    @property
    def formsets(self) -> list[Any]:
        return [
            self.victims,
            self.perpetrators,
            self.acts,
            self.sources,
            self.casualties,
            self.interventions,
        ]

    def is_valid(self) -> bool:
        valid = self.event.is_valid()
        for formset in self.formsets:
            valid = formset.is_valid() and valid
        return valid

    @staticmethod
    def _filled(formset: Any) -> list[Any]:
        return [form for form in formset.forms if form.has_changed() and form.cleaned_data]

    def _filled_indices(self, formset: Any) -> dict[int, int]:
        """Row number on the page -> position among the filled rows."""
        positions: dict[int, int] = {}
        for index, form in enumerate(formset.forms):
            if form.has_changed() and form.cleaned_data:
                positions[index] = len(positions)
        return positions

    def as_input(self) -> EventInput:
        data = self.event.cleaned_data
        victims = self._filled_indices(self.victims)
        perpetrators = self._filled_indices(self.perpetrators)
        acts = []
        for form in self._filled(self.acts):
            act = form.as_input()
            act.victim = victims.get(act.victim, -1)
            for involvement in act.involvements:
                involvement.perpetrator = perpetrators.get(involvement.perpetrator, -1)
            acts.append(act)
        return EventInput(
            title=data["title"],
            country=data["country"],
            admin1=data["admin1"],
            admin2=data["admin2"],
            location=data["location"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            location_precision=data["location_precision"],
            start_date=data["start_date"],
            start_date_type=data["start_date_type"],
            end_date=data["end_date"],
            description=data["description"],
            impact=data["impact"],
            violation_status=data["violation_status"],
            confidentiality=data["confidentiality"],
            victims=[form.as_input() for form in self._filled(self.victims)],
            perpetrators=[form.as_input() for form in self._filled(self.perpetrators)],
            acts=acts,
            information=[form.as_input() for form in self._filled(self.sources)],
            casualties=[form.as_input() for form in self._filled(self.casualties)],
            interventions=[form.as_input() for form in self._filled(self.interventions)],
        )


def entry_rows(event: Event) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """An existing event as the entry page's initial values (names are never pre-filled)."""
    initial = {
        name: getattr(event, name)
        for name in (
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
    }
    persons = list(event.persons.all())
    victims = [p for p in persons if p.role == PersonRole.VICTIM]
    perpetrators = [p for p in persons if p.role == PersonRole.PERPETRATOR]

    def person_row(person: Any) -> dict[str, Any]:
        return {
            "pseudonym": person.pseudonym,
            "kind": person.kind,
            "number": person.number,
            "counting_unit": person.counting_unit,
            "age_band": person.age_band,
            "sex": person.sex,
            "name": person.name,
        }

    victim_index = {p.pk: i for i, p in enumerate(victims)}
    perpetrator_index = {p.pk: i for i, p in enumerate(perpetrators)}
    acts = []
    for act in event.acts.all():
        involvements = list(act.involvements.all())
        first = involvements[0] if involvements else None
        acts.append(
            {
                "type": act.type,
                "victim": victim_index.get(act.victim_id, 0),
                "perpetrator": perpetrator_index.get(first.perpetrator_id) if first else None,
                "perpetrator_type": first.perpetrator_type if first else None,
                "degree": first.degree if first else None,
                "start_date": act.start_date,
                "status_at_end": act.status_at_end,
                "grave_violation": act.grave_violation,
                "consequences": act.consequences,
            }
        )
    rows = {
        "victims": [person_row(p) for p in victims],
        "perpetrators": [person_row(p) for p in perpetrators],
        "acts": acts,
        "sources": [
            {
                "source": i.source,
                "source_name": i.source_name,
                "connection": i.connection,
                "reliability": i.reliability,
                "received_on": i.received_on,
            }
            for i in event.information.all()
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
        "interventions": [
            {
                "party": i.party,
                "type": i.type,
                "date": i.date,
                "response": i.response,
                "impact": i.impact,
                "status": i.status,
                "priority": i.priority,
            }
            for i in event.interventions.all()
        ],
    }
    return initial, rows


class VerifyForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (VerificationOutcome.CONFIRMED, _("Confirmed: the event occurred as recorded")),
            (VerificationOutcome.NOT_OCCURRED, _("Found not to have occurred")),
        ],
        widget=forms.RadioSelect,
    )
    verified_on = forms.DateField(label=_("Verification date"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )

    def clean_verified_on(self) -> date:
        value: date = self.cleaned_data["verified_on"]
        if value > date.today():  # noqa: DTZ011 — a calendar date typed by the user
            raise forms.ValidationError(_("The verification date cannot be in the future."))
        return value


GROUPING_CHOICES = [
    ("country", _("Country")),
    ("region", _("Region")),
    ("month", _("Month")),
    ("act_type", _("Type of act")),
    ("perpetrator_type", _("Type of perpetrator")),
]


class FilterForm(forms.Form):
    by = forms.ChoiceField(label=_("Group by"), required=False, choices=GROUPING_CHOICES)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    date_from = forms.DateField(label=_("From"), widget=DATE_INPUT, required=False)
    date_to = forms.DateField(label=_("To"), widget=DATE_INPUT, required=False)
    act_type = TermField(thesauri.TYPES_OF_ACTS, label=_("Type of act"))
    perpetrator_type = TermField(thesauri.PERPETRATOR_TYPES, label=_("Type of perpetrator"))
    verification = forms.ChoiceField(
        label=_("Verification"),
        required=False,
        choices=[("", _("Any")), *Verification.choices],
    )

    def __init__(
        self,
        *args: Any,
        countries: list[tuple[str, str]],
        regions: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", _("All")), *countries]
        cast(forms.ChoiceField, self.fields["region"]).choices = [("", _("All")), *regions]

    def filters(self) -> EventFilters:
        if not self.is_bound or not self.is_valid():
            return EventFilters()
        data = self.cleaned_data
        return EventFilters(
            country=data["country"],
            region=data["region"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            act_type=data["act_type"],
            perpetrator_type=data["perpetrator_type"],
            verification=data["verification"],
        )

    def grouping(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data["by"] in GROUPINGS:
            return str(self.cleaned_data["by"])
        return "country"
