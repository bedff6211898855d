from django.utils.translation import gettext_lazy as _

from tutela.accounts.roles import Role
from tutela.web.navigation import MenuEntry

RISK_ROLES = (Role.RISK_OFFICER, Role.FOCAL_POINT, Role.VIEWER, Role.CONDUCT_REVIEWER)

MENU = [
    MenuEntry(_("Risks"), "risks:register_list", roles=RISK_ROLES, order=30),
    MenuEntry(
        _("Risk reports received"),
        "risks:consolidated",
        roles=(Role.CONDUCT_REVIEWER,),
        order=31,
    ),
]
