"""Samples for the routes of talent mapping: a finalised period per instansi with a result (and an IDP and
a calibration) for the viewer's own person, a colleague, an outsider, and the other instansi's person."""

from __future__ import annotations

from datetime import date

from talenta.talent import services
from talenta.talent.models import Calibration, CommitteeMember, DevelopmentPlan, MappingPeriod, MappingResult
from tests.access.registry import sample

NAME = "Pemetaan Matriks"


def _period(side) -> MappingPeriod:
    period = MappingPeriod.objects.filter(instansi=side.instansi, name=NAME).first()
    if period is None:
        period = services.period_create(instansi=side.instansi, name=NAME, as_of=date(2026, 1, 31))
        services.period_run(period=period)
        services.period_finalise(period=period, by=None)
    return period


def _person(world, viewer, case):
    side, other = world.side(viewer), world.other(viewer)
    return {
        "own": (side, side.employee),
        "other_person": (side, side.colleague),
        "other_unit": (side, side.outsider),
        "other_instansi": (other, other.employee),
    }.get(case, (None, None))


def _result(world, viewer, case) -> MappingResult | None:
    side, person = _person(world, viewer, case)
    if person is None:
        return None
    return MappingResult.objects.get(period=_period(side), employee=person)


def _seat(world, viewer, *, chair: bool = False) -> None:
    """Give the instansi's komite user a committee seat (the chair when asked)."""
    user = world.side(viewer).users["komite"]
    CommitteeMember.objects.update_or_create(
        user=user, defaults={"instansi": user.instansi, "is_chair": chair}
    )


@sample(
    "talent:grid",
    "talent:period-run",
    "talent:period-edit",
    "talent:period-finalise",
    "talent:period-replay",
    "talent:charts",
    "talent:meeting",
    "talent:minutes",
)
def _period_sample(world, viewer, case):
    side = {"own": world.side(viewer), "other_instansi": world.other(viewer)}.get(case)
    return None if side is None else {"pk": _period(side).pk}


@sample("talent:box")
def _box(world, viewer, case):
    side = {"own": world.side(viewer), "other_instansi": world.other(viewer)}.get(case)
    return None if side is None else {"pk": _period(side).pk, "box": 0}


@sample("talent:card", "talent:idp-generate")
def _card(world, viewer, case):
    r = _result(world, viewer, case)
    return None if r is None else {"pk": r.pk}


@sample("talent:calibrate", hidden_from={"pegawai"})
def _calibrate(world, viewer, case):
    _seat(world, viewer)
    r = _result(world, viewer, case)
    return None if r is None else {"pk": r.pk}


@sample("talent:calibration-decide", hidden_from={"pegawai", "kepala-opd"})
def _decide(world, viewer, case):
    _seat(world, viewer, chair=True)
    r = _result(world, viewer, case)
    if r is None:
        return None
    cal = Calibration.objects.create(
        result=r, from_box=1, to_box=2, reason="sampel", proposed_by=world.side(viewer).subject
    )
    return {"pk": cal.pk}


@sample("talent:employee-mapping")
def _employee(world, viewer, case):
    _, person = _person(world, viewer, case)
    return None if person is None else {"pk": person.pk}


@sample("talent:succession-post", hidden_from={"pegawai"})
def _post(world, viewer, case):
    side, other = world.side(viewer), world.other(viewer)
    pos = {"own": side.position, "other_unit": side.other_position, "other_instansi": other.position}.get(
        case
    )
    return None if pos is None else {"pk": pos.pk}


@sample("talent:idp", "talent:idp-update", "talent:idp-export")
def _idp(world, viewer, case):
    side, person = _person(world, viewer, case)
    if person is None:
        return None
    plan, _ = DevelopmentPlan.objects.get_or_create(employee=person, period=_period(side))
    return {"pk": plan.pk}
