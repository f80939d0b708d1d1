from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "talenta.people"
    label = "people"

    def ready(self) -> None:
        from talenta.core.display import register_labels
        from talenta.people.rules.jabatan import LEVEL_LABELS

        register_labels(LEVEL_LABELS)
        _mark_changes()


def _mark_changes() -> None:
    """A single save or delete of a person's record or of a history the candidate pool reads marks him
    changed (`services.mark_changed`). A post whose level or critical flag changes marks the people who held
    it; a unit that moves to another OPD, and a removed post or unit, mark the whole instansi. Creating a
    post or unit changes nobody yet. Bulk writers mark for themselves."""
    from django.db.models.signals import post_delete, post_save

    from talenta.people import models as m
    from talenta.people.services import mark_changed

    def employee(sender, instance, **kwargs) -> None:
        mark_changed(instansi_id=instance.instansi_id, employee_ids=[instance.pk])

    def history(sender, instance, **kwargs) -> None:
        mark_changed(instansi_id=None, employee_ids=[instance.employee_id])

    def touches(kwargs: dict, fields: set[str]) -> bool:
        if kwargs.get("created"):
            return False
        named = kwargs.get("update_fields")
        return named is None or bool(set(named) & fields)

    def position(sender, instance, **kwargs) -> None:
        if touches(kwargs, {"level", "is_critical", "unit", "instansi"}):
            held = m.JabatanHistory.objects.filter(position_id=instance.pk).values_list("employee_id")
            now = m.Employee.objects.filter(position_id=instance.pk).values_list("pk")
            mark_changed(instansi_id=None, employee_ids=[e for (e,) in [*held, *now]])

    def unit(sender, instance, **kwargs) -> None:
        if touches(kwargs, {"opd", "instansi", "parent"}):
            mark_changed(instansi_id=instance.instansi_id)

    def removed(sender, instance, **kwargs) -> None:
        mark_changed(instansi_id=instance.instansi_id)

    for signal in (post_save, post_delete):
        signal.connect(employee, sender=m.Employee, dispatch_uid=f"mark-employee-{id(signal)}", weak=False)
        for model in (m.JabatanHistory, m.SkpHistory, m.DisciplineHistory, m.LeadershipTraining):
            signal.connect(
                history, sender=model, dispatch_uid=f"mark-{model.__name__}-{id(signal)}", weak=False
            )
    post_save.connect(position, sender=m.Position, dispatch_uid="mark-position", weak=False)
    post_save.connect(unit, sender=m.Unit, dispatch_uid="mark-unit", weak=False)
    for model in (m.Position, m.Unit):
        post_delete.connect(removed, sender=model, dispatch_uid=f"mark-{model.__name__}-removed", weak=False)
