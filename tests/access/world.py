"""Two instansi with the same shape, every role in each, and objects in and out of each user's scope.

Both belong to one region (issue #18) with a third instansi `c` (a unit and one employee, no users), and
neither shares its talent pool: every screen, export and API answer must still show nothing of the other.
The regional oversight role (its user in each side) reads the region through its own routes only.

root ─┬─ unit (the Kepala OPD's) ─── sub (the Pegawai's own unit: employee; colleague in unit)
      └─ other_unit (outsider, other_position)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from talenta.accounts.models import User
from talenta.accounts.roles import Role
from talenta.people.models import Employee, Instansi, Position, Region, Unit
from tests.people.factories import (
    EmployeeFactory,
    InstansiFactory,
    OtherInstansiFactory,
    PositionFactory,
    UnitFactory,
)


@dataclass
class Side:
    tag: str
    instansi: Instansi
    root: Unit
    unit: Unit
    sub: Unit
    other_unit: Unit
    employee: Employee
    colleague: Employee
    outsider: Employee
    position: Position
    other_position: Position
    subject: User  # a user who is a sample object (deactivated, reset...), never a viewer
    users: dict[str, User] = field(default_factory=dict)


def build_side(instansi: Instansi, tag: str) -> Side:
    root = UnitFactory(instansi=instansi, name=f"Sekretariat Daerah {tag}")
    unit = UnitFactory(instansi=instansi, parent=root, name=f"Dinas Pendidikan {tag}")
    sub = UnitFactory(instansi=instansi, parent=unit, name=f"Bidang SMA {tag}")
    other_unit = UnitFactory(instansi=instansi, parent=root, name=f"Dinas Kesehatan {tag}")
    employee = EmployeeFactory(unit=sub)
    colleague = EmployeeFactory(unit=unit)
    outsider = EmployeeFactory(unit=other_unit)
    position = PositionFactory(unit=unit)
    other_position = PositionFactory(unit=other_unit)
    side = Side(
        tag,
        instansi,
        root,
        unit,
        sub,
        other_unit,
        employee,
        colleague,
        outsider,
        position,
        other_position,
        subject=User.objects.create_user(username=f"{tag}-subject", role=Role.ANALIS, instansi=instansi),
    )
    for role in Role:
        scope: dict[str, Any] = {}
        if role == Role.KEPALA_OPD:
            scope["unit"] = unit
        if role == Role.PEGAWAI:
            scope["employee"] = employee
        side.users[role.value] = User.objects.create_user(
            username=f"{tag}-{role.value}",
            password="rahasia-Talenta-2026",
            role=role,
            instansi=instansi,
            **scope,
        )
    return side


@dataclass
class World:
    a: Side
    b: Side
    region: Region | None = None
    c: Instansi | None = None  # a third instansi of the region (Kota Cilegon): no users, one employee
    c_employee: Employee | None = None

    def side(self, user: Any) -> Side:
        return self.b if getattr(user, "instansi_id", None) == self.b.instansi.pk else self.a

    def other(self, user: Any) -> Side:
        return self.a if self.side(user) is self.b else self.b


def build_world() -> World:
    region = Region.objects.create(code="36", name="Provinsi Banten")
    a, b = InstansiFactory(region=region), OtherInstansiFactory(region=region)
    for inst in (a, b):  # the factories get-or-create by BKN id: set the region on an existing row too
        if inst.region_id != region.pk:
            inst.region = region
            inst.save(update_fields=["region"])
    c = Instansi.objects.create(
        bkn_id="SAMPLE-CILEGON",
        name="Pemerintah Kota Cilegon",
        short_name="Kota Cilegon",
        kind="kota",
        region=region,
    )
    c_unit = UnitFactory(instansi=c, name="Dinas Pendidikan Kota Cilegon")
    world = World(build_side(a, "a"), build_side(b, "b"), region, c, EmployeeFactory(unit=c_unit))
    return world
