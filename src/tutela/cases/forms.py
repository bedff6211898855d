"""Forms of the reporting channel: the reporter's questionnaire and follow-up, and the
handlers' case forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutela.cases.models import Category, Channel, Message, Outcome, Referral, Seriousness

AFFECTED_CHOICES = [
    ("yes", _("Yes, it happened to me")),
    ("no", _("No, I saw it or was told about it")),
    ("prefer_not_to_say", _("I prefer not to say")),
]
SUPPORT_LABELS = dict(Referral.Kind.choices)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices)
    what_happened = forms.CharField(
        label=_("What happened?"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    when = forms.CharField(
        label=_("When did it happen?"),
        required=False,
        max_length=300,
        help_text=_("A date or a period"),
    )
    where = forms.CharField(label=_("Where did it happen?"), required=False, max_length=300)
    who_involved = forms.CharField(
        label=_("Who was involved?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reporter_is_affected = forms.ChoiceField(
        label=_("Did it happen to you?"),
        choices=AFFECTED_CHOICES,
        widget=forms.RadioSelect,
        initial="prefer_not_to_say",
    )
    support_wanted = forms.MultipleChoiceField(
        label=_("What support would you like?"),
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    channel = forms.ChoiceField(
        label=_("What would you like us to do?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        initial=Channel.FORMAL,
    )
    attachments = MultipleFileField(
        label=_("Files (optional)"),
        required=False,
        help_text=_(
            "PDF, PNG, JPEG or plain text, up to 5 files of 5 MB each. Photos and documents "
            "can carry hidden details (place, author): remove them if they could identify you."
        ),
    )
    stay_anonymous = forms.BooleanField(
        label=_("Stay anonymous"),
        required=False,
        initial=True,
        help_text=_("Untick to give your name; it is sealed under its own key."),
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    phone = forms.CharField(label=_("Phone (optional)"), required=False, max_length=50)
    client_token = forms.CharField(widget=forms.HiddenInput, max_length=128, min_length=22)
    challenge = forms.CharField(widget=forms.HiddenInput, max_length=200)
    nonce = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)

    def __init__(self, *args: Any, questionnaire: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = set(questionnaire["categories"])
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            choice for choice in Category.choices if choice[0] in offered
        ]
        self.fields["support_wanted"].choices = [  # type: ignore[attr-defined]
            (option, SUPPORT_LABELS.get(option, option))
            for option in questionnaire["support_options"]
        ]
        for question in questionnaire["extra_questions"]:
            self.fields[f"extra_{question['key']}"] = forms.CharField(
                label=question["label"], required=False, max_length=2000
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("stay_anonymous") and not (data.get("name") or "").strip():
            self.add_error("name", _("Give your name, or tick Stay anonymous."))
        if not data.get("nonce"):
            self.add_error(
                None,
                _(
                    "Your browser has not finished its anti-abuse check (it needs JavaScript). "
                    "Wait a moment and send again."
                ),
            )
        return data


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ReporterMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    in_reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    attachments = MultipleFileField(label=_("Files (optional)"), required=False)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note (never shown to the reporter)"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class HandlerMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the reporter"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (Message.Kind.MESSAGE, Message.Kind.MESSAGE.label),
            (Message.Kind.QUESTION, Message.Kind.QUESTION.label),
        ],
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[])
    outcome = forms.ChoiceField(
        label=_("Outcome (when closing)"),
        required=False,
        choices=[("", "—"), *Outcome.choices],
    )

    def __init__(self, *args: Any, transitions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = transitions  # type: ignore[attr-defined]


class ClassifyForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    seriousness = forms.ChoiceField(label=_("Seriousness"), choices=Seriousness.choices)


class AssignForm(forms.Form):
    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Person"), queryset=None)
    kind = forms.ChoiceField(
        label=_("As"),
        choices=[("handler", _("Case handler")), ("support", _("Support officer"))],
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]


class DisclosureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the investigation needs the reporter's identity"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DisclosureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("deny", _("Deny"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), min_length=10, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SupportPlanForm(forms.Form):
    retaliation_risk = forms.BooleanField(label=_("Risk of retaliation"), required=False)
    measures = forms.CharField(
        label=_("Protection measures"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(label=_("Referral"), choices=Referral.Kind.choices)
    consent_given = forms.BooleanField(
        label=_("The affected person consented to this referral"), required=False
    )
    made = forms.BooleanField(label=_("Referral made"), required=False)
    details = forms.CharField(
        label=_("Provider and details"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SupportConsentForm(forms.Form):
    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("The affected person consented that this person may see the plan"),
        queryset=None,
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("I confirm"))
