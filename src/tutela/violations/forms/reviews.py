"""Forms of the early warning, the regional quarterly review and the situations: risk factor
ratings, review measures, strategies, escalation and engagements."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tutela.violations import thesauri
from tutela.violations.forms.entry import DATE_INPUT, TermField
from tutela.violations.models import (
    ActionLevel,
    Channel,
    EscalationLevel,
    MeasureStatus,
    RiskLevel,
    Term,
)


class RatingForm(forms.Form):
    """One level, note and the indicators observed per risk factor; a blank level leaves the
    factor as it was."""

    def __init__(
        self,
        *args: Any,
        factors: list[Term],
        ratings: dict[str, Any],
        indicators: dict[int, list[Term]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.factors = factors
        self.ratings = ratings
        self.indicators = indicators or {}
        for factor in factors:
            rating = ratings.get(factor.code)
            self.fields[f"level_{factor.code}"] = forms.TypedChoiceField(
                label=f"{factor.code}. {factor.display_label}",
                choices=[("", _("Not rated")), *RiskLevel.choices],
                coerce=int,
                empty_value=None,
                required=False,
                initial=rating.level if rating else None,
            )
            self.fields[f"note_{factor.code}"] = forms.CharField(
                label=_("Evidence for factor %(number)s") % {"number": factor.code},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=rating.note if rating else "",
            )
            choices = self.indicators.get(factor.pk, [])
            if choices:
                self.fields[f"indicators_{factor.code}"] = forms.MultipleChoiceField(
                    label=_("Indicators of factor %(number)s observed") % {"number": factor.code},
                    choices=[(term.code, f"{term.code} {term.display_label}") for term in choices],
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    initial=[term.code for term in rating.indicators.all()] if rating else [],
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for factor in self.factors:
            if (
                data.get(f"indicators_{factor.code}")
                and data.get(f"level_{factor.code}") is None
                and factor.code not in self.ratings
            ):
                self.add_error(
                    f"level_{factor.code}",
                    _("Give the factor a level to record the indicators observed."),
                )
        return data

    def levels(self) -> dict[Term, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            factor: (data[f"level_{factor.code}"], data[f"note_{factor.code}"])
            for factor in self.factors
        }

    def observed(self) -> dict[Term, list[Term]]:
        """The indicators ticked, for each factor that has indicators and is or gets rated."""
        data = self.cleaned_data
        found = {}
        for factor in self.factors:
            choices = self.indicators.get(factor.pk, [])
            rated = data[f"level_{factor.code}"] is not None or factor.code in self.ratings
            if choices and rated:
                ticked = set(data[f"indicators_{factor.code}"])
                found[factor] = [term for term in choices if term.code in ticked]
        return found

    def rows(self) -> list[tuple[Term, Any, Any, Any]]:
        return [
            (
                factor,
                self[f"level_{factor.code}"],
                self[f"note_{factor.code}"],
                self[f"indicators_{factor.code}"]
                if f"indicators_{factor.code}" in self.fields
                else None,
            )
            for factor in self.factors
        ]


class MeasureForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    text = forms.CharField(
        label=_("Measure agreed"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.CharField(label=_("Responsible entity"), max_length=200)
    due_on = forms.DateField(label=_("Due date"), widget=DATE_INPUT, required=False)

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = countries


class MeasureUpdateForm(forms.Form):
    measure = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    progress_note = forms.CharField(label=_("Progress"), max_length=5000, required=False)


class SituationForm(forms.Form):
    level = forms.ChoiceField(label=_("Coordination level"), choices=EscalationLevel.choices)
    reason = forms.CharField(
        label=_("Reason for a change of level"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE_INPUT, required=False)
    analysis = forms.CharField(
        label=_("Analysis of the situation"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    objectives = forms.CharField(
        label=_("Priority UN objectives"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    capacities = forms.CharField(
        label=_("Additional capacities required (country, regional, headquarters)"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_review_on = forms.DateField(
        label=_("Next review of the strategy"), widget=DATE_INPUT, required=False
    )


class SituationOpenForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = countries


class SituationActionForm(forms.Form):
    entity = forms.CharField(label=_("UN entity"), max_length=120)
    level = forms.ChoiceField(label=_("Level"), choices=ActionLevel.choices)
    text = forms.CharField(
        label=_("Action"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NodeField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.ref_id} {(obj.title or obj.text)[:90]}"


class EngagementStrategyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    objective = forms.CharField(
        label=_("Objective"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    action_point = NodeField(
        queryset=None, label=_("Rights Up Front action point it serves"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from tutela.violations.selectors import action_points

        super().__init__(*args, **kwargs)
        cast(NodeField, self.fields["action_point"]).queryset = action_points()


class EngagementForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    counterpart = forms.CharField(label=_("Counterpart"), max_length=200)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    message = forms.CharField(
        label=_("Message"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    response = TermField(thesauri.RESPONSES, label=_("Response"))
    impact = TermField(thesauri.IMPACT, label=_("Impact"))
    status = TermField(thesauri.INTERVENTION_STATUS, label=_("Status"))
    priority = TermField(thesauri.PRIORITY, label=_("Priority"))
