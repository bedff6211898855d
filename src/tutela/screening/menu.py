from django.utils.translation import gettext_lazy as _

from tutela.accounts.roles import Role
from tutela.web.navigation import MenuEntry

MENU = [
    MenuEntry(_("Screening"), "screening:listing_list", roles=(Role.SCREENING_OFFICER,), order=70)
]
