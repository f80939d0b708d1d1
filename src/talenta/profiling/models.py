"""Assessment results (competency, potential) that profiling produces and talent mapping consumes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from talenta.people.models import Employee
from talenta.profiling.rules import validity
from talenta.profiling.rules.jpm import MAPPING_LABELS, bands_of, mapping_bands

# RULES.md §3 mapping categories: regulated names, shown verbatim.
JPM_CATEGORY_LABELS = MAPPING_LABELS
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
    # RULES.md §3: the mapping category of the unrounded JPM and the gap per competency, kept with it.
    jpm_category = models.CharField(_("JPM category"), max_length=16, blank=True)
    # The mapping bands the category was given with (configurable per campaign, RULES.md §3), so that it
    # can be replayed: {"optimal": "90", "cukup_optimal": "78"}; empty = the defaults.
    jpm_bands = models.JSONField(_("JPM mapping bands used"), default=dict, blank=True)
    gaps = models.JSONField(_("gaps"), default=dict, blank=True)
    campaign = models.ForeignKey(
        "profiling.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments"
    )

    # "His latest assessment" wherever one is picked (nine-box, placement, merit, succession, profile): the
    # latest date, and of two on one day (one per instrument) the last entered.
    NEWEST_FIRST = ("-assessed_on", "-pk")

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
    def mapping_bands(self) -> dict[str, Decimal]:
        """The JPM mapping bands this result was categorised with (the defaults for an older result)."""
        return bands_of(self.jpm_bands)

    @property
    def jpm_category_label(self) -> str:
        return JPM_CATEGORY_LABELS.get(self.jpm_category, self.jpm_category)

    @property
    def valid_until(self) -> date:
        """The last day the result counts (`profiling.rules.validity`)."""
        return validity.last_valid_day(self.assessed_on, self.validity_years)

    @property
    def expires_on(self) -> date:
        """The first day the result no longer counts."""
        return validity.expires_on(self.assessed_on, self.validity_years)

    def is_valid_on(self, day: date) -> bool:
        return validity.is_valid(self.assessed_on, self.validity_years, day)


class Campaign(models.Model):
    """A profiling programme, e.g. "Profiling ASN 2025 bersama Kanreg III BKN", 17–21 Nov 2025."""

    instansi = models.ForeignKey(
        "people.Instansi", on_delete=models.PROTECT, related_name="profiling_campaigns"
    )
    name = models.CharField(_("name"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    instrument = models.CharField(
        _("instrument"),
        max_length=20,
        choices=Assessment.Instrument.choices,
        default=Assessment.Instrument.CAT_BKN,
    )
    # {"M1": 3, ...}; empty = the standard of each participant's post (an assessment centre's way).
    standard = models.JSONField(_("competency standard used"), default=dict, blank=True)
    standard_label = models.CharField(_("competency standard label"), max_length=200, blank=True)
    max_per_opd_per_wave = models.PositiveSmallIntegerField(
        _("maximum per OPD per wave"), null=True, blank=True
    )
    # People retiring before results would be usable are left out: retiring before end + N months.
    retirement_margin_months = models.PositiveSmallIntegerField(_("retirement margin (months)"), default=12)
    validity_years = models.PositiveSmallIntegerField(_("validity of results (years)"), default=3)
    # RULES.md §3's JPM mapping bands (configurable): Optimal ≥ 90, Cukup Optimal 78–<90 by default. Each
    # result imported for the campaign keeps the bands its category was given with.
    jpm_optimal = models.DecimalField(_("JPM Optimal from"), max_digits=6, decimal_places=2, default=90)
    jpm_cukup_optimal = models.DecimalField(
        _("JPM Cukup Optimal from"), max_digits=6, decimal_places=2, default=78
    )
    # A campaign run for the region (issue #18): the other instansi of the region taking part. Each sees the
    # campaign and manages its own participants; the organiser (`instansi`) sees them all.
    partners = models.ManyToManyField(
        "people.Instansi", blank=True, related_name="joint_campaigns", verbose_name=_("partner instansi")
    )
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="campaign_dates"
            ),
            models.CheckConstraint(
                condition=models.Q(jpm_cukup_optimal__gt=0, jpm_optimal__gt=models.F("jpm_cukup_optimal")),
                name="campaign_jpm_bands",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def jpm_bands(self) -> dict[str, Decimal]:
        return mapping_bands(self.jpm_optimal, self.jpm_cukup_optimal)


class Wave(models.Model):
    """A gelombang: one session of a campaign on one day and time slot."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField(_("wave"))
    date = models.DateField(_("date"))
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    capacity = models.PositiveIntegerField(_("capacity"))

    class Meta:
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="wave_unique_number")]

    def __str__(self) -> str:
        return f"Gelombang {self.number}"


class Participant(models.Model):
    class Attendance(models.TextChoices):
        PENDING = "", _("Not yet marked")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    class Status(models.TextChoices):
        SELECTED = "selected", _("Selected")
        SCHEDULED = "scheduled", _("Scheduled")
        ATTENDED = "attended", _("Attended")
        ASSESSED = "assessed", _("Result received")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participants")
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="profiling_entries"
    )
    reason = models.CharField(_("reason"), max_length=300)
    wave = models.ForeignKey(
        Wave, null=True, blank=True, on_delete=models.SET_NULL, related_name="participants"
    )
    pinned = models.BooleanField(_("pinned to its wave"), default=False)
    unavailable = models.JSONField(_("unavailable dates"), default=list, blank=True)  # ["2025-11-17", ...]
    attendance = models.CharField(
        _("attendance"), max_length=8, choices=Attendance.choices, blank=True, default=""
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SELECTED)
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["campaign", models.F("wave__number").asc(nulls_last=True), "employee__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "employee"], name="participant_unique_per_campaign")
        ]
        indexes = [models.Index(fields=["campaign", "wave"], name="participant_campaign_wave_idx")]

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.campaign_id}"
