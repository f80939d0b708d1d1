"""A small synthetic province for placement tests (demo.build_province), and role users."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from talenta.people.models import Employee, Instansi, Position, Region
from talenta.placement import demo, selectors, services
from talenta.talent.models import MappingPeriod, MappingResult
from tests.people.factories import InstansiFactory, OtherInstansiFactory

ON = date(2026, 11, 1)


def province(n_opd: int = 6, size: int = 120, seed: int = 7) -> Instansi:
    instansi = InstansiFactory()
    demo.build_province(instansi=instansi, seed=seed, size=size, as_of=ON, n_opd=n_opd)
    selectors.pool_invalidate()
    return instansi


def banten_region(
    *, prov_opd: int = 6, prov_size: int = 120, kab_opd: int = 4, kab_size: int = 80
) -> tuple[Region, Instansi, Instansi]:
    """The region of issue #18 in small: a synthetic province and one kabupaten of the same region, each
    with its own people (demo.build_province)."""
    banten = Region.objects.create(code="36", name="Provinsi Banten")
    prov = province(n_opd=prov_opd, size=prov_size)
    prov.region = banten
    prov.save(update_fields=["region"])
    kab = OtherInstansiFactory(region=banten)
    demo.build_province(instansi=kab, seed=11, size=kab_size, as_of=ON, n_opd=kab_opd)
    selectors.pool_invalidate()
    return banten, prov, kab


def region_users(prov: Instansi, kab: Instansi, make_user: object) -> dict[str, object]:
    """The BKD roles of both instansi: prov-admin, prov-analis, prov-pimpinan, kab-admin, kab-analis,
    kab-pimpinan."""
    return {
        f"{tag}-{r}": make_user(r, username=f"{tag}-{r}", instansi=inst)  # type: ignore[operator]
        for tag, inst in (("prov", prov), ("kab", kab))
        for r in ("admin", "analis", "pimpinan")
    }


def vacancy_with_kab_candidates(prov: Instansi, kab: Instansi) -> tuple[Position, list[int]]:
    """A vacant post of the province for which some PNS of the kabupaten are eligible."""
    pool = selectors.candidate_pool(kab.pk, on=ON)
    for pos in Position.objects.filter(instansi=prov, holder__isnull=True).order_by("pk"):
        outcome = services.rank_position(position=pos, on=ON, top=None, near_top=0, pool=pool, explain=0)
        if outcome.eligible_ids():
            return pos, outcome.eligible_ids()
    raise AssertionError("no vacant post of the province has an eligible candidate of the kabupaten")


def final_period(instansi: Instansi, boxes: dict[int, int]) -> MappingPeriod:
    """A finalised mapping period of `instansi` with the given {employee id: box}."""
    period = MappingPeriod.objects.create(
        instansi=instansi,
        name="Pemetaan 2026",
        as_of=ON,
        status=MappingPeriod.Status.FINALISED,
        finalised_at=timezone.now(),
    )
    MappingResult.objects.bulk_create(
        MappingResult(period=period, employee_id=e, box=b, mappable=True) for e, b in boxes.items()
    )
    selectors.pool_invalidate()
    return period


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
