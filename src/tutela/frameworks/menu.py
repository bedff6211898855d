from django.utils.translation import gettext_lazy as _

from tutela.web.navigation import MenuEntry

MENU = [MenuEntry(_("Frameworks"), "frameworks:framework_list", order=20)]
