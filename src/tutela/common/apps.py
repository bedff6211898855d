from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "tutela.common"
    label = "common"
    verbose_name = "Common"
