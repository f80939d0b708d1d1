from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiasnConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "talenta.siasn"
    verbose_name = _("SIASN import and export")

    def ready(self) -> None:
        from talenta.siasn import scopes  # noqa: F401  (registers the tenant boundary of this app's rows)
