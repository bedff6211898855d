"""Forms of the meetings pages: they parse what was typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutela.frameworks.models import Framework
from tutela.meetings.models import (
    AgendaItem,
    FollowUpStatus,
    MeetingFormat,
    MeetingStatus,
    ParticipantRole,
)
from tutela.organizations.models import Body, Organization


class DateInput(forms.DateInput):
    input_type = "date"


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300, help_text=_("e.g. HLCM 40th session"))
    number = forms.IntegerField(
        label=_("Session number"), required=False, min_value=1, max_value=100_000
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    format = forms.ChoiceField(label=_("Format"), choices=MeetingFormat.choices)
    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices)

    def __init__(self, *args: Any, bodies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if bodies is None:
            del self.fields["body"]
        else:
            self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


class AgendaItemForm(forms.Form):
    number = forms.CharField(
        label=_("Number"), max_length=20, required=False, help_text=_("e.g. II")
    )
    title = forms.CharField(label=_("Title"), max_length=300)


class AgendaItemMoveForm(forms.Form):
    item = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class DocumentForm(forms.Form):
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("The whole meeting"),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    symbol = forms.CharField(
        label=_("Document symbol"),
        max_length=80,
        required=False,
        help_text=_("e.g. CEB/2020/HLCM/13"),
    )
    link = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    upload = forms.FileField(
        label=_("or a file"),
        required=False,
        help_text=_("PDF, Word (.docx) or Excel (.xlsx), at most 10 MB."),
    )

    def __init__(self, *args: Any, agenda_items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = agenda_items  # type: ignore[attr-defined]


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.filter(is_active=True).order_by("acronym"),
        required=False,
    )
    organization_note = forms.CharField(
        label=_("Organization as written"),
        max_length=200,
        required=False,
        help_text=_("e.g. UNODC/UNOV, or an entity that is not in the directory"),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=ParticipantRole.choices, initial=ParticipantRole.MEMBER
    )


class ParticipantImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV whose first line is: name,organization,title (and optionally role). "
            "The organization is its acronym in the directory. Nothing is imported if any row "
            "is rejected."
        ),
    )


class ConclusionsForm(forms.Form):
    framework = forms.ModelChoiceField(
        label=_("Decisions framework"), queryset=Framework.objects.none()
    )

    def __init__(self, *args: Any, frameworks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)
    progress_note = forms.CharField(
        label=_("Progress"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10_000,
    )


class FollowUpAssignForm(forms.Form):
    """The secretariat's part: which organization leads, and by when."""

    owner_organization = forms.ModelChoiceField(
        label=_("Owner organization"),
        queryset=Organization.objects.filter(is_active=True).order_by("acronym"),
        required=False,
    )
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput)


OVERDUE_CHOICES = [("", _("All")), ("yes", _("Overdue only")), ("no", _("Not overdue"))]


class FollowUpFilterForm(forms.Form):
    owner_organization = forms.ModelChoiceField(
        label=_("Owner organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    owner_body = forms.ModelChoiceField(
        label=_("Owner body"), queryset=Body.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *FollowUpStatus.choices], required=False
    )
    overdue = forms.ChoiceField(label=_("Overdue"), choices=OVERDUE_CHOICES, required=False)

    def __init__(self, *args: Any, organizations: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["owner_body"].queryset = bodies  # type: ignore[attr-defined]


class MeetingFilterForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=_("All bodies"),
    )

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
