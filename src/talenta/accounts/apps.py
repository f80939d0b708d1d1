from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "talenta.accounts"
    label = "accounts"

    def ready(self) -> None:
        from talenta.accounts import session, signals  # noqa: F401  (connects the audit and session receivers)
        from talenta.accounts.notifications import job_failed
        from talenta.core.jobs import FAILED_HOOKS

        if job_failed not in FAILED_HOOKS:
            FAILED_HOOKS.append(job_failed)
