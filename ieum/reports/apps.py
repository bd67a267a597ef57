from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ieum.reports"
    verbose_name = "주요업무보고"
