from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "tutela.frameworks"
    label = "frameworks"
    verbose_name = _("Frameworks")

    def ready(self) -> None:
        from tutela.frameworks import access  # noqa: F401 — registers the app's endpoint rules
