from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tutela.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from tutela.meetings import access  # noqa: F401 — registers the app's endpoint rules
