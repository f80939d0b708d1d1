from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeritConfig(AppConfig):
    name = "talenta.merit"
    label = "merit"
    verbose_name = _("Merit system index")

    def ready(self) -> None:
        from talenta.merit import scopes  # noqa: F401  (registers the tenant boundary of this app's rows)
