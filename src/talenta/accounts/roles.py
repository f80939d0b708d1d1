"""The seven roles of Talenta and what each may do (issue #4 table)."""

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


# Roles that see every employee of their instansi.
INSTANSI_WIDE = frozenset({Role.ADMIN, Role.ANALIS, Role.KOMITE, Role.PIMPINAN, Role.AUDITOR})
