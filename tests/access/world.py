"""Two instansi with the same shape, every role in each, and objects in and out of each user's scope.

root ─┬─ unit (the Kepala OPD's) ─── sub (the Pegawai's own unit: employee; colleague in unit)
      └─ other_unit (outsider, other_position)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from talenta.accounts.models import User
from talenta.accounts.roles import Role
from talenta.people.models import Employee, Instansi, Position, Unit
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

    def side(self, user: Any) -> Side:
        return self.b if getattr(user, "instansi_id", None) == self.b.instansi.pk else self.a

    def other(self, user: Any) -> Side:
        return self.a if self.side(user) is self.b else self.b


def build_world() -> World:
    return World(build_side(InstansiFactory(), "a"), build_side(OtherInstansiFactory(), "b"))
