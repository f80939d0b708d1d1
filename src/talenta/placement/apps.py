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

        # A whole instansi changed (an import, a finalised period): its open filling processes' candidate
        # pools are rebuilt in the background, once the change is committed, not by their next ranking.
        from talenta.people.services import instansi_changed

        instansi_changed.connect(_prepare_pools, dispatch_uid="placement-prepare-pools", weak=False)


def _prepare_pools(sender, instansi_id: int | None, **kwargs) -> None:
    from django.db import transaction

    from talenta.placement import tasks
    from talenta.placement.models import FillingProcess

    def enqueue() -> None:
        open_ = FillingProcess.objects.filter(status=FillingProcess.Status.OPEN)
        if instansi_id is not None:
            open_ = open_.filter(instansi_id=instansi_id)
        for inst, day in sorted(set(open_.values_list("instansi_id", "as_of"))):
            tasks.pool_prepare.enqueue(inst, day.isoformat())

    transaction.on_commit(enqueue)
