"""Forms of the risks pages: they parse what was typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tutela.frameworks.models import Node
from tutela.organizations.models import Body
from tutela.risks.library import register_templates
from tutela.risks.models import (
    ActionStatus,
    MitigatingAction,
    Prong,
    RegisterKind,
    RiskFactor,
    RiskMatrix,
    Treatment,
    VisitKind,
)

MAX_ID = 2**63 - 1


class DateInput(forms.DateInput):
    input_type = "date"


class NodeChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        text = obj.title or obj.text
        return f"{obj.framework.slug} {obj.ref_id} — {text[:90]}"


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} <{obj.email}>"


class MatrixForm(forms.Form):
    definition = forms.CharField(
        label=_("Matrix definition (YAML)"),
        widget=forms.Textarea(attrs={"rows": 24, "cols": 90}),
        max_length=50_000,
        help_text=_(
            "code, name, description, likelihood and impact (lowest first, each level with code, "
            "label and description), levels (code, label, colour and text_colour as #rrggbb) and "
            "grid (one row per likelihood level, one column per impact level)."
        ),
    )


class RegisterFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *RegisterKind.choices], required=False
    )


class RegisterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=RegisterKind.choices)
    owner = forms.ChoiceField(label=_("Owner"))
    matrix = forms.ModelChoiceField(
        label=_("Risk matrix"),
        queryset=RiskMatrix.objects.none(),
        help_text=_("The register keeps this matrix: its risks' levels come from it."),
    )
    template = forms.ChoiceField(label=_("Start from a template"), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(
        self, *args: Any, organizations: Any, units: Any, matrices: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (f"unit:{unit.pk}", f"{unit.name} ({unit.organization.acronym})") for unit in units
        ]
        choices += [
            (
                f"organization:{organization.pk}",
                f"{organization.acronym} — {_('whole organization')}",
            )
            for organization in organizations
        ]
        self.fields["owner"].choices = choices  # type: ignore[attr-defined]
        self.units = {unit.pk: unit for unit in units}
        self.organizations = {organization.pk: organization for organization in organizations}
        self.fields["matrix"].queryset = matrices  # type: ignore[attr-defined]
        self.fields["template"].choices = [  # type: ignore[attr-defined]
            ("", _("None: an empty register")),
            *register_templates(),
        ]

    def clean_owner(self) -> tuple[Any, Any]:
        kind, _sep, number = self.cleaned_data["owner"].partition(":")
        if kind == "unit" and int(number) in self.units:
            unit = self.units[int(number)]
            return unit.organization, unit
        if kind == "organization" and int(number) in self.organizations:
            return self.organizations[int(number)], None
        raise forms.ValidationError(_("Choose an owner from the list."))


class RiskFilterForm(forms.Form):
    view = forms.ChoiceField(
        label=_("Heat map"),
        choices=[("residual", _("Residual")), ("inherent", _("Inherent"))],
        required=False,
    )
    prong = forms.ChoiceField(
        label=_("Prong"), choices=[("", _("All prongs")), *Prong.choices], required=False
    )
    level = forms.ChoiceField(label=_("Residual level"), required=False)
    factor = forms.ModelChoiceField(
        label=_("Risk factor"),
        queryset=RiskFactor.objects.order_by("order", "code"),
        required=False,
        empty_label=_("All factors"),
    )

    def __init__(self, *args: Any, matrix: RiskMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            ("", _("All levels")),
            *[(level["code"], level["label"]) for level in matrix.risk_levels],
        ]


class RiskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    category = forms.CharField(
        label=_("Category"),
        max_length=100,
        required=False,
        help_text=_("e.g. sexual exploitation and abuse, harassment, fraud"),
    )
    prong = forms.ChoiceField(label=_("Prong"), choices=Prong.choices)
    factors = forms.ModelMultipleChoiceField(
        label=_("Risk factors"),
        queryset=RiskFactor.objects.order_by("order", "code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sources = forms.CharField(
        label=_("Risk sources"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    framework_nodes = NodeChoiceField(
        label=_("Linked framework commitments"),
        queryset=Node.objects.none(),
        required=False,
        help_text=_("e.g. a Duty of Care guiding principle or a prong of the strategy"),
    )
    owner = PersonChoiceField(label=_("Risk owner"), queryset=None, required=False)
    inherent_likelihood = forms.ChoiceField(label=_("Inherent likelihood"))
    inherent_impact = forms.ChoiceField(label=_("Inherent impact"))
    residual_likelihood = forms.ChoiceField(label=_("Residual likelihood"))
    residual_impact = forms.ChoiceField(label=_("Residual impact"))
    treatment = forms.ChoiceField(label=_("Treatment"), choices=Treatment.choices)
    rationale = forms.CharField(
        label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    accepted_by = forms.CharField(
        label=_("Accepted by (name and title)"),
        max_length=200,
        required=False,
        help_text=_("Required when the risk is accepted."),
    )
    acceptance_review_on = forms.DateField(
        label=_("Review the acceptance on"),
        widget=DateInput,
        required=False,
        help_text=_("Required when the risk is accepted."),
    )
    is_closed = forms.BooleanField(label=_("Closed"), required=False)

    def __init__(
        self,
        *args: Any,
        matrix: RiskMatrix,
        people: QuerySet[Any],
        nodes: QuerySet[Node],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        likelihood = [(lv["code"], lv["label"]) for lv in matrix.likelihood_levels]
        impact = [(lv["code"], lv["label"]) for lv in matrix.impact_levels]
        for name in ("inherent_likelihood", "residual_likelihood"):
            self.fields[name].choices = likelihood  # type: ignore[attr-defined]
        for name in ("inherent_impact", "residual_impact"):
            self.fields[name].choices = impact  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["framework_nodes"].queryset = nodes  # type: ignore[attr-defined]
        if not editing:
            del self.fields["is_closed"]


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = PersonChoiceField(label=_("Owner"), queryset=None, required=False)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What shows the action was taken: a document reference, a link, a note."),
    )

    def __init__(self, *args: Any, people: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]


class RiskChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.register.name}: {obj.reference} {obj.title}"


class SingleRiskChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.register.name}: {obj.reference} {obj.title}"


class VisitForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (VisitKind.ASSESSMENT, VisitKind.ASSESSMENT.label),
            (VisitKind.PATROL, VisitKind.PATROL.label),
        ],
    )
    visited_on = forms.DateField(label=_("Date"), widget=DateInput)
    location = forms.CharField(label=_("Place visited"), max_length=200, required=False)
    team = forms.CharField(
        label=_("Team"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    risks = RiskChoiceField(
        label=_("Risks touched"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    action_risk = SingleRiskChoiceField(
        label=_("Raise actions on the risk"),
        queryset=None,
        required=False,
    )
    action_titles = forms.CharField(
        label=_("Actions raised, one a line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    action_due_on = forms.DateField(label=_("Actions due on"), widget=DateInput, required=False)

    def __init__(
        self,
        *args: Any,
        risks: QuerySet[Any],
        earlier_actions: list[MitigatingAction] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["risks"].queryset = risks  # type: ignore[attr-defined]
        self.fields["action_risk"].queryset = risks  # type: ignore[attr-defined]
        self.earlier_actions = earlier_actions or []
        if earlier_actions is not None:
            del self.fields["kind"]
        outcomes = [
            ("unchanged", _("Unchanged")),
            ("closed", _("Close: done")),
            ("reopened", _("Re-open")),
        ]
        for action in self.earlier_actions:
            self.fields[f"outcome_{action.pk}"] = forms.ChoiceField(
                label=f"{action.risk.reference} {action.title} ({action.get_status_display()})",
                choices=outcomes,
                initial="unchanged",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        titles = [
            line.strip() for line in (data.get("action_titles") or "").splitlines() if line.strip()
        ]
        data["raised"] = titles
        if titles and data.get("action_risk") is None:
            self.add_error("action_risk", _("Choose the risk the actions are raised on."))
        if (
            titles
            and data.get("action_risk") is not None
            and data["action_risk"] not in (data.get("risks") or [])
        ):
            self.add_error("action_risk", _("Tick this risk among the risks touched."))
        return data

    def outcomes(self) -> dict[int, str]:
        return {
            action.pk: self.cleaned_data[f"outcome_{action.pk}"]
            for action in self.earlier_actions
            if self.cleaned_data.get(f"outcome_{action.pk}", "unchanged") != "unchanged"
        }


class ReportGenerateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)], coerce=int
    )
    receiving_body: forms.ModelChoiceField[Body] = forms.ModelChoiceField(
        label=_("Submitted to"), queryset=Body.objects.none()
    )
    narrative = forms.CharField(
        label=_("Narrative"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20_000,
    )

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiving_body"].queryset = bodies  # type: ignore[attr-defined]


class ReportEditForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20_000,
    )


class ReportSubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm the report is complete; once submitted it cannot be changed."),
        required=True,
    )


class ConsolidatedForm(forms.Form):
    period = forms.ChoiceField(label=_("Quarter"), required=False)

    def __init__(self, *args: Any, quarters: list[tuple[int, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [  # type: ignore[attr-defined]
            ("", _("Last quarter")),
            *[(f"{y}-{q}", f"{y} Q{q}") for y, q in quarters],
        ]

    def chosen_period(self) -> tuple[int | None, int | None]:
        if not self.is_valid() or not self.cleaned_data["period"]:
            return None, None
        year, quarter = self.cleaned_data["period"].split("-")
        return int(year), int(quarter)


class RiskImportForm(forms.Form):
    upload = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=_("The first sheet is read; its first row holds the column headers."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from tutela.risks.imports import IMPORT_FIELDS

        super().__init__(*args, **kwargs)
        for field, (label, default, required) in IMPORT_FIELDS.items():
            self.fields[f"column_{field}"] = forms.CharField(
                label=_("Column for “%(field)s”") % {"field": label},
                initial=default,
                required=required,
                max_length=200,
            )

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("column_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("column_")
        }


class HealthAssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput)
    assessor = forms.CharField(label=_("Assessor (name and title)"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, scheme: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = [(level["code"], level["label"]) for level in reversed(scheme["scale"])]
        self.element_codes = [element["code"] for element in scheme["elements"]]
        for element in scheme["elements"]:
            self.fields[f"rating_{element['code']}"] = forms.ChoiceField(
                label=element["label"], choices=scale
            )

    def ratings(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"rating_{code}"] for code in self.element_codes}
