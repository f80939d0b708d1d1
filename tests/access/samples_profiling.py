"""Samples for the routes of profiling: a campaign per instansi with two waves and the side's three
employees (employee, colleague, outsider) as participants in wave 1."""

from __future__ import annotations

from datetime import date, time

from talenta.core.models import Job
from talenta.profiling.models import Campaign, Participant, Wave
from talenta.profiling.tasks import KIND
from tests.access.registry import sample


def _campaign(side):
    if getattr(side, "_profiling", None) is None:
        campaign = Campaign.objects.create(
            instansi=side.instansi,
            name=f"Profiling {side.tag}",
            start_date=date(2025, 11, 17),
            end_date=date(2025, 11, 21),
        )
        waves = [
            Wave.objects.create(
                campaign=campaign,
                number=n,
                date=date(2025, 11, 17),
                start=time(8 + 5 * (n - 1)),
                end=time(12 + 5 * (n - 1)),
                capacity=10,
            )
            for n in (1, 2)
        ]
        parts = {
            key: Participant.objects.create(campaign=campaign, employee=emp, reason="sampel", wave=waves[0])
            for key, emp in (
                ("own", side.employee),
                ("other_person", side.colleague),
                ("other_unit", side.outsider),
            )
        }
        side._profiling = (campaign, parts)
    return side._profiling


def _side(world, viewer, case):
    """The side of the object for an instansi-level object (a campaign): own or the other instansi."""
    return {"own": world.side(viewer), "other_instansi": world.other(viewer)}.get(case)


@sample(
    "profiling:campaign-detail",
    "profiling:participants-add",
    "profiling:schedule",
    "profiling:participants-constraints",
    "profiling:letters-zip",
    "profiling:campaign-partners",
)
def _campaign_sample(world, viewer, case):
    side = _side(world, viewer, case)
    return None if side is None else {"pk": _campaign(side)[0].pk}


@sample("profiling:attendance", "profiling:attendance-all", "profiling:roster-pdf", "profiling:roster-xlsx")
def _wave(world, viewer, case):
    side = _side(world, viewer, case)
    return None if side is None else {"pk": _campaign(side)[0].pk, "number": 1}


@sample("profiling:letter-pdf")
def _letter(world, viewer, case):
    if case == "other_instansi":
        side = world.other(viewer)
        return {"pk": _campaign(side)[0].pk, "opd": side.unit.pk}
    side = world.side(viewer)
    unit = {"own": side.unit, "other_unit": side.other_unit}.get(case)
    return None if unit is None else {"pk": _campaign(side)[0].pk, "opd": unit.pk}


@sample("profiling:attendance-mark", "profiling:participant-move", "profiling:participant-edit")
def _participant(world, viewer, case):
    side = world.other(viewer) if case == "other_instansi" else world.side(viewer)
    campaign, parts = _campaign(side)
    p = parts["own"] if case == "other_instansi" else parts.get(case)
    return None if p is None else {"pk": campaign.pk, "pid": p.pk}


@sample("profiling:employee-competency")
def _employee(world, viewer, case):
    side = world.other(viewer) if case == "other_instansi" else world.side(viewer)
    emp = {
        "own": side.employee,
        "other_person": side.colleague,
        "other_unit": side.outsider,
        "other_instansi": side.employee,
    }.get(case)
    return {"pk": emp.pk}


@sample("profiling:import-template", objects=False)
def _template(world, viewer, case):
    return {"instrument": "minimal"} if case == "own" else None


@sample("profiling:import-job", "profiling:import-job-status", "profiling:import-job-errors")
def _import_job(world, viewer, case):
    """A finished upload of the viewer's instansi (own) or of the other one: a job is instansi-wide."""
    side = _side(world, viewer, case)
    if side is None:
        return None
    job = Job.objects.create(
        kind=KIND,
        label="Impor hasil: sampel.csv",
        instansi_id=side.instansi.pk,
        status=Job.Status.FAILED,
        error="1 kesalahan pada berkas; tidak ada yang disimpan.",
        params={"name": "sampel.csv"},
        result={
            "ok": False,
            "rows": 1,
            "error_count": 1,
            "errors": [{"row": 2, "column": "s1", "value": "9", "reason": "level harus 1–5.", "text": "x"}],
        },
    )
    return {"pk": job.pk}


@sample("profiling:letters-zip-file", sees=lambda role, case: case == "own")
def _letters_zip(world, viewer, case):
    """A finished zip of letters: its owner's alone (another user's, even of his instansi, answers 404)."""
    from talenta.core.models import Job
    from talenta.profiling.tasks import LETTERS_KIND, letters_path

    side = {
        "own": world.side(viewer),
        "other_person": world.side(viewer),
        "other_instansi": world.other(viewer),
    }.get(case)
    if side is None:
        return None
    owner = viewer.get_username() if case == "own" else side.subject.username
    job = Job.objects.create(
        kind=LETTERS_KIND, label="sample", instansi_id=side.instansi.pk, created_by=owner, status="succeeded"
    )
    path = letters_path(job.pk)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    return {"pk": job.pk}
