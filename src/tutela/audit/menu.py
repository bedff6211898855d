from django.utils.translation import gettext_lazy as _

from tutela.accounts.roles import Role
from tutela.web.navigation import MenuEntry

MENU = [MenuEntry(_("Audit log"), "audit:event_list", (Role.AUDITOR,), order=90)]
