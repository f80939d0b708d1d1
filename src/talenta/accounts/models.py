"""Users: one role, one instansi, and for a Kepala OPD his unit, for a Pegawai his employee record."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talenta.accounts.roles import Role


class User(AbstractUser):
    # No role = no access (e.g. a superuser made by createsuperuser before a role is given).
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True, default="")
    instansi = models.ForeignKey(
        "people.Instansi", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    unit = models.ForeignKey(
        "people.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("For a Kepala OPD: the unit whose subtree he sees."),
    )
    employee = models.OneToOneField(
        "people.Employee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        help_text=_("The employee record of this user (required for a Pegawai)."),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="kepala-opd") | Q(unit__isnull=False), name="user_kepala_opd_has_unit"
            ),
            models.CheckConstraint(
                condition=~Q(role="pegawai") | Q(employee__isnull=False), name="user_pegawai_has_employee"
            ),
        ]

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""
