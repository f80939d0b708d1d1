from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Talenta core"
    name = "talenta.core"
    label = "core"

    def ready(self) -> None:
        from talenta.core import lookups

        lookups.register()
