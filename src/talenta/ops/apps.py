from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "talenta.ops"
    label = "ops"
    verbose_name = "Operations"
