from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "tutela.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from tutela.web import access  # noqa: F401 — registers the app's endpoint rules
