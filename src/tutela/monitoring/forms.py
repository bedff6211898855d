from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutela.frameworks.models import Framework, StatusLevel
from tutela.monitoring.models import EVIDENCE_MAX_BYTES, Participation, ReportState
from tutela.organizations.models import Organization, OrganizationType


class DateInput(forms.DateInput):
    input_type = "date"


class CycleForm(forms.Form):
    framework = forms.ModelChoiceField(
        label=_("Framework version"), queryset=Framework.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(label=_("Period from"), widget=DateInput)
    period_end = forms.DateField(label=_("Period to"), widget=DateInput)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(label=_("Reports due by"), widget=DateInput)
    participation = forms.ChoiceField(
        label=_("Who reports"), choices=Participation.choices, widget=forms.RadioSelect
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("Only these organizations (leave empty for all)"),
        queryset=Organization.objects.filter(is_active=True).order_by("acronym"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, frameworks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("Reports are due before the cycle opens."))
        return data


class LevelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.label}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        items = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in items]
        for item in cleaned:
            if item is not None and item.size > EVIDENCE_MAX_BYTES:
                raise forms.ValidationError(
                    _("“%(name)s” is larger than 10 MB."), params={"name": item.name}
                )
        return [item for item in cleaned if item is not None]


class ReportForm(forms.Form):
    level = LevelChoiceField(
        label=_("Status"),
        queryset=StatusLevel.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    progress = forms.CharField(
        label=_("Progress made"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    constraints = forms.CharField(
        label=_("Constraints found"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kpi_value = forms.CharField(label=_("KPI value"), required=False, max_length=200)
    evidence_links = forms.CharField(
        label=_("Evidence links (one web address a line)"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence_files = MultipleFileField(
        label=_("Evidence files (PDF, docx, xlsx, PNG, JPEG or text, at most 10 MB each)"),
        required=False,
    )

    def __init__(self, *args: Any, levels: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels  # type: ignore[attr-defined]

    def links(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data["evidence_links"].splitlines()
            if line.strip()
        ]


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewFilterForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *ReportState.choices], required=False
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class DashboardFilterForm(forms.Form):
    section = forms.TypedChoiceField(
        label=_("Section"), coerce=int, required=False, empty_value=None
    )
    organization_type = forms.ChoiceField(
        label=_("Organization type"),
        choices=[("", _("All types")), *OrganizationType.choices],
        required=False,
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    published = forms.BooleanField(
        label=_("Published view (validated reports only)"), required=False
    )

    def __init__(self, *args: Any, sections: Any, levels: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [  # type: ignore[attr-defined]
            ("", _("Whole framework (first section when large)")),
            *[(s.id, f"{s.ref_id} {s.title}".strip()[:80]) for s in sections],
        ]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("Any status")),
            *[(level.code, f"{level.code} — {level.label}") for level in levels],
        ]


class WorkbookImportForm(forms.Form):
    workbook = forms.FileField(label=_("Reporting workbook (.xlsx)"))

    def clean_workbook(self) -> Any:
        upload = self.cleaned_data["workbook"]
        if upload.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(_("The workbook is larger than 10 MB."))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel workbook (.xlsx)."))
        return upload


class MatrixImportForm(WorkbookImportForm):
    workbook = forms.FileField(label=_("Consolidated matrix (.xlsx)"))
