from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiasnConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "talenta.siasn"
    verbose_name = _("SIASN import and export")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from talenta.siasn import scopes  # noqa: F401  (registers the tenant boundary of this app's rows)
        from talenta.siasn.stamps import on_post_migrate

        # After every migrate: a SQLite table rebuild drops the table's triggers (siasn.stamps).
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="talenta.siasn.stamps")
