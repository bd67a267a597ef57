from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ieum.core"
    verbose_name = "공통"
