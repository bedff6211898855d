from django.utils.translation import gettext_lazy as _

from tutela.accounts.roles import Role
from tutela.web.navigation import MenuEntry

READERS = (Role.HUMAN_RIGHTS_OFFICER, Role.ANALYST)

MENU = [
    MenuEntry(_("Violations"), "violations:event_list", roles=READERS, order=70),
    MenuEntry(_("Violations analysis"), "violations:analysis", roles=READERS, order=71),
    MenuEntry(_("Early warning"), "violations:early_warning", roles=READERS, order=72),
    MenuEntry(_("Situations"), "violations:situation_list", roles=READERS, order=73),
]
