"""A small synthetic province for placement tests (demo.build_province), and role users."""

from __future__ import annotations

from datetime import date

from talenta.people.models import Employee, Instansi, Position
from talenta.placement import demo, selectors
from tests.people.factories import InstansiFactory

ON = date(2026, 11, 1)


def province(n_opd: int = 6, size: int = 120, seed: int = 7) -> Instansi:
    instansi = InstansiFactory()
    demo.build_province(instansi=instansi, seed=seed, size=size, as_of=ON, n_opd=n_opd)
    selectors.pool_invalidate()
    return instansi


def vacant_jpt(instansi: Instansi) -> Position:
    return (
        Position.objects.filter(instansi=instansi, level="jpt_pratama", holder__isnull=True)
        .order_by("pk")
        .first()
    )


def held_jpt(instansi: Instansi) -> list[Position]:
    return list(
        Position.objects.filter(instansi=instansi, level="jpt_pratama", holder__isnull=False).order_by("pk")
    )


def admin_employee(instansi: Instansi) -> Employee:
    return Employee.objects.filter(instansi=instansi, position__level="administrator").order_by("pk").first()


def requirement_form_post(instansi_id: int, level: str, **changes: object) -> dict[str, object]:
    """What the requirement-table form posts for `level` as the instansi uses it, with `changes`."""
    from talenta.placement.forms import RequirementForm
    from talenta.placement.selectors import requirement_tables

    rs = next(r for r in requirement_tables(instansi_id) if r.level == level)
    form = RequirementForm(level=level, current=rs.data)
    post: dict[str, object] = {"level": level}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        post[f"{level}-{name}"] = str(value).replace(".", ",") if name.startswith("jpm") else value
    post.update({f"{level}-{k}": v for k, v in changes.items()})
    return post
