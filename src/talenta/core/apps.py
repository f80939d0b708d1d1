from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Talenta core"
    name = "talenta.core"
    label = "core"

    def ready(self) -> None:
        from django.core.signals import request_started
        from django.utils.translation import gettext

        from talenta.core import lookups
        from talenta.core.display import angka, forget_actors, tanggal
        from talenta.core.wording import WORDING

        lookups.register()
        request_started.connect(forget_actors, dispatch_uid="talenta.core.forget_actors")
        # Messages of pure code (core.wording) in the reader's language, with the screens' dates and numbers.
        WORDING.translate, WORDING.day, WORDING.number = gettext, tanggal, angka
        WORDING.decimal = lambda value: angka(value, 2)
