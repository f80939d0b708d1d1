from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeritConfig(AppConfig):
    name = "talenta.merit"
    label = "merit"
    verbose_name = _("Merit system index")
