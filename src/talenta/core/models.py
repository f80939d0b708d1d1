"""Reference data from BKN and the tamper-evident audit trail."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceItem(models.Model):
    """One row of a BKN reference table (golongan, eselon, agama, jabatan fungsional, ...).

    BKN ids are strings: leading zeros matter ("01" Aktif, "05" SD). `data` keeps the whole source row
    so fields we do not model (kelompokJabatanId, usiaBup, jenjang, ...) are never lost.
    """

    table = models.CharField(max_length=64)
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "code"], name="reference_table_code_unique")]
        ordering = ["table", "code"]

    def __str__(self) -> str:
        return f"{self.table}:{self.code} {self.name}"


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove a saved audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    # Bulk writes bypass save()/delete(): refuse them too. The database trigger is the last line.
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("audit entries are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries are append-only")


class AuditEntry(models.Model):
    """An append-only, hash-chained record of who did what, when, why and from where.

    `hash` = sha256(canonical content + previous entry's hash). `talenta audit-verify` walks the chain.
    The actor is kept as a username string, not a foreign key: the log must outlive the account.
    """

    at = models.DateTimeField(db_index=True)
    actor_username = models.CharField(max_length=150, blank=True, db_index=True)
    actor_role = models.CharField(max_length=32, blank=True)
    instansi_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # The web request that wrote the entry (the X-Request-ID of its log lines); empty for commands and jobs.
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.pk} {self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.target_repr}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"audit entry {self.pk} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"audit entry {self.pk} is append-only")


class AuditHead(models.Model):
    """A single row locked while an entry is appended, so concurrent writers keep one chain."""

    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"audit head: {self.count} entries, last {self.last_hash[:12]}"


class Job(models.Model):
    """A long piece of work (an import, demo generation, a mapping run) that may run in the background.

    Live progress is kept in the cache (see core/jobs.py), not here: an atomic import holds the database's
    write lock, and progress must stay readable while it runs."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=64, db_index=True)
    label = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.CharField(max_length=150, blank=True)
    instansi_id = models.BigIntegerField(null=True, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"
