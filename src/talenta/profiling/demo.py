"""The demo profiling campaign: "Profiling ASN 2025 bersama Kanreg III BKN", 17–21 Nov 2025.

Called by the demo generator after it has built the province (which already holds about 2,300 results
per 12,000 employees, dated before 1 Nov 2025). It selects 936 never-profiled employees (scaled by
size / 12,000), schedules them into 10 waves (2 a day, 08:00-12:00 and 13:00-17:00) with the real
scheduler, records attendance (absentees moved to a later wave, then present) and creates their results
dated on their wave's day, so the coverage screen shows 2,300 + 936 = 3,236 profiled at size 12,000.
Deterministic for a given `seed`.
"""

from __future__ import annotations

import random
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from talenta.core.audit import audit_record
from talenta.core.dbstats import refresh_planner_statistics
from talenta.people.models import Employee, Instansi
from talenta.people.rules import jabatan as jr
from talenta.people.services import marks_collected
from talenta.profiling import selectors, services
from talenta.profiling.imports import ASPECT_KEYS
from talenta.profiling.models import COMPETENCY_FIELDS, Assessment, Campaign, Participant, Wave
from talenta.profiling.rules.jpm import JPM_MAPPING_BANDS, bands_stored, gaps, jpm, mapping_category

NAME = "Profiling ASN 2025 bersama Kanreg III BKN"
START, END = date(2025, 11, 17), date(2025, 11, 21)
BANTEN_PARTICIPANTS, BANTEN_EARLIER, BANTEN_SIZE = 936, 2300, 12000
WAVES, DAYS = 10, 5
SLOTS = ((time(8, 0), time(12, 0)), (time(13, 0), time(17, 0)))
CAT_STANDARD = dict.fromkeys((f.upper() for f in COMPETENCY_FIELDS), 3)


def participants_for(size: int) -> int:
    return max(1, round(BANTEN_PARTICIPANTS * size / BANTEN_SIZE))


EARLIER_UNTIL = date(2025, 10, 31)


def earlier_for(size: int) -> int:
    return round(BANTEN_EARLIER * size / BANTEN_SIZE)


def _align_earlier(*, instansi: Instansi, size: int, rng: random.Random, exclude: list[int]) -> int:
    """Make the number of people profiled before the campaign exactly 2,300 per 12,000 (BANTEN.md), so
    2,300 + 936 = 3,236 is reproducible from data: the generator draws its earlier results at random, so
    top up with earlier CAT results for never-profiled people, or drop the surplus (newest first)."""
    earlier = Assessment.objects.filter(employee__instansi=instansi, assessed_on__lt=START)
    profiled = sorted(set(earlier.values_list("employee_id", flat=True)))
    want = earlier_for(size)
    if len(profiled) > want:
        drop = sorted(rng.sample(profiled, len(profiled) - want))
        with marks_collected(instansi_id=instansi.pk):  # one set of marks, not one per row
            Assessment.objects.filter(employee_id__in=drop, assessed_on__lt=START).delete()
        return want - len(profiled)
    pool = (
        Employee.objects.filter(instansi=instansi, position__isnull=False, status=Employee.Status.PNS)
        .exclude(assessments__isnull=False)
        .exclude(pk__in=exclude)
        .exclude(tmt_cpns__gt=EARLIER_UNTIL)
    )
    ids = sorted(pool.values_list("pk", flat=True))
    chosen = sorted(rng.sample(ids, min(want - len(profiled), len(ids))))
    first_id = (Assessment.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    rows = []
    for i, emp in enumerate(Employee.objects.filter(pk__in=chosen).select_related("position").order_by("pk")):
        base = jr.DEFAULT_STANDARD_LEVEL[jr.Level(emp.position.level)]
        levels = _levels(rng, max(base, 2))
        value = jpm({k.upper(): v for k, v in levels.items()}, CAT_STANDARD).quantize(Decimal("0.000001"))
        potential = Decimal(str(round(min(100.0, max(35.0, rng.gauss(74, 10))), 2)))
        rows.append(
            Assessment(
                pk=first_id + i,
                employee=emp,
                assessed_on=max(
                    date(2023, 1, 2) + (EARLIER_UNTIL - date(2023, 1, 2)) * rng.random(),
                    emp.tmt_cpns or date.min,
                ),
                instrument=Assessment.Instrument.CAT_BKN,
                standard=CAT_STANDARD,
                standard_label="Standar CAT BKN (level 3 untuk kesembilan kompetensi)",
                jpm=value,
                jpm_category=mapping_category(value),
                jpm_bands=bands_stored(JPM_MAPPING_BANDS),
                potential_score=potential,
                potential_category="tinggi"
                if potential >= 85
                else "menengah"
                if potential >= 70
                else "rendah",
                assessor="Tim Asesor Kantor Regional III BKN",
                validity_years=3,
                raw={"sumber": "demo", "program": "profiling sebelum November 2025"},
                **levels,
            )
        )
    Assessment.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _levels(rng: random.Random, base: int) -> dict[str, Decimal]:
    out = {}
    for f in COMPETENCY_FIELDS:
        v = min(5.0, max(1.0, rng.gauss(base + 0.1, 0.55)))
        out[f] = Decimal(str(round(v, 1)))
    return out


@transaction.atomic
def seed(*, instansi: Instansi, seed: int, size: int, as_of: date, progress: Any = None) -> dict[str, int]:
    """Create the demo campaign in `instansi`; returns counts. A second call finds it and adds nothing."""
    if Campaign.objects.filter(instansi=instansi, name=NAME).exists():
        return _counts(0, 0, 0, 0)
    rng = random.Random(seed * 7919 + 11)
    # Explicit ids after the highest existing ones: the same seed gives the same rows, ids included,
    # after a reset (the demo generator's own guarantee).
    campaign_id = (Campaign.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    campaign = services.campaign_create(
        instansi=instansi,
        by=None,
        pk=campaign_id,
        name=NAME,
        start_date=START,
        end_date=END,
        organiser="Badan Kepegawaian Daerah Provinsi Banten bersama Kantor Regional III BKN",
        venue="Gedung Computer Assisted Test, Kantor Regional III BKN, Bandung",
        instrument=Assessment.Instrument.CAT_BKN,
        standard=CAT_STANDARD,
        standard_label="Standar CAT BKN (level 3 untuk kesembilan kompetensi)",
        retirement_margin_months=12,
        validity_years=3,
    )
    want = participants_for(size)
    pool = Employee.objects.filter(instansi=instansi, position__isnull=False, unit__isnull=False)
    pool = pool.exclude(tmt_cpns__gt=START)  # profiled as an ASN, not before his TMT CPNS (issue 13)
    pool, _ = selectors.exclude_retiring(pool.exclude(assessments__isnull=False), campaign)
    ids = sorted(pool.values_list("pk", flat=True))
    chosen = sorted(rng.sample(ids, min(want, len(ids))))
    aligned = _align_earlier(instansi=instansi, size=size, rng=rng, exclude=chosen)
    successors = selectors.succession_candidates(Employee.objects.filter(pk__in=chosen))
    rows = []
    for pk in chosen:
        unavailable = []
        if rng.random() < 0.04:  # a few declared a day they cannot come (leave, duty travel)
            unavailable = [date(2025, 11, 17 + rng.randrange(DAYS)).isoformat()]
        reason = (
            f"Kandidat suksesi jabatan kritikal: {successors[pk]}"
            if pk in successors
            else "Filter: belum pernah diprofil"
        )
        rows.append(Participant(campaign=campaign, employee_id=pk, reason=reason, unavailable=unavailable))
    Participant.objects.bulk_create(rows, batch_size=1000)
    if progress is not None:
        progress.advance(0, f"{len(rows)} peserta profiling")
    if not rows:
        return _counts(1, 0, 0, 0)
    capacity = -(-len(rows) // WAVES) + 5  # a few spare seats for absentees moved to a later wave
    services.campaign_schedule(
        campaign=campaign, by=None, days=DAYS, waves=WAVES, capacity=capacity, slots=SLOTS
    )
    # Each move below counts the waves' seats by the database: planned from the participants just seated.
    refresh_planner_statistics(only=[Participant, Wave])

    parts = list(
        Participant.objects.filter(campaign=campaign).select_related(
            "wave", "employee__position", "employee__unit"
        )
    )
    present, moved = [], 0
    for p in parts:
        roll = rng.random()
        if roll < 0.015 and p.wave.number < WAVES:
            services.attendance_mark(participant=p, attendance="absent", by=None)
            try:
                services.participant_move(participant=p, by=None)
                moved += 1
            except ValidationError:  # no later seat within the rules: he came late to his own wave
                pass
            p.refresh_from_db()
        p.attendance = Participant.Attendance.PRESENT
        p.status = Participant.Status.ATTENDED
        present.append(p)
    Participant.objects.bulk_update(present, ["attendance", "status"], batch_size=1000)

    results = []
    for p in present:
        level = p.employee.position.level if p.employee.position_id else jr.Level.PELAKSANA
        base = jr.DEFAULT_STANDARD_LEVEL[jr.Level(level)]
        levels = _levels(rng, max(base, 2))
        value = jpm({k.upper(): v for k, v in levels.items()}, CAT_STANDARD).quantize(Decimal("0.000001"))
        potential = Decimal(str(round(min(100.0, max(35.0, rng.gauss(74, 10))), 2)))
        category = "tinggi" if potential >= 85 else "menengah" if potential >= 70 else "rendah"
        results.append(
            Assessment(
                employee_id=p.employee_id,
                assessed_on=p.wave.date,
                instrument=Assessment.Instrument.CAT_BKN,
                standard=CAT_STANDARD,
                standard_label=campaign.standard_label,
                jpm=value,
                jpm_category=mapping_category(value, campaign.jpm_bands),
                jpm_bands=bands_stored(campaign.jpm_bands),
                gaps={
                    k: str(v)
                    for k, v in gaps({k.upper(): v for k, v in levels.items()}, CAT_STANDARD).items()
                },
                potential_score=potential,
                potential_aspects={a: str(round(rng.uniform(2.5, 4.5), 1)) for a in ASPECT_KEYS.values()},
                potential_category=category,
                assessor="Tim Asesor Kantor Regional III BKN",
                validity_years=3,
                campaign=campaign,
                raw={"sumber": "demo"},
                **levels,
            )
        )
    first_id = (Assessment.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    for i, a in enumerate(results):
        a.pk = first_id + i
    created = Assessment.objects.bulk_create(results, batch_size=1000)
    _reset_sequences([Campaign, Assessment])
    by_emp = {a.employee_id: a for a in created}
    for p in present:
        p.assessment = by_emp[p.employee_id]
        p.status = Participant.Status.ASSESSED
    Participant.objects.bulk_update(present, ["assessment", "status"], batch_size=1000)
    audit_record(
        actor=None,
        action="profiling.demo_seed",
        target=campaign,
        changes={
            "participants": len(rows),
            "moved": moved,
            "assessments": len(created),
            "earlier_aligned": aligned,
        },
    )
    if progress is not None:
        progress.advance(0, f"{len(created)} hasil profiling")
    return _counts(1, len(rows), WAVES, len(created))


def _reset_sequences(models_: list) -> None:
    """After explicit primary keys, PostgreSQL's sequences must move past them (SQLite tracks it)."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)


def _counts(campaigns: int, participants: int, waves: int, results: int) -> dict[str, int]:
    return {
        "profiling.Campaign": campaigns,
        "profiling.Participant": participants,
        "profiling.Wave": waves,
        "profiling.Assessment (kampanye)": results,
    }


@transaction.atomic
def reset(*, instansi: Instansi) -> None:
    """Delete the campaigns of `instansi` (the demo generator's reset calls this before it removes the
    employees); their results stay with the employees until the generator removes those."""
    campaigns = Campaign.objects.filter(instansi=instansi)
    Participant.objects.filter(campaign__in=campaigns).delete()
    Assessment.objects.filter(campaign__in=campaigns).update(campaign=None)
    campaigns.delete()
