"""Users: one role, one instansi, and for a Kepala OPD his unit, for a Pegawai his employee record."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talenta.accounts.roles import Role


class UserQuerySet(models.QuerySet):
    def select_for_update(self, nowait: bool = False, skip_locked: bool = False, of=(), no_key: bool = False):
        # A user comes with his instansi through an outer join (the FK may be empty), and PostgreSQL refuses
        # FOR UPDATE on the nullable side of one: lock the user's own row unless told otherwise.
        return super().select_for_update(
            nowait=nowait, skip_locked=skip_locked, of=of or ("self",), no_key=no_key
        )


class TalentaUserManager(UserManager.from_queryset(UserQuerySet)):
    """A user comes with his instansi, in the same query: every page names it (the account menu) and the
    tenant rules read it, so the session's user is one query instead of two."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().select_related("instansi")


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
    # A generated or reset password is known to whoever handed it over: changed at the next login.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    objects = TalentaUserManager()

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


class ApiToken(models.Model):
    """A personal API token. Only the sha256 of the secret is stored; the secret is shown once.

    The token reads `tal_<prefix>_<secret>`: the prefix identifies it in lists and in `talenta token revoke`
    without revealing anything that authenticates."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    hashed = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))  # every token expires (API_TOKEN_MAX_DAYS)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix} ({self.name})"

    def is_active_at(self, now: Any) -> bool:
        return self.revoked_at is None and self.expires_at is not None and self.expires_at > now


class Notification(models.Model):
    """Something handed to a user (a calibration to confirm, a decision to sign, an import to confirm, a job
    that failed). The text is kept as its kind and parameters and translated when shown, so a user reads it
    in the language he chose, whenever it was written."""

    class Kind(models.TextChoices):
        CALIBRATION = "calibration", _("Calibration to confirm")
        DECISION = "decision", _("Decision to sign")
        IMPORT = "import", _("SIASN import to confirm")
        JOB_FAILED = "job_failed", _("Background job failed")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    instansi = models.ForeignKey("people.Instansi", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The bell's unread count on every page: WHERE user_id = ? AND read_at IS NULL.
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"
