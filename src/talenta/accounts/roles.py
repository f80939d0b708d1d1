"""The seven roles of Talenta and how far each sees (its reach).

What each may *do* is the policy table (accounts/policy.py); what each may *see* follows from its reach
in the scope functions (accounts/scope.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin BKD")
    ANALIS = "analis", _("Analis BKD")
    KOMITE = "komite", _("Komite Talenta")
    PIMPINAN = "pimpinan", _("Pimpinan (PPK)")
    KEPALA_OPD = "kepala-opd", _("Kepala OPD")
    PEGAWAI = "pegawai", _("Pegawai")
    AUDITOR = "auditor", _("Auditor")


class Reach(models.TextChoices):
    """How far a role sees inside its instansi: the whole instansi, a unit's subtree, or only himself."""

    INSTANSI = "instansi", _("the whole instansi")
    UNIT = "unit", _("his unit and its sub-units")
    SELF = "self", _("only himself")


REACH: dict[str, Reach] = {
    Role.ADMIN: Reach.INSTANSI,
    Role.ANALIS: Reach.INSTANSI,
    Role.KOMITE: Reach.INSTANSI,
    Role.PIMPINAN: Reach.INSTANSI,
    Role.AUDITOR: Reach.INSTANSI,
    Role.KEPALA_OPD: Reach.UNIT,
    Role.PEGAWAI: Reach.SELF,
}


def reach(role: str | None) -> Reach | None:
    return REACH.get(role or "")


# Roles that see every employee of their instansi.
INSTANSI_WIDE = frozenset(r for r, k in REACH.items() if k == Reach.INSTANSI)
