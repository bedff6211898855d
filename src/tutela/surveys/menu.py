from django.utils.translation import gettext_lazy as _

from tutela.accounts.roles import Role
from tutela.web.navigation import MenuEntry

MENU = [
    MenuEntry(
        _("Surveys"),
        "surveys:survey_list",
        roles=(Role.SECRETARIAT, Role.FOCAL_POINT, Role.VIEWER, Role.GROUP_MEMBER),
        order=60,
    ),
    MenuEntry(
        _("Repository"),
        "surveys:folder_list",
        roles=(Role.SECRETARIAT, Role.GROUP_MEMBER),
        order=61,
    ),
]
