from django import forms
from django.utils.translation import gettext_lazy as _

from tutela.organizations.models import OrganizationType


class OrganizationFilterForm(forms.Form):
    search = forms.CharField(label=_("Acronym or name contains"), required=False, max_length=100)
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *OrganizationType.choices],
    )
