from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ViolationsConfig(AppConfig):
    name = "tutela.violations"
    label = "violations"
    verbose_name = _("Violations and early warning")

    def ready(self) -> None:
        from tutela.violations import access  # noqa: F401 — registers the app's endpoint rules
