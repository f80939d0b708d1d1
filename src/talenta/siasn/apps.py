from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiasnConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "talenta.siasn"
    verbose_name = _("SIASN import and export")
