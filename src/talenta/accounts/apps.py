from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "talenta.accounts"
    label = "accounts"

    def ready(self) -> None:
        from talenta.accounts import signals  # noqa: F401  (connects the audit receivers)
