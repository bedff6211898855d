from django.utils.translation import gettext_lazy as _

from tutela.web.navigation import MenuEntry

MENU = [MenuEntry(_("Meetings"), "meetings:meeting_list", order=40)]
