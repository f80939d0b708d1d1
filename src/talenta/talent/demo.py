"""Demo data of talent mapping, called by `talenta demo` after the province and its assessments exist:
the Komite Talenta, a FINALISED period "Pemetaan Talenta 2025" (as of 2025-12-31) with a few
calibrations, a draft period "Pemetaan Talenta 2026", succession plans of critical posts and some IDPs.

Deterministic for a given seed (records are chosen from sorted ids with `random.Random(seed)`)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from talenta.people.models import Instansi, Position
from talenta.talent import services
from talenta.talent.models import (
    Calibration,
    CommitteeMember,
    DevelopmentAction,
    DevelopmentPlan,
    MappingPeriod,
    MappingResult,
    SuccessionPlan,
)

COMMITTEE = (
    ("komite-sekda", "Ketua Komite Talenta (Sekretaris Daerah)", True),
    ("komite-bkd", "Sekretaris Komite Talenta (Kepala BKD)", False),
    ("komite", "Anggota Komite Talenta", False),
)
FINAL_NAME, DRAFT_NAME = "Pemetaan Talenta 2025", "Pemetaan Talenta 2026"
REASONS_UP = (
    "Berdasarkan rekam jejak penugasan lintas OPD dan testimoni atasan langsung, kinerja riil di atas yang "
    "tercatat pada SKP.",
    "Hasil asesmen tahun berjalan menunjukkan peningkatan kompetensi manajerial yang belum tercermin.",
    "Memimpin tim percepatan program prioritas daerah dengan hasil terukur.",
)
REASONS_DOWN = (
    "Sedang menjalani pemeriksaan dugaan pelanggaran disiplin; komite menempatkan pada kotak yang lebih "
    "rendah sampai ada putusan.",
    "Baru dimutasi ke jabatan dengan beban kerja berbeda; kinerja tahun terakhir belum sebanding.",
)


def _committee(instansi: Instansi) -> dict[str, Any]:
    from talenta.accounts.models import User

    users = {}
    for username, title, chair in COMMITTEE:
        user = User.objects.filter(username=username).first()
        if user is None:
            # The demo's account step sets the password later; until then nobody can log in as this user.
            user = User(username=username, role="komite", instansi=instansi)
            user.set_unusable_password()
            user.save()
        services.committee_set(instansi=instansi, user=user, is_chair=chair, title=title)
        users[username] = user
    return users


# The demo's periods keep the potential score on its 0–100 scale (issue 13: `talenta check-data` finds no
# potential score above 100 in the demo).
DEMO_CONFIG = {"jpm_score_cap": 100}


def seed(*, instansi: Instansi, seed: int, size: int, as_of: date, progress: Any = None) -> dict[str, int]:
    rng = random.Random(f"{seed}:talent")
    with transaction.atomic():
        users = _committee(instansi)
        if progress:
            progress.advance(0, "pemetaan talenta 2025")
        final = MappingPeriod.objects.filter(instansi=instansi, name=FINAL_NAME).first()
        if final is None:
            final = services.period_create(
                instansi=instansi, name=FINAL_NAME, as_of=date(2025, 12, 31), config=DEMO_CONFIG
            )
            services.period_run(period=final)
            _calibrate(final, users, rng)
            services.period_finalise(period=final, by=users["komite-sekda"])
            MappingPeriod.objects.filter(pk=final.pk).update(
                finalised_at=datetime(2026, 1, 20, 3, 0, tzinfo=UTC)
            )
        if progress:
            progress.advance(0, "pemetaan talenta 2026")
        draft = MappingPeriod.objects.filter(instansi=instansi, name=DRAFT_NAME).first()
        if draft is None:
            draft = services.period_create(
                instansi=instansi, name=DRAFT_NAME, as_of=as_of, config=DEMO_CONFIG
            )
            services.period_run(period=draft)
        plans = _succession(instansi, as_of)
        idps = _idps(final, rng, as_of)
    return {
        "talent.MappingPeriod": 2,
        "talent.MappingResult": MappingResult.objects.filter(period__instansi=instansi).count(),
        "talent.Calibration": Calibration.objects.filter(result__period=final).count(),
        "talent.CommitteeMember": CommitteeMember.objects.filter(instansi=instansi).count(),
        "talent.SuccessionPlan": plans,
        "talent.DevelopmentPlan": idps,
    }


def _calibrate(period: MappingPeriod, users: dict[str, Any], rng: random.Random) -> None:
    ids = sorted(MappingResult.objects.filter(period=period, mappable=True).values_list("pk", flat=True))
    for i, pk in enumerate(rng.sample(ids, min(6, len(ids)))):
        r = MappingResult.objects.select_related("period", "employee").get(pk=pk)
        up = r.box in (5, 6, 8, 4, 2, 3) and i % 3 != 2
        to = (
            {5: 7, 6: 8, 8: 9, 4: 7, 2: 5, 3: 5}.get(r.box, 5)
            if up
            else max(1, r.box - 3)
            if r.box > 3
            else 5
        )
        if to == r.box:
            continue
        cal = services.calibration_propose(
            result=r,
            to_box=to,
            reason=(REASONS_UP if to > r.box else REASONS_DOWN)[i % 2],
            by=users["komite-bkd"],
        )
        services.calibration_decide(
            calibration=cal,
            confirm=i != 4,
            by=users["komite-sekda"],
            note="Disepakati dalam rapat komite." if i != 4 else "Bukti belum memadai.",
        )


def _succession(instansi: Instansi, as_of: date) -> int:
    posts = list(Position.objects.filter(instansi=instansi, is_critical=True).order_by("pk")[:40])
    n = 0
    pools: dict = {}  # each level's talent pool read once, not once per post
    for p in posts:
        if SuccessionPlan.objects.filter(position=p).exists() or p.level not in (
            "jpt_pratama",
            "administrator",
            "pengawas",
        ):
            continue
        try:
            named = services.succession_build(position=p, by=None, today=as_of, limit=3, pools=pools)
        except ValidationError:  # no finalised period or no pool for the level: no plan in the demo
            named = []
        n += bool(named)
    return n


def _idps(period: MappingPeriod, rng: random.Random, as_of: date) -> int:
    ids = sorted(MappingResult.objects.filter(period=period, mappable=True).values_list("pk", flat=True))
    made = 0
    for pk in rng.sample(ids, min(25, len(ids))):
        r = MappingResult.objects.select_related("period", "employee").get(pk=pk)
        if DevelopmentPlan.objects.filter(employee=r.employee, period=period).exists():
            continue
        plan = services.idp_generate(result=r, by=None, due=date(as_of.year + 1, 6, 30))
        for a in plan.actions.all()[:2]:
            DevelopmentAction.objects.filter(pk=a.pk).update(progress=rng.choice((0, 25, 50, 75, 100)))
        made += 1
    return made


def reset(*, instansi: Instansi) -> None:
    """Delete this instansi's talent data (calibrations protect their users)."""
    Calibration.objects.filter(result__period__instansi=instansi).delete()
    DevelopmentPlan.objects.filter(employee__instansi=instansi).delete()
    SuccessionPlan.objects.filter(position__instansi=instansi).delete()
    MappingPeriod.objects.filter(instansi=instansi).delete()
    CommitteeMember.objects.filter(instansi=instansi).delete()
