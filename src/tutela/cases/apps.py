from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "tutela.cases"
    label = "cases"
    verbose_name = _("Reporting channel and cases")

    def ready(self) -> None:
        from tutela.cases import access  # noqa: F401 — registers the app's endpoint rules
