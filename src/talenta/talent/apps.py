from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talenta.talent"
    label = "talent"
    verbose_name = _("Talent management")

    def ready(self) -> None:
        from talenta.talent import scopes  # noqa: F401  (registers the tenant boundary of this app's rows)
