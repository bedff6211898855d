"""Forms of the surveys and repository pages: they parse what was typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutela.organizations.models import Body, Group, Organization
from tutela.surveys.models import ConsentScope, Document, Survey


class DateInput(forms.DateInput):
    input_type = "date"


class SurveyImportForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    file = forms.FileField(
        label=_("XLSForm workbook (.xlsx)"),
        help_text=_("As written for Kobo or ODK: survey, choices and settings sheets."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=300, required=False, help_text=_("Defaults to form_title.")
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


class PolicyForm(forms.Form):
    threshold = forms.IntegerField(label=_("Minimum frequency"), min_value=1, max_value=100)
    dominance_n = forms.IntegerField(
        label=_("Dominance: largest contributors (n)"), min_value=1, max_value=10
    )
    dominance_k = forms.FloatField(label=_("Dominance: share (k, %)"), min_value=1, max_value=100)
    protection = forms.FloatField(label=_("Protection width"), min_value=0, max_value=1e9)
    protection_percent = forms.FloatField(
        label=_("Protection width for magnitudes (% of the value)"), min_value=0, max_value=100
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups that may receive attributable results (with the owner's consent)"),
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, help_text=_("e.g. 2026 round"))
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput)
    organizations = forms.ModelMultipleChoiceField(
        label=_("Invited organizations"),
        queryset=Organization.objects.order_by("acronym"),
        widget=forms.CheckboxSelectMultiple,
    )
    open_now = forms.BooleanField(label=_("Open the round now"), required=False)


class InviteForm(forms.Form):
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organizations to invite"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = organizations  # type: ignore[attr-defined]


class RoundStatusForm(forms.Form):
    status = forms.ChoiceField(choices=[("open", _("Open")), ("closed", _("Closed"))])


class ConsentForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    group = forms.ModelChoiceField(label=_("Share with the group"), queryset=Group.objects.none())
    survey = forms.ModelChoiceField(
        label=_("Survey"),
        queryset=Survey.objects.none(),
        required=False,
        empty_label=_("Every survey"),
    )
    scope = forms.ChoiceField(label=_("What is shared"), choices=ConsentScope.choices)

    def __init__(
        self, *args: Any, organizations: Any, groups: Any, surveys: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["survey"].queryset = surveys  # type: ignore[attr-defined]


class FolderForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Kept by"), queryset=Body.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    groups = forms.ModelMultipleChoiceField(
        label=_("Open to the groups"),
        queryset=Group.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, bodies: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["groups"].queryset = groups  # type: ignore[attr-defined]


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PowerPoint, text, CSV or Markdown; 20 MB at most."),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    document = forms.ModelChoiceField(
        label=_("New version of"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("— a new document —"),
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents  # type: ignore[attr-defined]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the documents"), max_length=200, required=False)


class ContainerForm(forms.Form):
    """A new group (questions shown together) or repeat (answered once per entry)."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("group", _("Group")), ("repeat", _("Repeat"))]
    )
    name = forms.CharField(
        label=_("Name (letters, digits, underscores)"), max_length=64, strip=True
    )
    label = forms.CharField(label=_("Heading"), max_length=5000)
    relevant = forms.CharField(label=_("Relevant (skip logic)"), max_length=5000, required=False)
    parent = forms.ChoiceField(label=_("Place it at the end of"), required=False)

    def __init__(self, *args: Any, containers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("the survey")), *containers]  # type: ignore[attr-defined]


class LanguageForm(forms.Form):
    language = forms.CharField(
        label=_("Language"),
        max_length=60,
        help_text=_("Its name and code as XLSForm writes them, e.g. French (fr) or Arabic (ar)."),
    )
