from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "talenta.accounts"
    label = "accounts"
