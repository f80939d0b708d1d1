from django.apps import AppConfig


class PlacementConfig(AppConfig):
    name = "talenta.placement"
    label = "placement"
    verbose_name = "Penempatan"
