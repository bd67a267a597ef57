from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "ieum.spaces"
    verbose_name = "공간 운영"
