from django.apps import AppConfig


class PlacementConfig(AppConfig):
    name = "talenta.placement"
    label = "placement"
    verbose_name = "Penempatan"

    def ready(self) -> None:
        from talenta.placement import scopes  # noqa: F401  (registers the tenant boundary of this app's rows)
