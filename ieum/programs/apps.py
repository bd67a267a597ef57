from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "ieum.programs"
    verbose_name = "사업·성과지표"
