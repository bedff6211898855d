from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "tutela.organizations"
    label = "organizations"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from tutela.organizations import access  # noqa: F401 — registers the app's endpoint rules
