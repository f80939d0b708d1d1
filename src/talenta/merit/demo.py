"""Demo data of the merit self-assessment (called by `talenta demo` after the other apps' demo data): the
2024 self-assessment (for the year-on-year comparison) and the 2025 one of the demo instansi, with
Talenta's computed evidence, the proposals accepted, one overridden with a reason (2025), the manual
questions answered with (synthetic) evidence links; each submitted by the analyst, reviewed by the admin."""

from __future__ import annotations

import random
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.db import transaction

from talenta.merit import services
from talenta.merit.models import Answer, Assessment, Evidence
from talenta.people.models import Instansi

YEAR = 2025
OVERRIDE_CODE = "8.1"  # SIASN synchronisation: the demo has no import log, the BKD synchronised elsewhere
OVERRIDE_REASON = (
    "Sinkronisasi SIASN 2025 dilakukan melalui aplikasi lama sebelum Talenta dipakai; "
    "berita acara sinkronisasi terlampir."
)


def _actor(username: str, instansi: Instansi) -> Any:
    """The demo accounts are created after the apps' demo data: act in their name (audited as such)."""
    return SimpleNamespace(
        username=username,
        role=username,
        is_authenticated=True,
        is_active=True,
        instansi_id=instansi.pk,
        pk=None,
    )


def seed(*, instansi: Instansi, seed: int, size: int, as_of: date, progress: Any = None) -> dict[str, int]:
    if Assessment.objects.filter(instansi=instansi, year=YEAR).exists():
        return {}
    rng = random.Random(f"{seed}:merit")
    analis, admin = _actor("analis", instansi), _actor("admin", instansi)
    if progress:
        progress.advance(0, "sistem merit 2024–2025")
    with transaction.atomic():
        # The year before, for the year-on-year comparison: Talenta's proposals accepted, the manual
        # questions a little lower than in 2025.
        _year(instansi, YEAR - 1, analis, admin, rng, as_of, low=(1, 2, 2, 3))
        _year(instansi, YEAR, analis, admin, rng, as_of, low=(2, 3, 3, 3, 4), override=True)
    return {
        "merit.Assessment": 2,
        "merit.Answer": Answer.objects.filter(assessment__instansi=instansi).count(),
        "merit.Evidence": Evidence.objects.filter(answer__assessment__instansi=instansi).count(),
    }


def _year(
    instansi: Instansi, year: int, analis: Any, admin: Any, rng: random.Random, as_of: date, *,
    low: tuple[int, ...], override: bool = False,
) -> Assessment:  # fmt: skip
    a = services.assessment_create(instansi=instansi, year=year, by=analis, today=as_of)
    for x in a.answers.order_by("order"):
        if x.proposed_score is not None:
            if override and x.code == OVERRIDE_CODE and x.proposed_score < 2:
                services.answer_save(answer=x, by=analis, score=2, reason=OVERRIDE_REASON)
                _link(x, analis, "Berita acara sinkronisasi data kepegawaian 2025")
            else:
                services.answer_save(answer=x, by=analis, score=None, accept=True)
            continue
        score = rng.choice(low)
        services.answer_save(answer=x, by=analis, score=score, note="Diisi dari dokumen BKD.")
        _link(x, analis, f"Bukti dukung {x.code}")
    services.assessment_submit(assessment=a, by=analis)
    services.assessment_review(assessment=a, by=admin, approve=True, note="Bukti dukung lengkap.")
    return a


def _link(x: Answer, by: Any, name: str) -> None:
    # A synthetic address (the .example domain is reserved): demo evidence points at no real document.
    url = f"https://dokumen.bkd.example/sistem-merit/{x.assessment.year}/{x.code}"
    services.evidence_add(answer=x, by=by, name=name, url=url)


def reset(*, instansi: Instansi) -> None:
    Assessment.objects.filter(instansi=instansi).delete()
