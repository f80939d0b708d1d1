from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talenta.talent"
    label = "talent"
    verbose_name = _("Talent management")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from talenta.talent import scopes  # noqa: F401  (registers the tenant boundary of this app's rows)
        from talenta.talent.digests import on_post_migrate

        # After every migrate: a SQLite table rebuild drops the table's triggers (talent.digests).
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="talenta.talent.digests")
