from django.utils.translation import gettext_lazy as _

from tutela.accounts.roles import Role
from tutela.web.navigation import MenuEntry

MENU = [
    MenuEntry(_("My reporting"), "monitoring:my_reporting", roles=(Role.FOCAL_POINT,), order=20),
    MenuEntry(_("Monitoring"), "monitoring:cycle_list", order=21),
]
