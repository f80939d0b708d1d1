"""The merit-system self-assessment (RULES.md §8): versioned questionnaires, one assessment per instansi and
year with its answers (proposed by Talenta where it can, accepted or overridden with a reason) and the
evidence (*bukti dukung*) files and links."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from talenta.people.models import Instansi


class Questionnaire(models.Model):
    """One version of the questionnaire: aspects, questions, the meaning of each score and the evidence
    each needs, as loaded (validated) from a JSON file or the official Excel worksheet."""

    # Empty: the national version (shipped, or loaded with `talenta merit-questionnaire load`), which every
    # instansi uses until it imports its own; an Admin's import belongs to his instansi only (issue #12).
    instansi = models.ForeignKey(
        "people.Instansi", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.CharField(_("version"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    data = models.JSONField(_("questionnaire"))  # {"aspects": [{"code", "name", "questions": [...]}]}
    sha256 = models.CharField(max_length=64)
    is_current = models.BooleanField(default=True)
    loaded_by = models.CharField(max_length=150, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True, instansi__isnull=True),
                name="merit_one_current_national",
            ),
            models.UniqueConstraint(
                fields=["instansi", "is_current"],
                condition=Q(is_current=True, instansi__isnull=False),
                name="merit_one_current_per_instansi",
            ),
            models.UniqueConstraint(
                fields=["version"], condition=Q(instansi__isnull=True), name="merit_version_national"
            ),
            models.UniqueConstraint(
                fields=["instansi", "version"],
                condition=Q(instansi__isnull=False),
                name="merit_version_per_instansi",
            ),
        ]
        verbose_name = _("merit questionnaire")

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    def questions(self) -> list[dict]:
        return [
            dict(q, aspect=a["code"], aspect_name=a["name"])
            for a in self.data["aspects"]
            for q in a["questions"]
        ]


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Reviewed")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    # Usernames as text: the record must outlive the accounts.
    submitted_by = models.CharField(max_length=150, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "year"], name="merit_assessment_year_unique")
        ]
        verbose_name = _("merit self-assessment")

    def __str__(self) -> str:
        return f"Sistem Merit {self.year}"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    code = models.CharField(_("question"), max_length=16)
    order = models.PositiveSmallIntegerField(default=0)
    # Talenta's proposal for an automatic question, with the facts it counted (null: a manual question).
    proposed_score = models.PositiveSmallIntegerField(null=True, blank=True)
    proposed_evidence = models.JSONField(default=dict, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    override_reason = models.TextField(_("reason for overriding the proposal"), blank=True)
    note = models.TextField(_("note"), blank=True)
    answered_by = models.CharField(max_length=150, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="merit_answer_unique"),
            models.CheckConstraint(condition=Q(score__lte=4), name="merit_answer_score_range"),
            models.CheckConstraint(condition=Q(proposed_score__lte=4), name="merit_answer_proposed_range"),
            # Departing from Talenta's proposal needs a reason.
            models.CheckConstraint(
                condition=Q(score__isnull=True)
                | Q(proposed_score__isnull=True)
                | Q(score=F("proposed_score"))
                | ~Q(override_reason=""),
                name="merit_answer_override_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}:{self.code} = {self.score}"

    @property
    def overridden(self) -> bool:
        return (
            self.proposed_score is not None and self.score is not None and self.score != self.proposed_score
        )


class Evidence(models.Model):
    """A *bukti dukung*: an uploaded file (kept under VAR_DIR/merit/<instansi>/, served by a scoped view)
    or a link."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    path = models.CharField(max_length=300, blank=True)  # relative to VAR_DIR
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.CharField(max_length=150, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answer", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(url="") | ~Q(path=""), name="merit_evidence_file_or_link")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_file(self) -> bool:
        return bool(self.path)
