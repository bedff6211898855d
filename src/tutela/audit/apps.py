from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "tutela.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from tutela.audit import access  # noqa: F401 — registers the app's endpoint rules
