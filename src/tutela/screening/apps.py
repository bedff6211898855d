from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "tutela.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from tutela.screening import access  # noqa: F401 — registers the app's endpoint rules
