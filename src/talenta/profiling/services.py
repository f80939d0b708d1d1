"""Writes for profiling campaigns: create, select participants, schedule waves, attendance, moves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from talenta.accounts import policy
from talenta.core import display
from talenta.core.audit import audit_record
from talenta.core.hardening import as_id
from talenta.people.models import Employee, Instansi
from talenta.people.rules.dates import age_on
from talenta.profiling import selectors
from talenta.profiling.models import Campaign, Participant, Wave
from talenta.profiling.rules import scheduling as sch
from talenta.profiling.rules.jpm import mapping_bands


@transaction.atomic
def campaign_create(
    *, instansi: Instansi, by: Any, name: str, start_date: date, end_date: date, **fields: Any
) -> Campaign:
    if end_date < start_date:
        raise ValidationError(_("The campaign's end date must be on or after its start date."), code="dates")
    try:
        mapping_bands(fields.get("jpm_optimal", 90), fields.get("jpm_cukup_optimal", 78))
    except (ValueError, ArithmeticError):
        raise ValidationError(
            _("The JPM mapping bands must satisfy 0 < Cukup Optimal < Optimal."), code="jpm_bands"
        ) from None
    campaign = Campaign.objects.create(
        instansi=instansi,
        name=name,
        start_date=start_date,
        end_date=end_date,
        created_by=getattr(by, "username", "") or "system",
        **fields,
    )
    audit_record(
        actor=by,
        action="profiling.campaign_create",
        target=campaign,
        changes={"name": name, "start_date": start_date, "end_date": end_date, **fields},
    )
    return campaign


@transaction.atomic
def campaign_partners_set(*, campaign: Campaign, partners: list[Instansi], by: Any) -> Campaign:
    """The organiser runs the campaign for the region (issue #18): the partner instansi, all of its region,
    each see the campaign and add and manage their own participants. Audited in every instansi concerned."""
    policy.require(by, "profiling.manage")
    if by.instansi_id != campaign.instansi_id:
        raise PermissionDenied
    region_id = campaign.instansi.region_id
    wrong = [
        p.name
        for p in partners
        if p.pk == campaign.instansi_id or region_id is None or p.region_id != region_id
    ]
    if wrong:
        raise ValidationError(
            _("Not an instansi of the region of this campaign: %(names)s.") % {"names": ", ".join(wrong)},
            code="region",
        )
    before = set(campaign.partners.values_list("pk", flat=True))
    after = {p.pk for p in partners}
    campaign.partners.set(partners)
    for instansi_id in {campaign.instansi_id} | before | after:
        audit_record(
            actor=by,
            action="profiling.campaign_partners",
            target=campaign,
            instansi_id=instansi_id,
            changes={"before": sorted(before), "after": sorted(after)},
        )
    return campaign


@dataclass
class Criteria:
    """A participant selection. Filters are AND-ed; the source says where people come from."""

    source: str = "filter"  # filter | succession | nips
    opd_ids: list[int] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    golongan: list[str] = field(default_factory=list)
    age_min: int | None = None
    age_max: int | None = None
    not_profiled_years: int | None = None
    nips: list[str] = field(default_factory=list)
    label: str = ""  # e.g. the name of an uploaded file

    def describe(self) -> str:
        parts = []
        if self.opd_ids:
            parts.append(f"{len(self.opd_ids)} OPD")
        if self.levels:
            parts.append("jenjang " + ", ".join(self.levels))
        if self.golongan:
            parts.append("golongan " + ", ".join(self.golongan))
        if self.age_min is not None or self.age_max is not None:
            parts.append(f"usia {self.age_min or 0}–{self.age_max or '…'}")
        if self.not_profiled_years:
            parts.append(f"belum diprofil {self.not_profiled_years} tahun terakhir")
        return "Filter: " + "; ".join(parts) if parts else "Filter: semua pegawai"


@dataclass
class AddReport:
    added: int = 0
    already: int = 0
    retiring: list[Employee] = field(default_factory=list)
    unknown_nips: list[str] = field(default_factory=list)


def _filtered(pool: QuerySet[Employee], c: Criteria, today: date) -> QuerySet[Employee]:
    qs = pool
    if c.opd_ids:
        qs = qs.filter(unit__opd_id__in=c.opd_ids) | qs.filter(unit_id__in=c.opd_ids)
    if c.levels:
        qs = qs.filter(position__level__in=c.levels)
    if c.golongan:
        qs = qs.filter(golongan__in=c.golongan)
    if c.age_max is not None:  # age ≤ max  <=>  born after today − (max + 1) years
        qs = qs.filter(birth_date__gt=date(today.year - c.age_max - 1, today.month, min(today.day, 28)))
    if c.age_min is not None:
        qs = qs.filter(birth_date__lte=date(today.year - c.age_min, today.month, min(today.day, 28)))
    if c.not_profiled_years:
        qs = selectors.unprofiled(qs, today=today, validity_years=c.not_profiled_years)
    return qs


@transaction.atomic
def participants_add(
    *, campaign: Campaign, pool: QuerySet[Employee], criteria: Criteria, by: Any, today: date
) -> AddReport:
    """Add the employees of `pool` (the caller's scope) that `criteria` selects, each with its reason;
    people retiring before the campaign's results would be usable are reported and left out."""
    # The organiser's people and, in a joint campaign, the partners' (the pool is the caller's own scope).
    pool = pool.filter(
        instansi_id__in=[campaign.instansi_id, *campaign.partners.values_list("pk", flat=True)]
    )
    report = AddReport()
    reasons: dict[int, str] = {}
    if criteria.source == "succession":
        candidates = selectors.succession_candidates(_filtered(pool, criteria, today))
        reasons = {pk: f"Kandidat suksesi jabatan kritikal: {post}" for pk, post in candidates.items()}
    elif criteria.source == "nips":
        nips = list(dict.fromkeys(n.strip() for n in criteria.nips if n.strip()))
        found = dict(_filtered(pool, criteria, today).filter(nip__in=nips).values_list("nip", "pk"))
        report.unknown_nips = [n for n in nips if n not in found]
        label = criteria.label or "Daftar NIP"
        reasons = {pk: label for pk in found.values()}
    else:
        reason = criteria.describe()
        reasons = dict.fromkeys(_filtered(pool, criteria, today).values_list("pk", flat=True), reason)
    if not reasons:
        return report
    # A filter is passed on as the query it is: its people as a list of ids could be a whole region, past
    # SQLite's limit on the parameters of one statement. The other sources name few people.
    chosen = (
        _filtered(pool, criteria, today)
        if criteria.source not in ("succession", "nips")
        else Employee.objects.filter(pk__in=list(reasons))
    )
    kept, retiring = selectors.exclude_retiring(chosen, campaign)
    report.retiring = list(retiring.order_by("name"))
    existing = set(Participant.objects.filter(campaign=campaign).values_list("employee_id", flat=True))
    new = [pk for pk in kept.values_list("pk", flat=True) if pk not in existing]
    report.already = sum(1 for pk in reasons if pk in existing)
    Participant.objects.bulk_create(
        [Participant(campaign=campaign, employee_id=pk, reason=reasons[pk][:300]) for pk in sorted(new)],
        batch_size=1000,
    )
    report.added = len(new)
    audit_record(
        actor=by,
        action="profiling.participants_add",
        target=campaign,
        changes={
            "source": criteria.source,
            "reason": criteria.describe() if criteria.source == "filter" else criteria.source,
            "added": report.added,
            "already": report.already,
            "retiring_excluded": len(report.retiring),
            "unknown_nips": report.unknown_nips,
        },
    )
    return report


def _locked(participant: Participant) -> Participant:
    """The participant's row as committed, locked until the transaction ends: a check made on the
    caller's copy (read before another request marked him present or moved him) would act on a past."""
    return (
        Participant.objects.select_for_update(of=("self",))
        .select_related("employee__unit", "wave", "campaign")
        .get(pk=participant.pk)
    )


def _update_copy(caller: Participant, row: Participant) -> None:
    """The caller's object shows what was saved (as it did when the services saved it directly)."""
    for f in ("wave", "attendance", "pinned", "status"):
        setattr(caller, f, getattr(row, f))


@transaction.atomic
def participant_remove(*, participant: Participant, by: Any) -> None:
    participant = _locked(participant)
    if participant.attendance or participant.assessment_id:
        raise ValidationError(
            _("A participant with attendance or a result cannot be removed."), code="locked"
        )
    audit_record(
        actor=by,
        action="profiling.participant_remove",
        target=participant.campaign,
        changes={"employee": participant.employee.nip},
    )
    participant.delete()


def _person(p: Participant, campaign: Campaign) -> sch.Person:
    return sch.Person(
        id=str(p.pk),
        group=selectors.opd_group(p.employee, campaign),
        unavailable=frozenset(date.fromisoformat(d) for d in p.unavailable or []),
        pin=p.wave.number if (p.pinned and p.wave_id) else None,
        label=str(p.employee),
    )


@transaction.atomic
def campaign_schedule(
    *,
    campaign: Campaign,
    by: Any,
    days: int,
    waves: int | None = None,
    capacity: int | None = None,
    slots: tuple[tuple[time, time], ...] = sch.DEFAULT_SLOTS,
    max_per_opd: int | None = None,
) -> sch.Schedule:
    """(Re)plan the campaign's waves from its start date and assign every participant (pins kept).
    Refused once attendance has been marked: moving people then is done one by one."""
    # The participants locked: an attendance marked by another request waits for the new schedule (and
    # finds its participant's new wave), or is seen here and refuses the rebuild.
    rows = list(
        Participant.objects.filter(campaign=campaign)
        .exclude(status=Participant.Status.WITHDRAWN)
        .select_related("employee__unit__opd", "employee__instansi", "wave")
        .select_for_update(of=("self",))
    )
    if any(p.attendance for p in rows):
        raise ValidationError(
            _("Attendance has been recorded: the schedule cannot be rebuilt."), code="locked"
        )
    n_waves = waves or len(slots) * days
    seats = capacity or max(1, -(-len(rows) // n_waves))
    try:
        specs = sch.plan_waves(
            start=campaign.start_date, days=days, capacity=seats, waves=n_waves, slots=slots
        )
        result = sch.schedule([_person(p, campaign) for p in rows], specs, max_per_opd=max_per_opd)
    except sch.SchedulingError as exc:
        raise ValidationError(exc.message, code=exc.code) from exc
    Participant.objects.filter(campaign=campaign).update(wave=None)
    Wave.objects.filter(campaign=campaign).delete()
    created = Wave.objects.bulk_create(
        [
            Wave(
                campaign=campaign, number=s.number, date=s.day, start=s.start, end=s.end, capacity=s.capacity
            )
            for s in specs
        ]
    )
    by_number = {w.number: w for w in created}
    for p in rows:
        p.wave = by_number[result.assignment[str(p.pk)]]
        p.status = Participant.Status.SCHEDULED
    Participant.objects.bulk_update(rows, ["wave", "status"], batch_size=1000)
    campaign.max_per_opd_per_wave = max_per_opd
    campaign.save(update_fields=["max_per_opd_per_wave"])
    audit_record(
        actor=by,
        action="profiling.campaign_schedule",
        target=campaign,
        changes={
            "days": days,
            "waves": n_waves,
            "capacity": seats,
            "max_per_opd": max_per_opd,
            "sizes": result.sizes,
        },
    )
    return result


@transaction.atomic
def attendance_mark(*, participant: Participant, attendance: str, by: Any) -> Participant:
    if attendance not in Participant.Attendance.values:
        raise ValidationError(
            _("Unknown attendance status '%(value)s'."), code="attendance", params={"value": attendance}
        )
    caller, participant = participant, _locked(participant)
    if participant.wave_id is None:
        raise ValidationError(_("The participant has no wave yet."), code="no_wave")
    before = participant.attendance
    participant.attendance = attendance
    if participant.status != Participant.Status.ASSESSED:
        participant.status = (
            Participant.Status.ATTENDED if attendance == "present" else Participant.Status.SCHEDULED
        )
    participant.save(update_fields=["attendance", "status"])
    audit_record(
        actor=by,
        action="profiling.attendance_mark",
        target=participant.employee,
        changes={
            "campaign": participant.campaign_id,
            "wave": participant.wave.number,
            "attendance": [before, attendance],
        },
    )
    _update_copy(caller, participant)
    return participant


@transaction.atomic
def attendance_mark_all_present(*, participants: Any, by: Any) -> int:
    """'Hadir semua': every participant of a wave not yet marked is marked present (one audit entry each);
    someone already marked absent or excused keeps his mark."""
    n = 0
    for p in participants.filter(attendance=Participant.Attendance.PENDING).select_related(
        "wave", "employee"
    ):
        attendance_mark(participant=p, attendance=Participant.Attendance.PRESENT, by=by)
        n += 1
    return n


@transaction.atomic
def participant_move(*, participant: Participant, by: Any) -> Wave:
    """Move an absentee to the first later wave with a free seat, under the OPD cap, on a date he can
    attend (RULES.md §9 rescheduling keeps the constraints)."""
    campaign = Campaign.objects.select_for_update().get(pk=participant.campaign_id)
    caller, participant = participant, _locked(participant)
    if participant.wave_id is None:
        raise ValidationError(_("The participant has no wave yet."), code="no_wave")
    if participant.attendance == Participant.Attendance.PRESENT:
        raise ValidationError(_("The participant was present: there is nothing to move."), code="present")
    waves = list(Wave.objects.filter(campaign=campaign).order_by("number"))
    specs = [sch.WaveSpec(w.number, w.date, w.start, w.end, w.capacity) for w in waves]
    # Two GROUP BYs, not every participant of the campaign: a region-wide campaign has tens of thousands.
    sizes, group_counts = selectors.seats_per_wave(campaign, employee=participant.employee)
    old = participant.wave
    try:
        number = sch.reschedule(
            _person(participant, campaign),
            after=old.number,
            waves=specs,
            sizes=sizes,
            group_counts=group_counts,
            max_per_opd=campaign.max_per_opd_per_wave,
        )
    except sch.SchedulingError as exc:
        raise ValidationError(exc.message, code=exc.code) from exc
    new = next(w for w in waves if w.number == number)
    participant.wave = new
    participant.attendance = ""
    participant.pinned = False
    participant.status = Participant.Status.SCHEDULED
    participant.save(update_fields=["wave", "attendance", "pinned", "status"])
    audit_record(
        actor=by,
        action="profiling.participant_move",
        target=participant.employee,
        changes={"campaign": campaign.pk, "wave": [old.number, new.number]},
    )
    _update_copy(caller, participant)
    return new


def person_ages(employees: list[Employee], today: date) -> dict[int, int]:
    return {e.pk: age_on(e.birth_date, today) for e in employees}


class ConstraintError(Exception):
    """A bad unavailable-dates/wave value of one participant: the field, the value and why."""

    def __init__(self, field: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


def _constraints_check(
    p: Participant, *, unavailable: str, wave: str, pinned: bool | None, waves: dict[int, Wave]
) -> tuple[list[str], Wave | None, bool]:
    """The rules of a participant's unavailable dates and pin, shared by the CSV upload and the form for
    one participant. Returns (dates, wave, pinned). An empty `wave` keeps his wave; a wave given moves him
    there and pins him unless `pinned` is False; `pinned` None keeps his pin. Raises ConstraintError."""
    from talenta.profiling.schedule_csv import BadDate, parse_dates

    try:
        days = parse_dates(unavailable)
    except BadDate as exc:
        raise ConstraintError("unavailable", exc.part, exc.reason) from exc
    text = (wave or "").strip()
    current = next((w for w in waves.values() if w.pk == p.wave_id), None)
    if text:
        target = waves.get(as_id(text))
        if target is None:
            raise ConstraintError("wave", text, _("no such wave."))
    else:
        target = current
    pin = pinned if pinned is not None else (True if text else p.pinned)
    if pin and target is None:
        raise ConstraintError("wave", text, _("choose a wave to pin the participant to."))
    if target is not None and current is not None and target.pk != current.pk and p.attendance:
        raise ConstraintError(
            "wave",
            text,
            _(
                "attendance is already recorded in wave %(wave)s; a participant who did not attend is "
                "moved with the Move button of the attendance list."
            )
            % {"wave": current.number},
        )
    if target is not None and (text or pin) and target.date in days:
        raise ConstraintError(
            "wave",
            str(target.number),
            _("wave %(wave)s falls on %(date)s, a date the participant cannot attend.")
            % {"wave": target.number, "date": display.tanggal(target.date)},
        )
    return sorted(d.isoformat() for d in days), target, pin


def _apply_constraints(p: Participant, days: list[str], wave: Wave | None, pinned: bool) -> None:
    p.unavailable = days
    if wave is not None and wave.pk != p.wave_id:
        p.wave = wave
        if p.status == Participant.Status.SELECTED:
            p.status = Participant.Status.SCHEDULED
    p.pinned = pinned


def _constraints_state(p: Participant) -> dict[str, Any]:
    return {
        "wave": p.wave.number if p.wave_id else None,
        "pinned": p.pinned,
        "unavailable": list(p.unavailable or []),
    }


@transaction.atomic
def participants_constraints_update(*, campaign: Campaign, data: bytes, by: Any) -> int:
    """Set participants' unavailable dates and pins from a CSV `nip,unavailable[,wave]` (the same columns
    as `talenta schedule-waves`). Every row is checked first; one bad row → nothing changes."""
    from talenta.profiling.imports import read_sheet

    table = read_sheet("constraints.csv", data)  # BadTable names the row: encoding, a column twice…
    if "nip" not in table.header or "unavailable" not in table.header:
        raise ValidationError(_("Required columns: nip,unavailable (and optionally wave)."), code="columns")
    by_nip = {
        p.employee.nip: p for p in Participant.objects.filter(campaign=campaign).select_related("employee")
    }
    waves = {w.number: w for w in Wave.objects.filter(campaign=campaign)}
    errors, changes = [], []
    seen: dict[str, int] = {}
    for i, rec in table.rows:
        nip = rec.get("nip", "")
        if nip in seen:  # which of the two rows would count cannot be told; the row is still checked
            errors.append(
                _("Row %(row)s, column nip, value '%(value)s': the participant is already in row %(first)s.")
                % {"row": i, "value": nip, "first": seen[nip]}
            )
        seen.setdefault(nip, i)
        p = by_nip.get(nip)
        if p is None:
            errors.append(
                _("Row %(row)s, column nip, value '%(value)s': not a participant of this campaign.")
                % {"row": i, "value": nip}
            )
            continue
        try:
            days, wave, pinned = _constraints_check(
                p, unavailable=rec.get("unavailable") or "", wave=rec.get("wave") or "", pinned=None,
                waves=waves,
            )  # fmt: skip
        except ConstraintError as e:
            value = _(", value '%(value)s'") % {"value": e.value} if e.value else ""
            errors.append(
                _("Row %(row)s, column %(column)s%(value)s: %(reason)s")
                % {"row": i, "column": e.field, "value": value, "reason": e.reason}
            )
            continue
        changes.append((p, days, wave, pinned))
    if errors:
        raise ValidationError(errors, code="rows")
    for p, days, wave, pinned in changes:
        _apply_constraints(p, days, wave, pinned)
    Participant.objects.bulk_update(
        [c[0] for c in changes], ["unavailable", "wave", "pinned", "status"], batch_size=1000
    )
    audit_record(
        actor=by,
        action="profiling.participants_constraints",
        target=campaign,
        changes={"rows": len(changes), "pinned": sum(1 for c in changes if c[3])},
    )
    return len(changes)


@transaction.atomic
def participant_constraints_set(
    *, participant: Participant, unavailable: str, wave: str, pinned: bool, reason: str, by: Any
) -> Participant:
    """The same change as one row of the CSV upload, for one participant, with a reason: his unavailable
    dates (`yyyy-mm-dd;…`), his wave (a number; empty keeps it) and whether he is pinned to it.
    Raises ValidationError keyed by field (unavailable, wave, reason); audited with before and after."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("The reason for the change is required.")]}, code="reason")
    p = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("employee", "wave")
        .get(pk=participant.pk)
    )
    waves = {w.number: w for w in Wave.objects.filter(campaign_id=p.campaign_id)}
    try:
        days, target, pin = _constraints_check(
            p, unavailable=unavailable, wave=wave, pinned=pinned, waves=waves
        )
    except ConstraintError as e:
        # The words of the CSV upload's message, without the row: "nilai '…': reason".
        message = f"Nilai '{e.value}': {e.reason}" if e.value else e.reason[:1].upper() + e.reason[1:]
        raise ValidationError({e.field: [message]}, code="constraints") from e
    before = _constraints_state(p)
    _apply_constraints(p, days, target, pin)
    p.save(update_fields=["unavailable", "wave", "pinned", "status"])
    after = _constraints_state(p)
    audit_record(
        actor=by,
        action="profiling.participant_constraints",
        target=p.employee,
        changes={"campaign": p.campaign_id, "before": before, "after": after},
        reason=reason,
    )
    participant.refresh_from_db()
    return p
