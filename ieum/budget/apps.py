from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "ieum.budget"
    verbose_name = "예산·집행"
