from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "ieum.organization"
    verbose_name = "센터 조직"
