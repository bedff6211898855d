"""Forms of the screening pages: they parse what was typed; the services decide. A person's name
and birth date are typed into fields the browser encodes and never sends (see encode.js)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from tutela.organizations.models import Organization
from tutela.screening import encoding as codec
from tutela.screening.models import ListingBasis, ListingCategory, RemovalReason
from tutela.screening.services import ListingTerms

MAX_FILE_BYTES = 4 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"


class EncodingField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Encoding"))
        kwargs.setdefault(
            "help_text",
            _(
                "Filled in by the encoder above, or pasted from the output of "
                "tutela screening_encode."
            ),
        )
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault(
            "widget", forms.Textarea(attrs={"rows": 3, "class": "screening-encoding"})
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = str(super().clean(value)).strip()
        try:
            codec.decode(text)
        except codec.EncodingError as error:
            raise forms.ValidationError(str(error)) from error
        return text


def _clean_file(upload: UploadedFile[Any] | None) -> str:
    if upload is None:
        raise forms.ValidationError(_("Choose a file."))
    if (upload.size or 0) > MAX_FILE_BYTES:
        raise forms.ValidationError(_("The file is larger than 4 MB."))
    name = (upload.name or "").lower()
    if not name.endswith((".csv", ".txt")):
        raise forms.ValidationError(_("Choose the CSV file written by tutela screening_encode."))
    try:
        return str(upload.read().decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise forms.ValidationError(_("The file is not UTF-8 text.")) from error


class OrganizationChoiceMixin(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class ListingTermsMixin(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=ListingCategory.choices)
    basis = forms.ChoiceField(
        label=_("Basis"),
        choices=ListingBasis.choices,
        help_text=_("A separation with allegations pending is kept apart and shown as such."),
    )
    decided_on = forms.DateField(label=_("Date of the finding or separation"), widget=DateInput)
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput, required=False)
    contact_point = forms.CharField(
        label=_("Contact point"),
        max_length=200,
        help_text=_("Whom an organization with a possible match should contact."),
    )

    def terms(self) -> ListingTerms:
        data = self.cleaned_data
        return ListingTerms(
            category=data["category"],
            basis=data["basis"],
            decided_on=data["decided_on"],
            expires_on=data["expires_on"],
            contact_point=data["contact_point"],
        )


class ListingForm(OrganizationChoiceMixin, ListingTermsMixin):
    reference = forms.CharField(
        label=_("Listing reference"),
        max_length=100,
        help_text=_("Your own reference (never the person's name)."),
    )
    encoding = EncodingField()


class ListingUploadForm(OrganizationChoiceMixin, ListingTermsMixin):
    file = forms.FileField(
        label=_("File of encodings"),
        help_text=_("The CSV written by tutela screening_encode (reference, encoding)."),
    )

    def clean_file(self) -> str:
        return _clean_file(self.cleaned_data.get("file"))


class ListingRemoveForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RemovalReason.choices)


class CheckForm(OrganizationChoiceMixin):
    reference = forms.CharField(
        label=_("Your reference for the candidate"),
        max_length=100,
        required=False,
        help_text=_("e.g. an application number (never the person's name)."),
    )
    encoding = EncodingField()


class CheckBatchForm(OrganizationChoiceMixin):
    file = forms.FileField(
        label=_("File of encodings"),
        help_text=_("The CSV written by tutela screening_encode (reference, encoding)."),
    )

    def clean_file(self) -> str:
        return _clean_file(self.cleaned_data.get("file"))
