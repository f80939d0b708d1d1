from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "talenta.accounts"
    label = "accounts"

    def ready(self) -> None:
        from talenta.accounts import session, signals  # noqa: F401  (connects the audit and session receivers)
