from django.utils.translation import gettext_lazy as _

from tutela.web.navigation import MenuEntry

MENU = [
    MenuEntry(_("Organizations"), "organizations:organization_list", order=80),
    MenuEntry(_("Bodies"), "organizations:body_list", order=81),
    MenuEntry(_("Groups"), "organizations:group_list", order=82),
]
