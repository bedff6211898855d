from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "tutela.risks"
    label = "risks"
    verbose_name = _("Risk management")

    def ready(self) -> None:
        from tutela.risks import access  # noqa: F401 — registers the app's endpoint rules
