"""Samples for the routes of core, accounts and the people API."""

from __future__ import annotations

from talenta.accounts.services import token_create
from talenta.core.models import Job
from tests.access.registry import sample


def _sees_job(role: str, case: str) -> bool:
    # Issue #12 finding 4: his own job, or a SIASN export of his instansi if he may manage SIASN data.
    return case == "own" or (case == "other_person" and role in {"admin", "analis"})


@sample("dashboard:job", sees=_sees_job)
def _job(world, viewer, case):
    """own: a job the viewer started; other_person: another user's SIASN export of the viewer's instansi."""
    side = {
        "own": world.side(viewer),
        "other_person": world.side(viewer),
        "other_instansi": world.other(viewer),
    }
    side = side.get(case)
    if side is None:
        return None
    owner = viewer.get_username() if case == "own" else side.subject.username
    job = Job.objects.create(
        kind="siasn.export", label="sample", instansi_id=side.instansi.pk, created_by=owner
    )
    return {"pk": job.pk}


@sample("accounts:my-token-revoke", private=True)
def _my_token(world, viewer, case):
    owner = {
        "own": viewer if viewer.is_authenticated else None,
        "other_person": world.side(viewer).subject,
        "other_instansi": world.other(viewer).users["admin"],
    }.get(case)
    if owner is None:
        return None
    return {"pk": token_create(user=owner, name="sample").token.pk}


@sample("accounts:user-edit", "accounts:user-active", "accounts:user-password", "accounts:user-token-create")
def _user(world, viewer, case):
    subject = {"own": world.side(viewer).subject, "other_instansi": world.other(viewer).subject}.get(case)
    return None if subject is None else {"pk": subject.pk}


@sample("accounts:user-token-revoke")
def _user_token(world, viewer, case):
    subject = {"own": world.side(viewer).subject, "other_instansi": world.other(viewer).subject}.get(case)
    if subject is None:
        return None
    return {"pk": subject.pk, "token_pk": token_create(user=subject, name="sample").token.pk}


@sample("accounts:audit-export", objects=False)
def _export(world, viewer, case):
    return {"fmt": "xlsx"} if case == "own" else None


# ----------------------------------------------------------------------------------------------- API


@sample("GET /api/v1/instansi/{instansi_id}")
def _api_instansi(world, viewer, case):
    side = {"own": world.side(viewer), "other_instansi": world.other(viewer)}.get(case)
    return None if side is None else {"instansi_id": side.instansi.pk}


@sample("GET /api/v1/units/{unit_id}")
def _api_unit(world, viewer, case):
    side, other = world.side(viewer), world.other(viewer)
    unit = {"own": side.sub, "other_unit": side.other_unit, "other_instansi": other.sub}.get(case)
    return None if unit is None else {"unit_id": unit.pk}


@sample("GET /api/v1/positions/{position_id}", hidden_from={"pegawai"})
def _api_position(world, viewer, case):
    side, other = world.side(viewer), world.other(viewer)
    pos = {"own": side.position, "other_unit": side.other_position, "other_instansi": other.position}.get(
        case
    )
    return None if pos is None else {"position_id": pos.pk}


@sample("GET /api/v1/employees/{employee_id}")
def _api_employee(world, viewer, case):
    side, other = world.side(viewer), world.other(viewer)
    emp = {
        "own": side.employee,
        "other_person": side.colleague,
        "other_unit": side.outsider,
        "other_instansi": other.employee,
    }.get(case)
    return None if emp is None else {"employee_id": emp.pk}


@sample("accounts:notification-read", private=True)
def _notification(world, viewer, case):
    """A notification is its recipient's alone: another person's, even of his instansi, answers 404."""
    from talenta.accounts.notifications import Kind, notify

    owner = {
        "own": viewer if viewer.is_authenticated else None,
        "other_person": world.side(viewer).subject,
        "other_instansi": world.other(viewer).users["admin"],
    }.get(case)
    if owner is None or not owner.instansi_id:
        return None
    [note] = notify(users=[owner], kind=Kind.DECISION, params={"name": "Budi", "post": "Kepala Dinas"})
    return {"pk": note.pk}
