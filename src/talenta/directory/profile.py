"""What the Profil pegawai page shows, gathered from one employee with its histories prefetched."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from talenta.people.models import Employee, Position
from talenta.people.rules.completeness import ELIGIBILITY, IDENTITY, MAPPING, ProfileFacts, completeness
from talenta.people.rules.jabatan import STRUCTURAL_LEVELS
from talenta.people.rules.nip import check_nip
from talenta.people.tables import education_label, golongan_label, pangkat_label
from talenta.people.tabs import tabs_for

ITEM_LABELS = {
    "skp": _("SKP %(year)s"),
    "assessment": _("A valid competency assessment"),
    "education": _("Education level"),
    "position": _("Current post"),
    "tmt_jabatan": _("TMT jabatan (start date in the post)"),
    "golongan": _("Golongan"),
    "tmt_golongan": _("TMT golongan"),
    "discipline": _("Discipline record (checked with SIASN)"),
    "leadership_training": _("Diklat kepemimpinan"),
    "nik": _("NIK"),
    "email": _("Email"),
}
GROUP_LABELS = {
    MAPPING: _("Missing for talent mapping"),
    ELIGIBILITY: _("Missing for eligibility checks"),
    IDENTITY: _("Missing identity data"),
}


def _facts(e: Employee, today: date) -> ProfileFacts:
    from talenta.profiling.models import Assessment

    has_valid = any(a.is_valid_on(today) for a in Assessment.objects.filter(employee=e))
    level = e.position.level if e.position_id else None
    return ProfileFacts(
        skp_years=frozenset(s.year for s in e.skphistory_set.all()),
        required_skp_years=(today.year - 1, today.year - 2),
        has_valid_assessment=has_valid,
        has_education=bool(e.education_level),
        has_tmt_jabatan=e.tmt_jabatan is not None,
        has_golongan=bool(e.golongan) or e.status == Employee.Status.PPPK,
        has_tmt_golongan=e.tmt_golongan is not None or e.status == Employee.Status.PPPK,
        has_position=e.position_id is not None,
        has_leadership_training=bool(e.leadershiptraining_set.all()),
        needs_leadership_training=level in STRUCTURAL_LEVELS,
        # A discipline row, or the date a SIASN import read his rw-hukdis (even when empty): an absent
        # record is not "clean" until someone has looked (RULES.md §6).
        has_discipline_record=bool(e.disciplinehistory_set.all()) or e.discipline_checked_at is not None,
        has_nik=bool(e.nik),
        has_email=bool(e.email or e.email_gov),
    )


def _missing(e: Employee, today: date) -> tuple[int, list[dict[str, Any]]]:
    c = completeness(_facts(e, today))
    groups = []
    for group, items in c.missing_by_group.items():
        labels = [
            str(ITEM_LABELS[i.code]) % {"year": i.year} if i.year else str(ITEM_LABELS[i.code]) for i in items
        ]
        groups.append({"key": group, "label": GROUP_LABELS[group], "items": labels})
    return c.score, groups


def nip_warnings(e: Employee) -> tuple[str, ...]:
    """RULES.md §7's soft findings against the recorded birth date and sex (a PPPK number is not a NIP)."""
    if e.status == Employee.Status.PPPK or not e.nip:
        return ()
    check = check_nip(e.nip, recorded_birth_date=e.birth_date, recorded_sex=e.sex or None)
    return check.warnings if check.ok else check.errors


def profile_context(e: Employee, today: date) -> dict[str, Any]:
    score, missing = _missing(e, today)
    service = e.service(today)
    acting: list[Position] = list(e.acting_positions.all())
    return {
        "e": e,
        "today": today,
        "age": e.age(today),
        "service": service,
        "years_in_rank": e.years_in_rank(today),
        "years_in_post": e.years_in_post(today),
        "bup": e.bup,
        "retirement_date": e.retirement_date,
        "golongan": golongan_label(e.golongan),
        "pangkat": pangkat_label(e.golongan),
        "education": education_label(e.education_level),
        "acting": acting,
        "golongan_rows": [
            {"row": r, "label": golongan_label(r.golongan), "pangkat": pangkat_label(r.golongan)}
            for r in e.golonganhistory_set.all()
        ],
        "jabatan_rows": list(e.jabatanhistory_set.all()),
        "education_rows": [
            {"row": r, "label": education_label(r.level)} for r in e.educationhistory_set.all()
        ],
        "leadership_rows": list(e.leadershiptraining_set.all()),
        "training_rows": list(e.training_set.all()),
        "skp_rows": list(e.skphistory_set.all()),
        "discipline_rows": list(e.disciplinehistory_set.all()),
        "award_rows": list(e.awardhistory_set.all()),
        "score": score,
        "score_step": min(100, score // 5 * 5),
        "missing": missing,
        "nip_warnings": nip_warnings(e),
        "tabs": tabs_for(e.pk),
    }
