from django.utils.translation import gettext_lazy as _

from tutela.accounts.roles import Role
from tutela.web.navigation import MenuEntry

MENU = [
    MenuEntry(
        _("Cases"),
        "cases:case_list",
        roles=(Role.INTAKE_OFFICER, Role.INVESTIGATOR, Role.SUPPORT_OFFICER),
        order=60,
    ),
    MenuEntry(_("Disclosure requests"), "cases:disclosure_list", roles=(Role.CUSTODIAN,), order=61),
    MenuEntry(
        _("Case statistics"),
        "cases:statistics",
        roles=(Role.SECRETARIAT, Role.FOCAL_POINT, Role.CONDUCT_REVIEWER, Role.INTAKE_OFFICER),
        order=62,
    ),
]
