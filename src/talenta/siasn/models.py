"""A record of every SIASN import: who, when, which files (name and sha256), counts and the error report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Status(models.TextChoices):
        PREVIEW = "preview", _("Previewed")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Imported")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")

    instansi = models.ForeignKey(
        "people.Instansi", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The username is kept as text too: the record must outlive the account.
    username = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    files = models.JSONField(default=list, blank=True)  # [{"name", "sha256", "size"}]
    format = models.CharField(max_length=8, default="auto")
    dry_run = models.BooleanField(default=False)
    skip_invalid = models.BooleanField(default=False)
    # The user's word that the files' rw-hukdis covers everyone in them (no row: no sentence).
    hukdis_complete = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    counts = models.JSONField(default=dict, blank=True)  # {kind: {created, updated, unchanged, rejected}}
    samples = models.JSONField(default=dict, blank=True)  # {kind: {outcome: [first rows]}}
    errors = models.JSONField(default=list, blank=True)  # [{file, row, field, value, message}]
    error_count = models.PositiveIntegerField(default=0)
    notes = models.JSONField(default=list, blank=True)  # what the analyst should know besides row errors
    message = models.TextField(blank=True)
    # What a re-import of the very same files needs to answer without reading them (siasn.stamps): the
    # stamp its rows carry, their number per table, the context the rows were read in, and the report a
    # re-import would give. Empty: this run cannot be replayed (a dry run, errors, hukdis_complete, a seat
    # that moves on every reading: siasn.stamps).
    replay = models.JSONField(default=dict, blank=True, editable=False)
    upload_dir = models.CharField(max_length=500, blank=True)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("SIASN import")
        verbose_name_plural = _("SIASN imports")

    def __str__(self) -> str:
        return f"SIASN import #{self.pk} {self.status}"

    @property
    def total(self) -> dict[str, int]:
        out = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
        for c in self.counts.values():
            for k in out:
                out[k] += c.get(k, 0)
        return out
