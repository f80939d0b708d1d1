"""Placement: vacancies are derived (selectors); what is stored is the filling process, the versioned
requirement tables, ranking runs, proposals, plans, decisions with their evidence snapshots, and batches."""

from __future__ import annotations

import hashlib
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talenta.people.models import Employee, Instansi, Position
from talenta.placement.rules import decision as dr


class RequirementSet(models.Model):
    """One version of one level's requirement table (RULES.md §6). Every edit makes a new version; results
    store the version they used, so an old result can be replayed.

    `instansi` empty: the national default (RULES.md §6, shipped as data by migration 0002). An instansi
    adopts it (has no version of its own for the level) or overrides it with its own versions, which no
    other instansi sees or uses (issue 12)."""

    instansi = models.ForeignKey(
        Instansi,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi"),
    )
    level = models.CharField(_("level"), max_length=20)
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("requirements"))
    note = models.TextField(_("note"), blank=True)
    is_current = models.BooleanField(default=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["level", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "level", "version"], name="reqset_instansi_level_version_unique"
            ),
            models.UniqueConstraint(
                fields=["level", "version"],
                condition=Q(instansi__isnull=True),
                name="reqset_national_level_version_unique",
            ),
            models.UniqueConstraint(
                fields=["instansi", "level"],
                condition=Q(is_current=True),
                name="reqset_one_current_per_instansi",
            ),
            models.UniqueConstraint(
                fields=["level"],
                condition=Q(is_current=True, instansi__isnull=True),
                name="reqset_one_current_national",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} v{self.version}" + ("" if self.instansi_id else " (nasional)")

    @property
    def label(self) -> str:
        """ "jpt_pratama v3 (instansi 2)" or "jpt_pratama v1 (nasional)": what a result records it used."""
        owner = f"instansi {self.instansi_id}" if self.instansi_id else "nasional"
        return f"{self.level} v{self.version} ({owner})"


class MeritException(models.Model):
    """An instansi's merit-system exception (RULES.md §6): it may fill JPT posts by promotion from its talent
    pool instead of open selection (PP 11/2017 Ps. 198(4)), with BKN's approval. Off unless recorded, with
    the approval reference; every change is audited in the instansi."""

    instansi = models.OneToOneField(Instansi, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("active"), default=False)
    reference = models.CharField(_("BKN approval reference"), max_length=200, blank=True)
    since = models.DateField(_("in force from"), null=True, blank=True)
    updated_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(active=False) | (~Q(reference="") & Q(since__isnull=False)),
                name="merit_exception_needs_reference",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instansi_id}: {self.reference or '-'}"

    def applies_on(self, day: date) -> bool:
        return self.active and self.since is not None and self.since <= day


class FillingProcess(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    as_of = models.DateField(_("appointment date assumed"))
    opened_by = models.CharField(max_length=150, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.name


class FillingPost(models.Model):
    class Stage(models.TextChoices):
        OPEN = "open", _("Open")
        PROPOSED = "proposed", _("Proposed by the analyst")
        RECOMMENDED = "recommended", _("Recommended by the committee")
        DECIDED = "decided", _("Decided by the PPK")

    process = models.ForeignKey(FillingProcess, on_delete=models.CASCADE, related_name="posts")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=40)
    vacant_on = models.DateField(_("vacant on"), null=True, blank=True)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.OPEN)
    proposed_by = models.CharField(max_length=150, blank=True)
    proposal_reason = models.TextField(blank=True)
    recommended = models.ForeignKey(
        "Candidacy", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recommended_by = models.CharField(max_length=150, blank=True)
    minutes = models.TextField(_("minutes of the committee"), blank=True)
    recommendation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["process", "position__unit__path"]
        constraints = [models.UniqueConstraint(fields=["process", "position"], name="fillingpost_unique")]

    def __str__(self) -> str:
        return f"{self.process} · {self.position}"


class RankingRun(models.Model):
    """One ranking of one post, with the weights and requirement version it used."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    filling_post = models.ForeignKey(
        FillingPost, null=True, blank=True, on_delete=models.CASCADE, related_name="runs"
    )
    on = models.DateField()
    weights = models.JSONField()
    requirement_set = models.ForeignKey(RequirementSet, on_delete=models.PROTECT, related_name="+")
    pool_size = models.PositiveIntegerField(default=0)
    eligible_count = models.PositiveIntegerField(default=0)
    results = models.JSONField(default=dict)
    duration_ms = models.FloatField(default=0)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"ranking {self.position_id} {self.created_at:%Y-%m-%d %H:%M}"


class Candidacy(models.Model):
    """A candidate proposed for a filling post, with the evidence snapshot as the committee saw it."""

    filling_post = models.ForeignKey(FillingPost, on_delete=models.CASCADE, related_name="candidacies")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField()  # rank in the ranking run
    score = models.DecimalField(max_digits=7, decimal_places=2)
    run = models.ForeignKey(RankingRun, on_delete=models.PROTECT, related_name="+")
    snapshot = models.TextField()  # canonical JSON, never rewritten
    snapshot_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filling_post", "rank", "-score", "pk"]  # ties (rank 999): the better score, then entered
        constraints = [models.UniqueConstraint(fields=["filling_post", "employee"], name="candidacy_unique")]

    def __str__(self) -> str:
        return f"{self.employee_id} for {self.filling_post_id} (#{self.rank})"


class PlacementPlan(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    process = models.ForeignKey(
        FillingProcess, null=True, blank=True, on_delete=models.CASCADE, related_name="plans"
    )
    name = models.CharField(max_length=200)
    positions = models.JSONField()
    depth = models.PositiveSmallIntegerField(default=1)
    options = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    total = models.BigIntegerField(default=0)
    greedy_total = models.BigIntegerField(default=0)
    method = models.CharField(max_length=40, blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class InstallationBatch(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    sk_nomor = models.CharField(_("SK number"), max_length=100)
    sk_date = models.DateField(_("SK date"))
    decided_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-sk_date", "-pk"]

    def __str__(self) -> str:
        return f"SK {self.sk_nomor} ({self.sk_date})"


class Decision(models.Model):
    """The PPK's decision for one person and one post. Its type is derived from data (rules.decision);
    its evidence snapshot is canonical JSON whose sha256 is in the audit chain."""

    class Kind(models.TextChoices):
        ROTASI = dr.ROTASI, "rotasi"
        PROMOSI = dr.PROMOSI, "promosi"
        MUTASI = dr.MUTASI, "mutasi"
        PENETAPAN_KEMBALI = dr.PENETAPAN_KEMBALI, "penetapan kembali"
        PLT = dr.PLT, "Plt"
        PLH = dr.PLH, "Plh"

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    filling_post = models.ForeignKey(
        FillingPost, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    old_position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    old_position_name = models.CharField(max_length=300, blank=True)
    old_unit_name = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    decided_by = models.CharField(max_length=150)
    decided_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason for departing from the ranking"), blank=True)
    ranking_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    mapping_finalised = models.BooleanField(default=False)
    snapshot = models.TextField()
    snapshot_sha256 = models.CharField(max_length=64)
    batch = models.ForeignKey(
        InstallationBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    applied = models.BooleanField(default=False)
    # The day the post fell vacant, kept at installation (the post's own date is cleared then): regional
    # oversight reports how long filled vacancies stayed open, to the installation (the batch's SK date).
    vacant_since = models.DateField(_("vacant since"), null=True, blank=True)

    class Meta:
        ordering = ["batch", "position__unit__path", "position__name", "pk"]  # the lampiran's numbering
        indexes = [models.Index(fields=["instansi", "decided_at"], name="decision_instansi_idx")]

    def __str__(self) -> str:
        return f"{self.employee} → {self.position} ({self.kind})"

    @property
    def snapshot_intact(self) -> bool:
        return hashlib.sha256(self.snapshot.encode()).hexdigest() == self.snapshot_sha256


class Mutasi(models.Model):
    """A move of one employee between two instansi of a region (PP 11/2017 Pasal 190(2)-(3)): the receiving
    BKD proposes, the releasing PPK agrees (or refuses, with a reason), BKN's technical consideration is
    recorded, the Governor decides, and the receiving BKD installs. It belongs to the receiving, the
    releasing and the deciding instansi at once (placement/scopes.py)."""

    class Stage(models.TextChoices):
        PROPOSED = "proposed", _("Proposed by the receiving BKD")
        RELEASED = "released", _("Agreed by the releasing PPK")
        REFUSED = "refused", _("Refused by the releasing PPK")
        BKN_CONSIDERED = "bkn_considered", _("BKN's consideration recorded")
        DECIDED = "decided", _("Decided by the Governor")
        INSTALLED = "installed", _("Installed")

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    from_instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    to_instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")  # whose PPK decides
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")  # the receiving post
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.PROPOSED)
    # The candidate's eligibility and ranking for the receiving post as the proposer saw them (canonical JSON)
    evidence = models.TextField()
    evidence_sha256 = models.CharField(max_length=64)
    proposal_reason = models.TextField(_("reason for the move"), blank=True)
    proposed_by = models.CharField(max_length=150)
    proposed_at = models.DateTimeField(auto_now_add=True)
    released_by = models.CharField(max_length=150, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusing"), blank=True)
    bkn_number = models.CharField(_("number of BKN's technical consideration"), max_length=100, blank=True)
    bkn_date = models.DateField(_("date of BKN's technical consideration"), null=True, blank=True)
    bkn_recorded_by = models.CharField(max_length=150, blank=True)
    sk_nomor = models.CharField(_("number of the Governor's decree"), max_length=100, blank=True)
    sk_date = models.DateField(_("date of the Governor's decree"), null=True, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decision = models.OneToOneField(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="mutasi"
    )
    installed_by = models.CharField(max_length=150, blank=True)
    installed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_instansi=models.F("to_instansi")), name="mutasi_between_two_instansi"
            ),
            models.CheckConstraint(
                condition=~Q(stage="refused") | ~Q(refusal_reason=""), name="mutasi_refusal_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=["bkn_considered", "decided", "installed"])
                | (~Q(bkn_number="") & Q(bkn_date__isnull=False)),
                name="mutasi_bkn_consideration_recorded",
            ),
            # One open move per person at a time.
            models.UniqueConstraint(
                fields=["employee"],
                condition=~Q(stage__in=["refused", "installed"]),
                name="mutasi_one_open_per_employee",
            ),
        ]
        indexes = [
            models.Index(fields=["to_instansi", "stage"], name="mutasi_to_idx"),
            models.Index(fields=["from_instansi", "stage"], name="mutasi_from_idx"),
        ]

    def __str__(self) -> str:
        return f"mutasi {self.employee_id}: {self.from_instansi_id} → {self.to_instansi_id} ({self.stage})"

    @property
    def evidence_intact(self) -> bool:
        return hashlib.sha256(self.evidence.encode()).hexdigest() == self.evidence_sha256
