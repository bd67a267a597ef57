from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "ieum.enterprises"
    verbose_name = "기업 등록부"
