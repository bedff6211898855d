from django import forms
from django.utils.translation import gettext_lazy as _


class EventFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor (e-mail contains)"), required=False, max_length=254)
    action = forms.CharField(label=_("Action (starts with)"), required=False, max_length=80)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=80)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput({"type": "date"})
    )
