from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ieum.accounts"
    verbose_name = "계정"
