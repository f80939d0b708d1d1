"""Samples for the screens of people and profiling (Profil pegawai, Struktur, Jabatan, assessment tab)."""

from __future__ import annotations

from tests.access.registry import sample


@sample("people:employee-detail", "profiling:employee-assessments")
def _employee(world, viewer, case):
    side, other = world.side(viewer), world.other(viewer)
    emp = {
        "own": side.employee,
        "other_person": side.colleague,
        "other_unit": side.outsider,
        "other_instansi": other.employee,
    }.get(case)
    return None if emp is None else {"pk": emp.pk}


@sample("people:unit-children", "people:unit-detail", hidden_from={"pegawai"})
def _unit(world, viewer, case):
    side, other = world.side(viewer), world.other(viewer)
    unit = {"own": side.unit, "other_unit": side.other_unit, "other_instansi": other.unit}.get(case)
    return None if unit is None else {"pk": unit.pk}


@sample("people:position-detail", hidden_from={"pegawai"})
def _position(world, viewer, case):
    side, other = world.side(viewer), world.other(viewer)
    pos = {"own": side.position, "other_unit": side.other_position, "other_instansi": other.position}.get(
        case
    )
    return None if pos is None else {"pk": pos.pk}
