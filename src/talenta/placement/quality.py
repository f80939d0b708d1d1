"""Reads for `talenta check-data` and the "Kualitas data" screen: every record that contradicts a rule
(issue 13). The kinds and their pure tests are in `rules/quality.py`; each function here reads one kind in
a fixed number of queries, for the instansi given."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from talenta.core import display
from talenta.people import selectors as people_selectors
from talenta.people.models import Employee, JabatanHistory, Position, SkpHistory
from talenta.people.rules import jabatan as jr
from talenta.people.rules import performance as perf
from talenta.placement.rules import quality as qr
from talenta.placement.rules.quality import Finding
from talenta.profiling.models import COMPETENCY_FIELDS, Assessment
from talenta.talent.models import MappingPeriod
from talenta.talent.rules.config import config_from_dict

KIND_LABELS = {
    "past_bup": _("Active past the retirement date"),
    "pelaksana_high_rank": _("Pelaksana with a rank that needs a post"),
    "assessment_before_cpns": _("Assessment dated before the CPNS date"),
    "jpm_above_scale": _("JPM off the scale"),
    "potential_above_scale": _("Potential score above 100"),
    "duplicate_holders": _("More than one definitive holder of a post"),
    "plt_without_post": _("Plt without a definitive post"),
    "rank_outside_eselon": _("Rank outside the post's eselon range"),
    "skp_missing": _("SKP years missing"),
    "org_distribution": _("Performance distribution of an OPD"),
}
ACTIVE = (Employee.Status.PNS, Employee.Status.CPNS)


def _tgl(d: date) -> str:
    """The evidence is Indonesian text: its dates are written "1 April 2026" whatever the UI language."""
    from django.utils import translation

    from talenta.core import display

    with translation.override("id"):
        return display.tanggal(d)


def _gol(code: str) -> str:
    return jr.GOLONGAN.get(code, (code or "-", ""))[0]


def _f(kind: str, e: Employee, evidence: str, **params: object) -> Finding:
    return Finding(kind, e.instansi_id, e.pk, e.nip, e.full_name, evidence, dict(params))


def past_bup(employees: QuerySet[Employee], today: date) -> list[Finding]:
    qs = people_selectors.retiring_between(
        employees.filter(status__in=ACTIVE), date(1900, 1, 1), today + timedelta(days=1)
    ).select_related("position")
    return [
        _f(
            "past_bup",
            e,
            f"Pensiun {_tgl(e.retirement_date)} (BUP {e.bup}), masih berstatus aktif",
            retirement_date=e.retirement_date.isoformat(),
            bup=e.bup,
        )
        for e in qs.order_by("birth_date", "pk")
    ]


def pelaksana_high_rank(employees: QuerySet[Employee], today: date) -> list[Finding]:
    qs = employees.filter(status__in=ACTIVE, position__level=jr.Level.PELAKSANA, golongan__gte="41")
    return [
        _f(
            "pelaksana_high_rank",
            e,
            f"Pelaksana dengan golongan {_gol(e.golongan)} (paling tinggi "
            f"{_gol(qr.pelaksana_rank_ceiling(e.education_level))} tanpa jabatan)",
            golongan=e.golongan,
        )
        for e in qs.order_by("pk")
        if e.golongan > qr.pelaksana_rank_ceiling(e.education_level)
    ]


def rank_outside_eselon(employees: QuerySet[Employee], today: date) -> list[Finding]:
    qs = employees.filter(status__in=ACTIVE, position__eselon__in=list(jr.ESELON_RANK_RANGE)).select_related(
        "position"
    )
    out = []
    for e in qs.order_by("pk"):
        if not e.golongan or qr.rank_in_range(e.golongan, e.position.eselon) is False:
            lo, hi = jr.ESELON_RANK_RANGE[e.position.eselon]
            out.append(
                _f(
                    "rank_outside_eselon",
                    e,
                    f"Golongan {_gol(e.golongan)} pada eselon "
                    f"{jr.ESELON_NAME.get(e.position.eselon, '')} ({_gol(lo)}–{_gol(hi)})",
                    golongan=e.golongan,
                    eselon=e.position.eselon,
                )
            )
    return out


def assessment_before_cpns(employees: QuerySet[Employee], today: date) -> list[Finding]:
    qs = (
        Assessment.objects.filter(employee__in=employees, employee__tmt_cpns__isnull=False)
        .filter(assessed_on__lt=F("employee__tmt_cpns"))
        .select_related("employee")
        .order_by("employee_id", "assessed_on", "pk")
    )
    return [
        _f(
            "assessment_before_cpns",
            a.employee,
            f"Asesmen {_tgl(a.assessed_on)} sebelum TMT CPNS {_tgl(a.employee.tmt_cpns)}",
            assessed_on=a.assessed_on.isoformat(),
        )
        for a in qs
    ]


def jpm_above_scale(employees: QuerySet[Employee], today: date) -> list[Finding]:
    out = []
    qs = (
        Assessment.objects.filter(employee__in=employees)
        .select_related("employee")
        .order_by("employee_id", "pk")
    )
    for a in qs.only("employee", "assessed_on", "jpm", "standard", *COMPETENCY_FIELDS):
        why = qr.jpm_out_of_scale(a.levels, a.standard or {}, a.jpm)
        if why:
            out.append(_f("jpm_above_scale", a.employee, f"Asesmen {_tgl(a.assessed_on)}: {why}"))
    return out


def potential_above_scale(employees: QuerySet[Employee], today: date) -> list[Finding]:
    from talenta.talent.models import MappingResult

    qs = (
        # Only his instansi's periods: a result of an instansi he has left stays that instansi's.
        MappingResult.objects.filter(
            employee__in=employees, potential_score__gt=100, period__instansi_id=F("employee__instansi_id")
        )
        .select_related("employee", "period")
        .order_by("employee_id", "pk")
    )
    return [
        _f(
            "potential_above_scale",
            r.employee,
            f"Skor potensial {qr.id_decimal(r.potential_score)} pada {r.period.name} "
            f"(JPM {qr.id_decimal(r.jpm or 0)})",
            potential_score=r.potential_score,
        )
        for r in qs
    ]


def skp_missing(employees: QuerySet[Employee], today: date) -> list[Finding]:
    """Active PNS/CPNS of the last two years without an SKP of each (RULES.md §2, a warning)."""
    years = (today.year - 1, today.year - 2)
    have: dict[int, set[int]] = defaultdict(set)
    for eid, y in SkpHistory.objects.filter(employee__in=employees, year__in=years).values_list(
        "employee_id", "year"
    ):
        have[eid].add(y)
    out = []
    for e in employees.filter(status__in=ACTIVE).order_by("pk"):
        due = [y for y in years if e.tmt_cpns is None or e.tmt_cpns.year < y]
        missing = [y for y in due if y not in have[e.pk]]
        if missing:
            out.append(
                _f(
                    "skp_missing",
                    e,
                    "SKP " + ", ".join(map(str, sorted(missing))) + " belum ada",
                    years=missing,
                )
            )
    return out


def duplicate_holders(employees: QuerySet[Employee], today: date) -> list[Finding]:
    """Two active people whose latest definitive post (riwayat jabatan) is the same post."""
    latest: dict[int, tuple[int | None, str]] = {}
    for eid, pos, name in (
        JabatanHistory.objects.filter(
            employee__in=employees.filter(status__in=ACTIVE), assignment=JabatanHistory.Assignment.DEFINITIF
        )
        .order_by("employee_id", F("tmt").asc(nulls_first=True), "pk")  # undated: the oldest
        .values_list("employee_id", "position_id", "jabatan_name")
    ):
        latest[eid] = (pos, name)
    by_post: dict[int, list[int]] = defaultdict(list)
    for eid, (pos, _name) in latest.items():
        if pos is not None:
            by_post[pos].append(eid)
    dup = {pos: ids for pos, ids in by_post.items() if len(ids) > 1}
    if not dup:
        return []
    people = Employee.objects.in_bulk([i for ids in dup.values() for i in ids])
    names = dict(Position.objects.filter(pk__in=dup).values_list("pk", "name"))
    return [
        _f(
            "duplicate_holders",
            people[eid],
            f"Pejabat definitif {names.get(pos, '')} bersama {len(ids) - 1} pegawai lain",
            position_id=pos,
        )
        for pos, ids in sorted(dup.items())
        for eid in ids
    ]


def plt_without_post(employees: QuerySet[Employee], today: date) -> list[Finding]:
    qs = (
        Position.objects.filter(acting_holder__in=employees, acting_holder__position__isnull=True)
        .exclude(acting_kind="")
        .select_related("acting_holder")
        .order_by("pk")
    )
    return [
        _f(
            "plt_without_post",
            p.acting_holder,
            f"{p.get_acting_kind_display()} {p.name} tanpa jabatan definitif",
            position_id=p.pk,
        )
        for p in qs
    ]


def org_distribution(employees: QuerySet[Employee], today: date) -> list[Finding]:
    """RULES.md §2's guide per OPD, for the last year's SKP (a warning; the OPD's own rating is assumed
    Baik, the usual case). OPDs with fewer than 10 appraised staff are left out."""
    year = today.year - 1
    by_opd: dict[int, list[str]] = defaultdict(list)
    # One predikat per person, his year's SKP: a corrected record replaces the first, never counts twice.
    for _eid, opd, pred, _pk in perf.skp_of_each_year(
        SkpHistory.objects.filter(
            employee__in=employees.filter(status__in=ACTIVE), year=year, employee__unit__opd__isnull=False
        ).values_list("employee_id", "employee__unit__opd_id", "predikat", "pk"),
        year=itemgetter(0),
        record_id=itemgetter(3),
    ).values():
        by_opd[opd].append(pred)
    from talenta.people.models import Unit

    units = Unit.objects.in_bulk(list(by_opd))
    shares = distribution_settings({u.instansi_id for u in units.values()})
    out = []
    for opd, preds in sorted(by_opd.items()):
        u = units[opd]
        share, source = shares[u.instansi_id]
        d = qr.distribution(preds)
        problems = d.problems(share) if d.total >= 10 else []
        if problems:
            words = [distribution_text(code, p) for code, p in problems]
            out.append(
                Finding(
                    "org_distribution",
                    u.instansi_id,
                    None,
                    "",
                    u.name,
                    f"SKP {year}: " + "; ".join(words),
                    {
                        "opd": u.name,
                        "year": year,
                        "problems": [code for code, _p in problems],
                        "max_baik_share": str(share),
                        "setting_from": source,
                    },
                )
            )
    return out


def distribution_settings(instansi_ids: set[int]) -> dict[int, tuple[Decimal, str]]:
    """Per instansi, the distribution guide's share (RULES.md §2, configurable per mapping period) of its
    latest finalised mapping period, and that period's name; the default when it has none."""
    out = {i: (qr.MAX_BAIK_SHARE, "") for i in instansi_ids}
    periods = MappingPeriod.objects.filter(
        instansi_id__in=instansi_ids, status=MappingPeriod.Status.FINALISED
    )
    for p in periods.order_by("instansi_id", *MappingPeriod.LATEST_FIRST):
        if out[p.instansi_id][1] == "":
            share = Decimal(str(config_from_dict(p.config).distribution_max_baik_share))
            out[p.instansi_id] = (share, p.name)
    return out


def distribution_text(code: str, p: dict[str, Any]) -> str:
    if code == "too_many_baik":
        return gettext("%(baik)s of %(total)s staff Baik (more than %(share)s%%)") % {
            "baik": display.angka(p["baik"]),
            "total": display.angka(p["total"]),
            "share": display.angka(Decimal(p["max_share"]) * 100),
        }
    return gettext("nobody Butuh Perbaikan or Kurang")


CHECKS: dict[str, Callable[[QuerySet[Employee], date], list[Finding]]] = {
    "past_bup": past_bup,
    "pelaksana_high_rank": pelaksana_high_rank,
    "assessment_before_cpns": assessment_before_cpns,
    "jpm_above_scale": jpm_above_scale,
    "potential_above_scale": potential_above_scale,
    "duplicate_holders": duplicate_holders,
    "plt_without_post": plt_without_post,
    "rank_outside_eselon": rank_outside_eselon,
    "skp_missing": skp_missing,
    "org_distribution": org_distribution,
}


def check_data(employees: QuerySet[Employee], *, today: date) -> dict[str, list[Finding]]:
    """Every finding among `employees` (an instansi's, as its scope gives them), by kind, in KINDS order."""
    return {kind: CHECKS[kind](employees, today) for kind in qr.KINDS}
