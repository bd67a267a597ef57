from django.apps import AppConfig


class MallConfig(AppConfig):
    name = "ieum.mall"
    verbose_name = "함께누리몰"
