"""Mapping periods: run, re-run diff, finalise, replay, calibration, the command and its export."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from talenta.core.display import tanggal
from talenta.core.models import AuditEntry
from talenta.people.models import SkpHistory
from talenta.profiling.models import Assessment
from talenta.talent import services
from talenta.talent.models import Calibration, MappingPeriod, MappingResult

from .factories import AssessmentFactory, mappable_employee

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 1, 31)


@pytest.fixture
def people(unit):
    return {
        "top": mappable_employee(unit=unit, predikat=("sangat_baik", "sangat_baik"), potential="100"),
        "mid": mappable_employee(unit=unit, predikat=("baik", "sangat_baik"), potential="70"),
        "noskp": mappable_employee(unit=unit, predikat=("baik",), years=(2024,)),
        "old": mappable_employee(unit=unit, assessed_on=date(2019, 3, 1)),
    }


def _period(unit, **kw):
    return services.period_create(instansi=unit.instansi, name=kw.pop("name", "P"), as_of=AS_OF, **kw)


def test_run_maps_every_employee_with_box_or_reason(unit, people, django_assert_max_num_queries):
    period = _period(unit)
    with django_assert_max_num_queries(25):
        report = services.period_run(period=period)
    assert report.total == 4 and report.mappable == 2
    r = {x.employee_id: x for x in MappingResult.objects.filter(period=period)}
    assert r[people["top"].pk].box == 9
    assert r[people["noskp"].pk].reason == "SKP 2025 belum ada" and r[people["noskp"].pk].box is None
    assert r[people["old"].pk].reason == "hasil asesmen kedaluwarsa 2022-03-02"
    # The evidence ids are kept with the result.
    skp_ids = set(SkpHistory.objects.filter(employee=people["top"]).values_list("id", flat=True))
    assert {v["id"] for v in r[people["top"].pk].inputs["skp"].values()} == skp_ids
    assert r[people["top"].pk].inputs["assessment"]["id"] == Assessment.objects.get(employee=people["top"]).pk


def test_rerun_of_a_draft_reports_who_moved_and_why(unit, people):
    period = _period(unit)
    services.period_run(period=period)
    SkpHistory.objects.filter(employee=people["top"], year=2025).update(predikat="baik")
    report = services.period_run(period=period)
    assert [(m["employee_id"], m["from"], m["to"]) for m in report.moved] == [(people["top"].pk, 9, 8)]
    changed = report.moved[0]["changed"]
    assert changed["performance_level"] == ["di_atas", "sesuai"]
    assert "inputs.skp" in changed
    period.refresh_from_db()
    assert period.last_diff[0]["to"] == 8 and period.run_count == 2


def test_finalised_period_is_refused_and_unchanged(unit, people):
    period = _period(unit)
    services.period_run(period=period)
    services.period_finalise(period=period, by=None)
    before = list(MappingResult.objects.filter(period=period).values_list("employee_id", "box", "inputs"))
    SkpHistory.objects.all().update(predikat="sangat_kurang")
    with pytest.raises(ValidationError, match="sudah difinalisasi"):
        services.period_run(period=period)
    assert (
        list(MappingResult.objects.filter(period=period).values_list("employee_id", "box", "inputs"))
        == before
    )


def test_replay_of_a_finalised_period_gives_identical_boxes(unit, people):
    period = _period(unit, config={"performance_combine": "mean"})
    services.period_run(period=period)
    services.period_finalise(period=period, by=None)
    # The live data changes completely; the replay reads only the stored inputs and config.
    SkpHistory.objects.all().delete()
    Assessment.objects.all().delete()
    assert services.period_replay(period=MappingPeriod.objects.get(pk=period.pk)) == []


def test_replay_detects_a_tampered_box(unit, people):
    period = _period(unit)
    services.period_run(period=period)
    MappingResult.objects.filter(employee=people["top"]).update(box=1)
    assert services.period_replay(period=period) == [(people["top"].pk, 1, 9)]


def test_finalise_refuses_pending_proposals(unit, people, make_user):
    period = _period(unit)
    services.period_run(period=period)
    member = make_user("komite", instansi=unit.instansi)
    services.committee_set(instansi=unit.instansi, user=member)
    result = MappingResult.objects.get(period=period, employee=people["top"])
    services.calibration_propose(result=result, to_box=8, reason="Baru dimutasi", by=member)
    with pytest.raises(ValidationError, match="belum diputuskan"):
        services.period_finalise(period=period, by=None)
    assert MappingPeriod.objects.get(pk=period.pk).status == "draft"


# Calibration -------------------------------------------------------------------------------------------


def test_calibration_keeps_both_boxes_who_when_why(unit, people, committee):
    chair, member = committee
    period = _period(unit)
    services.period_run(period=period)
    result = MappingResult.objects.get(period=period, employee=people["mid"])
    computed = result.box
    cal = services.calibration_propose(
        result=result, to_box=7, reason="Kinerja penugasan tim luar biasa", by=member
    )
    result.refresh_from_db()
    assert result.calibrated_box is None  # a proposal alone changes nothing
    services.calibration_decide(calibration=cal, confirm=True, by=chair, note="Disetujui rapat")
    result.refresh_from_db()
    cal.refresh_from_db()
    assert (result.box, result.calibrated_box, result.final_box) == (computed, 7, 7)
    assert result.calibration_reason == "Kinerja penugasan tim luar biasa"
    assert (cal.proposed_by, cal.decided_by, cal.status) == (member, chair, "confirmed")
    assert cal.decided_at is not None
    actions = list(
        AuditEntry.objects.filter(action__startswith="talent.calibration").values_list("action", "reason")
    )
    assert actions == [
        ("talent.calibration_propose", "Kinerja penugasan tim luar biasa"),
        ("talent.calibration_confirm", "Kinerja penugasan tim luar biasa"),
    ]


def test_calibration_requires_a_reason_and_writes_nothing_without_one(unit, people, committee):
    _, member = committee
    period = _period(unit)
    services.period_run(period=period)
    result = MappingResult.objects.get(period=period, employee=people["mid"])
    with pytest.raises(ValidationError, match="alasan kalibrasi wajib"):
        services.calibration_propose(result=result, to_box=7, reason="   ", by=member)
    assert not Calibration.objects.exists()
    assert not AuditEntry.objects.filter(action="talent.calibration_propose").exists()


def test_only_the_chair_decides_and_only_members_propose(unit, people, committee, make_user):
    chair, member = committee
    period = _period(unit)
    services.period_run(period=period)
    result = MappingResult.objects.get(period=period, employee=people["mid"])
    outsider = make_user("analis", instansi=unit.instansi)
    with pytest.raises(ValidationError, match="anggota Komite"):
        services.calibration_propose(result=result, to_box=7, reason="x", by=outsider)
    cal = services.calibration_propose(result=result, to_box=7, reason="x", by=member)
    with pytest.raises(ValidationError, match="ketua"):
        services.calibration_decide(calibration=cal, confirm=True, by=member)
    services.calibration_decide(calibration=cal, confirm=False, by=chair)
    result.refresh_from_db()
    assert result.calibrated_box is None


def test_rerun_keeps_calibrations(unit, people, committee):
    chair, member = committee
    period = _period(unit)
    services.period_run(period=period)
    result = MappingResult.objects.get(period=period, employee=people["mid"])
    cal = services.calibration_propose(result=result, to_box=7, reason="x", by=member)
    services.calibration_decide(calibration=cal, confirm=True, by=chair)
    services.period_run(period=period)
    assert MappingResult.objects.get(pk=result.pk).calibrated_box == 7


@pytest.mark.parametrize("chunk", [1, 2, 3], ids=["chunk-1", "chunk-2", "chunk-3"])
def test_a_run_in_steps_stores_and_reports_what_one_step_does(unit, people, committee, chunk):
    """period_run maps the population `chunk` people at a time (a step's memory, not the population's): the
    same rows, ids, calibrations and report as one step, through a first run and a re-run where one person
    moved box, one with a calibration stayed, one left the population and one joined it."""
    chair, member = committee

    def scenario(step):
        period = _period(unit, name=f"P{step}")
        first = services.period_run(period=period, chunk=step)
        result = MappingResult.objects.get(period=period, employee=people["mid"])
        cal = services.calibration_propose(result=result, to_box=7, reason="x", by=member)
        services.calibration_decide(calibration=cal, confirm=True, by=chair)
        return period, first

    def rows(period):
        return sorted(
            MappingResult.objects.filter(period=period).values_list(
                "employee_id", "box", "mappable", "calibrated_box", "reason", "inputs"
            )
        )

    def summary(report):
        return (report.total, report.mappable, report.created, report.updated, report.removed, report.boxes)

    one, first_one = scenario(10_000)
    many, first_many = scenario(chunk)
    assert summary(first_many) == summary(first_one) and rows(many) == rows(one)
    ids = {
        p: set(MappingResult.objects.filter(period=p).values_list("employee_id", "pk")) for p in (one, many)
    }
    # Between the runs: "top" drops a predikat (moves box), "old" leaves the population, a new person joins.
    SkpHistory.objects.filter(employee=people["top"], year=2025).update(predikat="baik")
    people["old"].status = "pppk"
    people["old"].save(update_fields=["status"])
    joined = mappable_employee(unit=unit, predikat=("baik", "baik"), potential="70")
    again_one = services.period_run(period=one, chunk=10_000)
    again_many = services.period_run(period=many, chunk=chunk)
    assert summary(again_many) == summary(again_one)
    assert again_many.moved == again_one.moved
    moves = {m["employee_id"]: (m["from"], m["to"]) for m in again_many.moved}
    assert moves[people["top"].pk] == (9, 8)
    assert moves[people["old"].pk][1] is None and moves[joined.pk][0] is None
    assert rows(many) == rows(one)
    # Ids survive the re-run for those who stayed, and the calibration with them.
    stayed = {(e, pk) for e, pk in ids[many] if e != people["old"].pk}
    assert stayed <= set(MappingResult.objects.filter(period=many).values_list("employee_id", "pk"))
    assert MappingResult.objects.get(period=many, employee=people["mid"]).calibrated_box == 7
    assert not MappingResult.objects.filter(period=many, employee=people["old"]).exists()


# The command -------------------------------------------------------------------------------------------


def _cmd(*args):
    out = io.StringIO()
    call_command("talent-map", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_command_creates_runs_and_exports(unit, people, tmp_path):
    out_csv = tmp_path / "out.csv"
    cfg = tmp_path / "cfg.json"
    cfg.write_text(
        json.dumps(
            {"performance_combine": "latest", "weights": {"jpm": 0.5, "potential": 0.4, "track_record": 0.1}}
        )
    )
    text = _cmd(
        "--period", "Pemetaan Uji", "--as-of", "2026-01-31", "--config", str(cfg), "--export", str(out_csv)
    )
    assert "dibuat" in text and "2 terpetakan" in text
    period = MappingPeriod.objects.get(name="Pemetaan Uji")
    assert period.as_of == AS_OF and period.config["performance_combine"] == "latest"
    lines = out_csv.read_text().splitlines()
    assert (
        lines[0]
        == "nip,performance_level,jpm,potential_score,potential_level,box,calibrated_box,mappable,reason"
    )
    rows = {r["nip"]: r for r in csv.DictReader(io.StringIO(out_csv.read_text()))}
    top = rows[people["top"].nip]
    assert (top["performance_level"], top["potential_level"], top["box"], top["mappable"]) == (
        "di_atas",
        "tinggi",
        "9",
        "true",
    )
    assert top["jpm"] == "100.00"
    mid = rows[people["mid"].nip]
    assert mid["performance_level"] == "di_atas"  # latest: 2025 sangat baik
    noskp = rows[people["noskp"].nip]
    assert (noskp["box"], noskp["mappable"], noskp["reason"]) == ("", "false", "SKP 2025 belum ada")


def test_command_recomputes_a_draft_and_refuses_a_finalised_one(unit, people):
    _cmd("--period", "P1", "--as-of", "2026-01-31")
    text = _cmd("--period", "P1")
    assert "0 pegawai berpindah kotak" in text and "4 hasil tidak berubah (tidak ditulis ulang)" in text
    assert re.search(r"\(\d+,\d dtk\)", text)  # Indonesian numbers: a decimal comma
    period = services.period_finalise(period=MappingPeriod.objects.get(name="P1"), by=None)
    with pytest.raises(CommandError, match="sudah difinalisasi") as refused:
        _cmd("--period", "P1")
    # The date as a reader writes it (26 Januari 2026), not ISO.
    assert f"pada {tanggal(period.finalised_at)} oleh" in str(refused.value)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", str(refused.value))


def test_command_rejects_a_bad_config_and_writes_nothing(unit, people, tmp_path):
    cfg = tmp_path / "cfg.json"
    cfg.write_text(json.dumps({"performance_combine": "median"}))
    with pytest.raises(CommandError, match="performance_combine"):
        _cmd("--period", "P2", "--as-of", "2026-01-31", "--config", str(cfg))
    assert not MappingPeriod.objects.filter(name="P2").exists()


def test_command_rejects_a_bad_date():
    with pytest.raises(CommandError):
        _cmd("--period", "P3", "--as-of", "31-01-2026")


def test_assessment_without_competencies_is_not_mappable(unit):
    emp = mappable_employee(unit=unit)
    Assessment.objects.filter(employee=emp).update(
        m1=None, m2=None, m3=None, m4=None, m5=None, m6=None, m7=None, m8=None, s1=None
    )
    AssessmentFactory  # noqa: B018 - keeps the factory import used by other tests
    period = _period(unit)
    services.period_run(period=period)
    assert MappingResult.objects.get(employee=emp).reason == "hasil asesmen tanpa nilai kompetensi"
    assert Decimal("1")
