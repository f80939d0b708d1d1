from django.apps import AppConfig


class PlacementConfig(AppConfig):
    name = "talenta.placement"
    label = "placement"
    verbose_name = "Penempatan"

    def ready(self) -> None:
        from talenta.core.display import register_labels
        from talenta.placement import scopes  # noqa: F401  (registers the tenant boundary of this app's rows)
        from talenta.placement.selectors import VACANCY_REASONS

        register_labels(VACANCY_REASONS)

        # The talent pool's criteria come from placement's requirement tables (talent cannot import them).
        from talenta.placement.selectors import pool_judge
        from talenta.talent.selectors import register_pool_judge

        register_pool_judge(pool_judge)
