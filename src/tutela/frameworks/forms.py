from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tutela.frameworks.models import (
    ApplicabilityLevel,
    Framework,
    FrameworkKind,
    Node,
    NodeFlag,
    NodeType,
    StatusScale,
)
from tutela.organizations.models import Body, Organization

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class FrameworkFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *FrameworkKind.choices]
    )
    owner_body = forms.ModelChoiceField(
        label=_("Owner body"),
        required=False,
        queryset=Body.objects.filter(frameworks__isnull=False).distinct().order_by("acronym"),
        empty_label=_("All bodies"),
    )


class FrameworkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=FrameworkKind.choices)
    status_scale = forms.ModelChoiceField(
        label=_("Status scale"), queryset=StatusScale.objects.order_by("name")
    )
    source_citation = forms.CharField(
        label=_("Source"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the text comes from, e.g. the document and its date."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class FrameworkCreateForm(FrameworkForm):
    slug = forms.SlugField(
        label=_("Identifier"),
        max_length=80,
        help_text=_("Letters, digits and hyphens; the same for every version."),
    )
    owner_body = forms.ModelChoiceField(label=_("Owner body"), queryset=Body.objects.none())

    field_order = ["title", "slug", "kind", "owner_body", "status_scale"]

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner_body = self.fields["owner_body"]
        assert isinstance(owner_body, forms.ModelChoiceField)  # noqa: S101 — declared above
        owner_body.queryset = bodies


class NodeForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=NodeType.choices)
    ref_id = forms.CharField(
        label=_("Reference"), max_length=30, required=False, help_text=_("e.g. 16.2")
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    reportable = forms.BooleanField(
        label=_("Organizations report on it"),
        required=False,
        help_text=_("A status is reported on it in each reporting cycle."),
    )
    lead_organizations = forms.ModelMultipleChoiceField(
        label=_("Lead entities"),
        required=False,
        queryset=Organization.objects.filter(is_active=True).order_by("acronym"),
    )
    member_organizations = forms.ModelMultipleChoiceField(
        label=_("Other responsible entities"),
        required=False,
        queryset=Organization.objects.filter(is_active=True).order_by("acronym"),
    )
    lead_bodies = forms.ModelMultipleChoiceField(
        label=_("Responsible bodies"), required=False, queryset=Body.objects.order_by("acronym")
    )
    responsibility_note = forms.CharField(
        label=_("Responsibility as written"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only when the text gives a date."),
    )
    milestone = forms.CharField(
        label=_("Milestone"), max_length=200, required=False, help_text=_("e.g. by December 2020")
    )
    flags = forms.MultipleChoiceField(
        label=_("Flags"),
        required=False,
        choices=NodeFlag.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    report_back_to = forms.ModelChoiceField(
        label=_("Reports back to"),
        required=False,
        queryset=Body.objects.order_by("acronym"),
        empty_label=_("Nobody"),
    )
    report_back_note = forms.CharField(label=_("Report back"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        lead = set(cleaned.get("lead_organizations") or [])
        members = set(cleaned.get("member_organizations") or [])
        if lead & members:
            self.add_error(
                "member_organizations", _("An entity cannot be both lead and other responsible.")
            )
        return cleaned

    @staticmethod
    def initial_for(node: Node) -> dict[str, Any]:
        return {
            "type": node.type,
            "ref_id": node.ref_id,
            "title": node.title,
            "text": node.text,
            "reportable": node.reportable,
            "lead_organizations": list(node.lead_organizations.all()),
            "member_organizations": list(node.member_organizations.all()),
            "lead_bodies": list(node.lead_bodies.all()),
            "responsibility_note": node.responsibility_note,
            "due_date": node.due_date,
            "milestone": node.milestone,
            "flags": list(node.flags),
            "report_back_to": node.report_back_to,
            "report_back_note": node.report_back_note,
        }


class NodeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Nodes shown indented by depth with their reference."""

    def label_from_instance(self, obj: Any) -> str:
        indent = "— " * obj.depth
        return f"{indent}{obj.ref_id} {obj.title or obj.text[:60]}".strip()


class NodeAddForm(NodeForm):
    parent = NodeChoiceField(
        label=_("Under"), required=False, queryset=Node.objects.none(), empty_label=_("Top level")
    )

    field_order = ["parent"]

    def __init__(self, *args: Any, parents: QuerySet[Node], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)  # noqa: S101 — declared above
        parent.queryset = parents


class NodeMoveForm(forms.Form):
    parent = NodeChoiceField(
        label=_("New parent"),
        required=False,
        queryset=Node.objects.none(),
        empty_label=_("Top level"),
    )

    def __init__(self, *args: Any, parents: QuerySet[Node], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)  # noqa: S101 — declared above
        parent.queryset = parents


class ApplicabilityForm(forms.Form):
    """One level per personnel category; fields are added for each category."""

    def __init__(self, *args: Any, categories: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            self.fields[f"level_{category.code}"] = forms.ChoiceField(
                label=category.name,
                required=False,
                choices=[("", _("Not recorded")), *ApplicabilityLevel.choices],
            )
            self.fields[f"notes_{category.code}"] = forms.CharField(
                label=_("Notes for %(category)s") % {"category": category.name},
                required=False,
                max_length=1000,
            )


class FrameworkImportForm(forms.Form):
    file = forms.FileField(
        label=_("YAML file"),
        help_text=_("A framework in the library format (.yaml), at most 2 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".yaml", ".yml")):
            raise forms.ValidationError(_("Choose a .yaml file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


def framework_form_initial(framework: Framework) -> dict[str, Any]:
    return {
        "title": framework.title,
        "kind": framework.kind,
        "status_scale": framework.status_scale,
        "source_citation": framework.source_citation,
        "description": framework.description,
    }


def _luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# WCAG 2.1 AA for normal text: the codes in the dashboard's cells must stay readable.
MINIMUM_CONTRAST = 4.5
COLOUR_HELP = _("As #rrggbb, e.g. #1a9850.")


class ScaleForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Letters, digits and hyphens, e.g. progress-2027."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class LevelEditForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=200)
    colour = forms.RegexField(
        label=_("Colour"), regex=r"^#[0-9a-fA-F]{6}$", help_text=COLOUR_HELP, max_length=7
    )
    text_colour = forms.RegexField(
        label=_("Text colour"), regex=r"^#[0-9a-fA-F]{6}$", help_text=COLOUR_HELP, max_length=7
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        colour, text = data.get("colour"), data.get("text_colour")
        if colour and text and contrast_ratio(colour, text) < MINIMUM_CONTRAST:
            self.add_error(
                "text_colour",
                _(
                    "The text colour is too close to the colour (contrast %(ratio).1f:1; at "
                    "least %(minimum).1f:1 keeps the code readable)."
                )
                % {"ratio": contrast_ratio(colour, text), "minimum": MINIMUM_CONTRAST},
            )
        return data


class LevelForm(LevelEditForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=10,
        help_text=_("Short, as shown in the dashboard's cells, e.g. A or IP. It cannot change."),
    )

    field_order = ["code", "label", "colour", "text_colour", "description"]
