"""Talent mapping: periods and their results, the committee and its calibrations, succession plans and
individual development plans (RULES.md §2–§5, PermenPANRB 3/2020)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talenta.people.models import Employee, Instansi, Position
from talenta.talent.rules.ninebox import final_box

BOX_CHOICES = [(i, str(i)) for i in range(1, 10)]


class PerformanceLevel(models.TextChoices):
    DI_ATAS = "di_atas", _("Di atas ekspektasi")
    SESUAI = "sesuai", _("Sesuai ekspektasi")
    DI_BAWAH = "di_bawah", _("Di bawah ekspektasi")


class PotentialLevel(models.TextChoices):
    TINGGI = "tinggi", _("Tinggi")
    MENENGAH = "menengah", _("Menengah")
    RENDAH = "rendah", _("Rendah")


class Readiness(models.TextChoices):
    SIAP_SEKARANG = "siap_sekarang", _("Siap sekarang")
    SATU_DUA_TAHUN = "1_2_tahun", _("Siap 1–2 tahun")
    POTENSI = "potensi_masa_depan", _("Potensi masa depan")
    BUKAN = "bukan_kandidat", _("Bukan kandidat")


class MappingPreset(models.Model):
    """A named, stored configuration an administrator picks for a period ("default", "kepka411")."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    description = models.TextField(_("description"), blank=True)
    config = models.JSONField(_("configuration"), default=dict)
    verified = models.BooleanField(_("verified against the SK"), default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# What a person reads for a preset's name (the stored name stays the key of rules/config.PRESETS).
PRESET_LABELS = {
    "default": _("Standard (PermenPANRB 3/2020 as in RULES.md)"),
    "kepka411": _("Kepka BKN 411/2025"),
}


def preset_label(name: str, verified: bool = True) -> str:
    label = str(PRESET_LABELS.get(name, name))
    return label if verified else f"{label} ({_('to verify')})"


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


class MappingPeriod(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINALISED = "finalised", _("Finalised")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="mapping_periods")
    name = models.CharField(_("name"), max_length=200)
    as_of = models.DateField(_("as of"))
    # {"unit_ids": [...], "levels": [...], "statuses": ["pns"]}: empty = every PNS of the instansi.
    population = models.JSONField(_("population filter"), default=dict, blank=True)
    preset = models.CharField(_("preset"), max_length=64, default="default")
    config = models.JSONField(_("configuration"), default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    run_count = models.PositiveIntegerField(default=0)
    # What moved in the last re-run of a draft: [{"employee_id", "nip", "from", "to", "changed": {...}}].
    last_diff = models.JSONField(default=list, blank=True)
    finalised_by = models.CharField(max_length=150, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    # What the stored results were computed with: {"as_of", "config", "population"} at the last run. A draft
    # may be configured again after a run; until it is re-run, its results (their cards, replay, IDPs) read
    # this basis, not the new settings, and it cannot be finalised.
    run_basis = models.JSONField(default=dict, blank=True)

    # "The latest period" wherever one is picked (talent, placement, quality, region): the latest as-of date,
    # then the latest finalised, then the last made; one order, so every screen names the same period.
    LATEST_FIRST = ("-as_of", models.F("finalised_at").desc(nulls_last=True), "-pk")

    class Meta:
        ordering = ["-as_of", "name"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "name"], name="mapping_period_name_unique")
        ]
        verbose_name = _("mapping period")

    def __str__(self) -> str:
        return self.name

    @property
    def preset_label(self) -> str:
        return preset_label(self.preset)

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINALISED

    def basis(self) -> dict[str, Any]:
        """The settings a run would compute with now."""
        return {"as_of": self.as_of.isoformat(), "config": self.config, "population": self.population}

    @property
    def stale(self) -> bool:
        """Configured again since its results were computed: they no longer follow its settings."""
        return bool(self.run_basis) and _canonical(self.run_basis) != _canonical(self.basis())

    @property
    def results_config(self) -> dict[str, Any]:
        """The configuration the stored results were computed with."""
        return (self.run_basis or {}).get("config", self.config)

    @property
    def results_as_of(self) -> date:
        return date.fromisoformat(self.run_basis["as_of"]) if self.run_basis else self.as_of


class MappingResult(models.Model):
    # No index of its own: the unique (period, employee) and the grid index lead with the period (a run
    # writes every index of every row; docs/performance.md).
    period = models.ForeignKey(
        MappingPeriod, on_delete=models.CASCADE, related_name="results", db_index=False
    )
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="mapping_results")
    performance_level = models.CharField(max_length=8, choices=PerformanceLevel.choices, blank=True)
    performance_evidence = models.JSONField(default=dict, blank=True)  # {"2024": "sesuai", "2025": null}
    jpm = models.FloatField(null=True, blank=True)
    potential_aspect = models.FloatField(null=True, blank=True)
    tr_education = models.FloatField(default=0)
    tr_training = models.FloatField(default=0)
    tr_experience = models.FloatField(default=0)
    tr_integrity = models.FloatField(default=0)
    track_record = models.FloatField(default=0)
    potential_score = models.FloatField(null=True, blank=True)
    potential_level = models.CharField(max_length=8, choices=PotentialLevel.choices, blank=True)
    box = models.PositiveSmallIntegerField(null=True, blank=True, choices=BOX_CHOICES)
    mappable = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True)
    standard_source = models.CharField(max_length=16, blank=True)
    # The evidence the result was computed from, with record ids (rules.mapping.MappingInputs).
    inputs = models.JSONField(default=dict)
    # What the run wrote, as a 64-bit BLAKE2b of the columns above (talent.digests.row_digest): a re-run that
    # computes the same row leaves it alone. A trigger (talent.digests) empties it when anything else
    # updates the row, so a stored digest always describes the row it is on.
    digest = models.BigIntegerField(null=True, editable=False)
    calibrated_box = models.PositiveSmallIntegerField(null=True, blank=True, choices=BOX_CHOICES)
    calibration_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["period", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "employee"], name="mapping_result_unique"),
            models.CheckConstraint(
                condition=Q(mappable=False) | Q(box__isnull=False), name="mapping_result_box"
            ),
        ]
        indexes = [
            # The nine-box counts (talent.views._grid_context): an index-only scan of the period's rows. It
            # also serves a box's people and the talent pool (period, mappable, box or calibrated box), so
            # the former (period, box) index was dropped.
            models.Index(
                fields=["period", "mappable", "box", "calibrated_box"], name="mapping_result_grid_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id}:{self.employee_id} box {self.box}"

    @property
    def final_box(self) -> int | None:
        return final_box(self.box, self.calibrated_box)


class CommitteeMember(models.Model):
    """A member of the instansi's Komite Talenta; one member per instansi is the chair."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="committee")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_seat"
    )
    title = models.CharField(_("title in the committee"), max_length=200, blank=True)
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        ordering = ["-is_chair", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi"], condition=Q(is_chair=True), name="committee_one_chair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({'ketua' if self.is_chair else 'anggota'})"


class Calibration(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        # Decided (or proposed) against a computed box that a later run of the draft changed: the committee
        # judged another basis, so it no longer applies (kept, with its reason, for the record).
        LAPSED = "lapsed", _("Lapsed: the computed box changed")

    result = models.ForeignKey(MappingResult, on_delete=models.CASCADE, related_name="calibrations")
    from_box = models.PositiveSmallIntegerField(choices=BOX_CHOICES)
    to_box = models.PositiveSmallIntegerField(choices=BOX_CHOICES)
    reason = models.TextField(_("reason"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["proposed_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="calibration_reason_required")]

    def __str__(self) -> str:
        return f"{self.result_id}: {self.from_box} → {self.to_box} ({self.status})"


class SuccessionPlan(models.Model):
    position = models.OneToOneField(Position, on_delete=models.CASCADE, related_name="succession_plan")
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return f"Suksesi {self.position}"


class Successor(models.Model):
    plan = models.ForeignKey(SuccessionPlan, on_delete=models.CASCADE, related_name="successors")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="successor_of")
    rank = models.PositiveSmallIntegerField(default=1)
    readiness = models.CharField(max_length=20, choices=Readiness.choices)
    box = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "employee"], name="successor_unique")]

    def __str__(self) -> str:
        return f"{self.employee_id} → {self.plan_id} ({self.readiness})"


class DevelopmentPlan(models.Model):
    """An individual development plan (IDP) of one employee, generated from a mapping result."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        DONE = "done", _("Done")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="development_plans")
    period = models.ForeignKey(
        MappingPeriod, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    box = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    summary = models.TextField(blank=True)
    head_comment = models.TextField(_("comment of the Kepala OPD"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["employee", "period"], name="idp_unique_per_period")]

    def __str__(self) -> str:
        return f"IDP {self.employee_id} ({self.period_id})"


class DevelopmentAction(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        COACHING = "coaching", _("Coaching")
        ROTATION = "rotation", _("Rotation")
        STUDY = "study", _("Study")

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="actions")
    competency = models.CharField(max_length=4, blank=True)  # M1 … S1, or empty for a box action
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.CharField(max_length=300)
    target = models.CharField(_("target"), max_length=300, blank=True)
    due = models.DateField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # 0–100, updated by the employee
    employee_note = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "id"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="idp_progress_max")]

    def __str__(self) -> str:
        return self.description

    @property
    def competency_label(self) -> str:
        """The competency by its name (Integritas, …), not its code."""
        from talenta.people.rules.jabatan import COMPETENCIES

        return COMPETENCIES.get(self.competency, self.competency)


class PoolSharing(models.Model):
    """What an instansi shares of its talent pool (boxes 7-9 of its last finalised period) with the other
    instansi of its region (issue #18). Levels are cumulative; discipline records and narratives are never
    shared at any level. No row, or OFF, means nothing is shared: the instansi is invisible to the others."""

    class Level(models.TextChoices):
        OFF = "off", _("Not shared")
        IDENTITY = "identity", _("Name, NIP and level")
        BOX = "box", _("Name, NIP, level and box")
        READINESS = "readiness", _("… and readiness and the posts ready for")
        COMPETENCY = "competency", _("… and the competency summary")

    instansi = models.OneToOneField(Instansi, on_delete=models.CASCADE, related_name="pool_sharing")
    level = models.CharField(_("visibility level"), max_length=12, choices=Level.choices, default=Level.OFF)
    updated_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.instansi_id}: {self.level}"

    def shows(self, level: str) -> bool:
        order = list(self.Level.values)
        return order.index(self.level) >= order.index(level) and self.level != self.Level.OFF
