from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tutela.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from tutela.audit import access  # noqa: F401 — registers the app's endpoint rules
