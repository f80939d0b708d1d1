"""Assessment results (competency, potential) that profiling produces and talent mapping consumes."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from talenta.people.models import Employee
from talenta.people.rules.dates import add_years

COMPETENCY_FIELDS = ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "s1")


class Assessment(models.Model):
    """One assessment result of one employee. Levels 1–5 with one decimal; the standard it was scored
    against is stored with it (an assessment centre scores against the post assessed for; BKN's mass
    test uses level 3 for all nine). JPM is stored unrounded."""

    class Instrument(models.TextChoices):
        CAT_BKN = "cat_bkn", _("BKN computer-assisted test")
        ASSESSMENT_CENTRE = "assessment_centre", _("Assessment centre")
        OTHER = "other", _("Other")

    class PotentialCategory(models.TextChoices):
        TINGGI = "tinggi", _("Tinggi")
        MENENGAH = "menengah", _("Menengah")
        RENDAH = "rendah", _("Rendah")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessment date"))
    instrument = models.CharField(max_length=20, choices=Instrument.choices, default=Instrument.CAT_BKN)
    m1 = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    m2 = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    m3 = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    m4 = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    m5 = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    m6 = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    m7 = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    m8 = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    s1 = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    # {"M1": 3, ...}: the standard the levels were scored against.
    standard = models.JSONField(_("competency standard used"), default=dict)
    standard_label = models.CharField(max_length=200, blank=True)
    jpm = models.DecimalField(_("JPM"), max_digits=12, decimal_places=6, null=True, blank=True)
    # The potential-aspect score 0–100 and the eight aspects as delivered.
    potential_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    potential_aspects = models.JSONField(default=dict, blank=True)
    potential_category = models.CharField(max_length=10, choices=PotentialCategory.choices, blank=True)
    digital_literacy = models.JSONField(default=dict, blank=True)
    emerging_skills = models.JSONField(default=dict, blank=True)
    strengths = models.TextField(blank=True)
    development_areas = models.TextField(blank=True)
    conclusion = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    assessor = models.CharField(max_length=200, blank=True)
    validity_years = models.PositiveSmallIntegerField(default=3)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["employee", "-assessed_on"]
        indexes = [models.Index(fields=["employee", "assessed_on"], name="assessment_emp_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "assessed_on", "instrument"], name="assessment_unique_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.assessed_on} {self.instrument}"

    @property
    def levels(self) -> dict[str, object]:
        return {f.upper(): getattr(self, f) for f in COMPETENCY_FIELDS}

    @property
    def valid_until(self) -> date:
        return add_years(self.assessed_on, self.validity_years)

    def is_valid_on(self, day: date) -> bool:
        return self.assessed_on <= day < self.valid_until
