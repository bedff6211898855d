from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "tutela.surveys"
    label = "surveys"
    verbose_name = _("Surveys and repository")

    def ready(self) -> None:
        from tutela.surveys import access  # noqa: F401 — registers the app's endpoint rules
