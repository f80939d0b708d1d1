"""The facts Talenta counts for the automatic questions of one instansi and year, read from the other
apps' tables, and the proposal each rule makes from them (docs/merit.md lists each source).

`compute(instansi_id, year, today)` returns {auto key: Computed}; each Computed keeps the rule's proposal,
the counted facts and the records (with their ids) a reviewer can follow."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _

from talenta.merit.rules import scoring as r
from talenta.people.models import Employee, Position, Predikat, SkpHistory
from talenta.people.rules import performance as perf
from talenta.placement.models import Decision
from talenta.placement.quality import distribution_settings
from talenta.placement.rules import decision as dr
from talenta.profiling.models import Assessment
from talenta.profiling.rules import validity as assessment_validity
from talenta.siasn.models import ImportRun
from talenta.talent.models import (
    Calibration,
    CommitteeMember,
    DevelopmentAction,
    DevelopmentPlan,
    MappingPeriod,
    MappingResult,
)

ACTING = (dr.PLT, dr.PLH)

FACT_LABELS = {
    "committee_members": _("Members of the Komite Talenta"),
    "pns": _("PNS of the instansi"),
    "mapped": _("PNS mapped in a finalised period of the year"),
    "mapped_share": _("Share mapped (%)"),
    "finalised_periods": _("Finalised mapping periods (years)"),
    "valid_instrument": _("Mapped with potential from a valid assessment"),
    "calibration_meetings": _("Calibrations decided by the committee"),
    "mapped_with_idp": _("Mapped employees with an IDP"),
    "pool_placements": _("Appointments through the talent pool"),
    "with_skp": _("PNS with an SKP of the year"),
    "skp_share": _("SKP coverage (%)"),
    "predikat": _("Predikat distribution"),
    "baik_share": _('Share "Baik" (%)'),
    "max_baik_share": _('Allowed share "Baik" (%), the distribution guide'),
    "setting_from": _("Setting taken from the mapping period"),
    "appointments": _("Definitive structural appointments of the year"),
    "via_pool": _("Of which through a filling process (talent pool)"),
    "via_pool_share": _("Share through the talent pool (%)"),
    "snapshots_intact": _("Evidence snapshots intact"),
    "filled": _("Vacancies filled in the year"),
    "median_days": _("Median days from vacancy to decision"),
    "with_valid_assessment": _("PNS with a valid assessment at year end"),
    "assessment_share": _("Assessment coverage (%)"),
    "mean_assessment_age": _("Mean age of the latest assessment (years)"),
    "with_idp": _("Employees with an IDP"),
    "idp_share": _("Share of the mapped with an IDP (%)"),
    "mean_progress": _("Mean progress of IDP actions (%)"),
    "last_import": _("Last successful SIASN import"),
    "days_since_import": _("Days from the last import to the end of the year"),
    "imports": _("Successful SIASN imports in the year"),
    "completeness": _("Data completeness (%)"),
    "has_golongan": _("PNS with a golongan"),
    "has_tmt_golongan": _("PNS with a TMT golongan"),
    "has_position": _("PNS with a post"),
    "has_education": _("PNS with an education level"),
    "has_nik": _("PNS with a NIK"),
    "has_discipline": _("PNS whose discipline history was checked"),
    "has_skp": _("PNS with an SKP of the year"),
}
CHECK_LABELS = {
    "committee": _("A Komite Talenta is set up"),
    "some_mapped": _("Some staff are mapped"),
    "all_mapped": _("At least 95 per cent of PNS are mapped"),
    "periodic": _("Mapped in this year and the year before (finalised periods)"),
    "valid_instruments": _("At least 80 per cent of the mapped have potential from a valid assessment"),
    "calibrated": _("The committee calibrated the mapping (minutes)"),
    "idp_used": _("At least half of the mapped have an IDP"),
    "pool_placements": _("Posts were filled from the talent pool"),
    "skp_coverage": _("At least half of PNS have an SKP of the year"),
    "has_skp": _("SKP of the year recorded"),
    "baik_share": _('"Baik" within the allowed share (the distribution guide)'),
    "has_low": _('At least one "Butuh Perbaikan" or "Kurang"'),
    "via_pool": _("Some posts were filled through the talent pool"),
    "snapshots_intact": _("Every decision's evidence snapshot matches its hash"),
    "has_filled": _("Vacancies with a vacancy date were filled"),
    "assessed": _("Some PNS have a valid assessment"),
    "has_idp": _("Some employees have an IDP"),
    "progress": _("Mean progress of IDP actions at least 50%"),
    "imported": _("Data were imported from SIASN"),
    "completeness": _("Data completeness at least 50%"),
}
SOURCES = {
    "talent_mapping": _(
        "Talent mapping: committee members, finalised mapping periods and their results, calibrations, "
        "IDPs, placement decisions from a filling process."
    ),
    "skp_coverage": _("SKP histories (SIASN rw-skp22) of the year, PNS only."),
    "predikat_distribution": _(
        "Predikat of the SKP histories of the year, against PermenPANRB 6/2022's guide."
    ),
    "promotion": _(
        "Placement decisions of the year (not Plt/Plh) for structural posts, with their snapshots."
    ),
    "vacancy_time": _("Filling posts' vacancy date to the PPK's decision date."),
    "assessment_coverage": _("Assessment results (date and validity) of PNS."),
    "idp": _("Development plans of the year's mapping periods and the progress of their actions."),
    "siasn_sync": _("The SIASN import log (successful, not dry runs)."),
    "data_completeness": _(
        "Share of PNS with golongan, TMT golongan, post, education, NIK, discipline check, SKP of the year."
    ),
}


@dataclass
class Computed:
    key: str
    score: int
    facts: dict[str, Any]
    checks: list[dict[str, Any]]
    records: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "facts": self.facts, "checks": self.checks, "records": self.records}


def _pct(part: int, whole: int) -> float:
    return round(100 * r.share(part, whole), 1)


def _out(
    key: str, p: r.Proposal, facts: dict[str, Any], records: list[dict[str, Any]] | None = None
) -> Computed:
    return Computed(key, p.score, facts, [asdict(c) for c in p.checks], records or [])


def _pns(instansi_id: int) -> Any:
    return Employee.objects.filter(instansi_id=instansi_id, status=Employee.Status.PNS)


def _mapping(instansi_id: int, year: int, pns: int) -> tuple[Computed, dict[str, Any]]:
    results = MappingResult.objects.filter(
        period__instansi_id=instansi_id,
        period__status="finalised",
        period__as_of__year=year,
        mappable=True,
        employee__status=Employee.Status.PNS,
    )
    mapped_ids = set(results.values_list("employee_id", flat=True))
    # Filters on the mapped people take the query, not the ids: hundreds of thousands of ids as parameters
    # exceed SQLite's limit (the 1M demo stopped here) and cost PostgreSQL a huge statement.
    mapped_query = results.values("employee_id")
    valid_ids = set(results.filter(jpm__isnull=False).values_list("employee_id", flat=True))
    periods = list(
        MappingPeriod.objects.filter(
            instansi_id=instansi_id, status="finalised", as_of__year__in=(year - 1, year)
        ).values("pk", "name", "as_of")
    )
    year_periods = [p["pk"] for p in periods if p["as_of"].year == year]
    calibrations = Calibration.objects.filter(result__period_id__in=year_periods).exclude(status="proposed")
    idp_ids = set(
        DevelopmentPlan.objects.filter(period_id__in=year_periods, employee_id__in=mapped_query).values_list(
            "employee_id", flat=True
        )
    )
    placements = Decision.objects.filter(
        instansi_id=instansi_id, decided_at__year=year, filling_post__isnull=False
    ).exclude(kind__in=ACTING)
    facts = r.MappingFacts(
        committee_members=CommitteeMember.objects.filter(instansi_id=instansi_id).count(),
        pns=pns,
        mapped=len(mapped_ids),
        finalised_years=frozenset(p["as_of"].year for p in periods),
        year=year,
        valid_instrument=len(valid_ids),
        calibration_meetings=calibrations.count(),
        mapped_with_idp=len(idp_ids),
        pool_placements=placements.count(),
    )
    shown = {
        "committee_members": facts.committee_members,
        "pns": pns,
        "mapped": facts.mapped,
        "mapped_share": _pct(facts.mapped, pns),
        "finalised_periods": ", ".join(str(y) for y in sorted(facts.finalised_years)) or "-",
        "valid_instrument": facts.valid_instrument,
        "calibration_meetings": facts.calibration_meetings,
        "mapped_with_idp": facts.mapped_with_idp,
        "pool_placements": facts.pool_placements,
    }
    records = [
        {"kind": "mapping_period", "id": p["pk"], "label": p["name"], "date": p["as_of"].isoformat()}
        for p in periods
    ]
    return _out("talent_mapping", r.talent_mapping(facts), shown, records), {
        "mapped_ids": mapped_ids,
        "mapped_query": mapped_query,
        "year_periods": year_periods,
    }


def _performance(instansi_id: int, year: int, pns: int) -> list[Computed]:
    skp = SkpHistory.objects.filter(
        employee__instansi_id=instansi_id, employee__status=Employee.Status.PNS, year=year
    )
    with_skp = skp.values("employee_id").distinct().count()
    # One predikat per person, his year's SKP: a corrected record replaces the first, never counts twice.
    per_person = perf.skp_of_each_year(
        skp.values_list("employee_id", "predikat", "pk"), year=itemgetter(0), record_id=itemgetter(2)
    )
    counts = Counter(pred for _eid, pred, _pk in per_person.values())
    coverage = _out(
        "skp_coverage",
        r.skp_coverage(pns=pns, with_skp=with_skp),
        {"pns": pns, "with_skp": with_skp, "skp_share": _pct(with_skp, pns)},
    )
    total = sum(counts.values())
    # The guide's share is the instansi's setting (its latest finalised mapping period), as the data-quality
    # check reads it: one setting for both.
    max_share, setting_from = distribution_settings({instansi_id})[instansi_id]
    distribution = _out(
        "predikat_distribution",
        r.predikat_distribution(counts, float(max_share)),
        {
            "with_skp": total,
            "predikat": {k: counts.get(k, 0) for k in Predikat.values},
            "baik_share": _pct(counts.get("baik", 0), total),
            "max_baik_share": float(max_share) * 100,
            "setting_from": setting_from or "-",
        },
    )
    return [coverage, distribution]


def _placement(instansi_id: int, year: int) -> list[Computed]:
    decisions = list(
        Decision.objects.filter(
            instansi_id=instansi_id, decided_at__year=year, position__kind=Position.Kind.STRUKTURAL
        )
        .exclude(kind__in=ACTING)
        .select_related("position", "filling_post")
        .order_by("decided_at", "pk")
    )
    via_pool = [d for d in decisions if d.filling_post_id]
    intact = all(d.snapshot_intact for d in decisions)
    records = [
        {
            "kind": "decision",
            "id": d.pk,
            "label": f"{d.position.name} ({d.get_kind_display()})",
            "date": d.decided_at.date().isoformat(),
            "sha256": d.snapshot_sha256,
            "via_pool": bool(d.filling_post_id),
            "intact": d.snapshot_intact,
        }
        for d in decisions
    ]
    promotion = _out(
        "promotion",
        r.promotion(appointments=len(decisions), via_pool=len(via_pool), snapshots_intact=intact),
        {
            "appointments": len(decisions),
            "via_pool": len(via_pool),
            "via_pool_share": _pct(len(via_pool), len(decisions)),
            "snapshots_intact": intact,
        },
        records,
    )
    days = [
        (d.decided_at.date() - d.filling_post.vacant_on).days
        for d in via_pool
        if d.filling_post.vacant_on and d.decided_at.date() >= d.filling_post.vacant_on
    ]
    m = r.median(days)
    vacancy = _out(
        "vacancy_time",
        r.vacancy_time(days),
        {"filled": len(days), "median_days": m if m is not None else "-"},
    )
    return [promotion, vacancy]


def _assessments(instansi_id: int, year: int, pns: int, end: date) -> Computed:
    latest: dict[int, tuple[date, int]] = {}
    rows = (
        Assessment.objects.filter(
            employee__instansi_id=instansi_id, employee__status=Employee.Status.PNS, assessed_on__lte=end
        )
        .order_by("employee_id", *Assessment.NEWEST_FIRST)
        .values_list("employee_id", "assessed_on", "validity_years")
    )
    for eid, on, validity in rows.iterator(chunk_size=5000):
        latest.setdefault(eid, (on, validity))
    # Valid at the end of the year (`profiling.rules.validity`, as on the Beranda).
    valid = [on for on, v in latest.values() if assessment_validity.is_valid(on, v, end)]
    ages = [(end - on).days / 365.25 for on, _v in latest.values()]
    return _out(
        "assessment_coverage",
        r.assessment_coverage(pns=pns, with_valid=len(valid)),
        {
            "pns": pns,
            "with_valid_assessment": len(valid),
            "assessment_share": _pct(len(valid), pns),
            "mean_assessment_age": round(sum(ages) / len(ages), 1) if ages else "-",
        },
    )


def _idp(mapping: dict[str, Any]) -> Computed:
    mapped = mapping["mapped_ids"]
    plans = DevelopmentPlan.objects.filter(
        period_id__in=mapping["year_periods"], employee_id__in=mapping["mapped_query"]
    )
    with_idp = plans.values("employee_id").distinct().count()
    progress = DevelopmentAction.objects.filter(plan__in=plans).aggregate(m=Avg("progress"))["m"] or 0
    return _out(
        "idp",
        r.idp(mapped=len(mapped), with_idp=with_idp, mean_progress=float(progress)),
        {
            "mapped": len(mapped),
            "with_idp": with_idp,
            "idp_share": _pct(with_idp, len(mapped)),
            "mean_progress": round(float(progress), 1),
        },
    )


def _siasn(instansi_id: int, year: int, end: date) -> Computed:
    runs = ImportRun.objects.filter(
        instansi_id=instansi_id, status=ImportRun.Status.SUCCEEDED, dry_run=False, finished_at__date__lte=end
    )
    last = runs.order_by("-finished_at").first()
    days = (end - last.finished_at.date()).days if last else None
    records = []
    if last:
        records.append(
            {
                "kind": "siasn_import",
                "id": last.pk,
                "label": str(last),
                "date": last.finished_at.date().isoformat(),
            }
        )
    return _out(
        "siasn_sync",
        r.siasn_sync(days),
        {
            "last_import": last.finished_at.date().isoformat() if last else "-",
            "days_since_import": days if days is not None else "-",
            "imports": runs.filter(finished_at__year=year).count(),
        },
        records,
    )


def _completeness(instansi_id: int, year: int, pns: int) -> Computed:
    agg = _pns(instansi_id).aggregate(
        golongan=Count("pk", filter=~Q(golongan="")),
        tmt_golongan=Count("pk", filter=Q(tmt_golongan__isnull=False)),
        position=Count("pk", filter=Q(position__isnull=False) | Q(tmt_jabatan__isnull=False)),
        education=Count("pk", filter=~Q(education_level="")),
        nik=Count("pk", filter=~Q(nik="")),
        discipline=Count("pk", filter=Q(discipline_checked_at__isnull=False)),
    )
    agg["skp"] = (
        SkpHistory.objects.filter(
            employee__instansi_id=instansi_id, employee__status=Employee.Status.PNS, year=year
        )
        .values("employee_id")
        .distinct()
        .count()
    )
    percent = round(sum(100 * r.share(v, pns) for v in agg.values()) / len(agg), 1) if pns else 0.0
    facts = {"pns": pns, "completeness": percent, **{f"has_{k}": v for k, v in agg.items()}}
    return _out("data_completeness", r.data_completeness(percent), facts)


def compute(*, instansi_id: int, year: int, today: date) -> dict[str, Computed]:
    """Every automatic question's proposal for `instansi_id` and `year`, as of the end of the year (or
    `today` while the year runs)."""
    end = min(date(year, 12, 31), today)
    pns = _pns(instansi_id).count()
    mapping, ctx = _mapping(instansi_id, year, pns)
    out = [mapping, *_performance(instansi_id, year, pns), *_placement(instansi_id, year)]
    out += [_assessments(instansi_id, year, pns, end), _idp(ctx), _siasn(instansi_id, year, end)]
    out.append(_completeness(instansi_id, year, pns))
    return {c.key: c for c in out}
