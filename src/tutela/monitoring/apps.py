from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "tutela.monitoring"
    label = "monitoring"
    verbose_name = _("Implementation monitoring")

    def ready(self) -> None:
        from tutela.monitoring import access  # noqa: F401 — registers the app's endpoint rules
