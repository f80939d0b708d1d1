"""Workflow, decision types, evidence snapshots, batches (with the database)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from talenta.core.models import AuditEntry
from talenta.people.models import Employee, JabatanHistory, Position, SkpHistory
from talenta.placement import selectors, services
from talenta.placement.models import Candidacy, Decision, InstallationBatch, RequirementSet
from tests.people.factories import OtherInstansiFactory
from tests.placement.factories import ON, admin_employee, held_jpt, province, vacant_jpt

pytestmark = pytest.mark.django_db


@pytest.fixture
def prov():
    return province()


@pytest.fixture
def users(prov, make_user):
    return {r: make_user(r, instansi=prov) for r in ("admin", "analis", "komite", "pimpinan", "auditor")}


def _process(prov, users):
    pos = vacant_jpt(prov) or held_jpt(prov)[0]
    proc = services.filling_process_open(
        instansi=prov, positions=[pos], by=users["analis"], name="Uji", as_of=ON, today=ON
    )
    return proc.posts.get()


def test_requirement_tables_are_seeded_and_versioned(prov, users):
    rs = selectors.requirement_set_for("jpt_pratama", prov.pk)
    assert rs.version == 1 and rs.data["max_age"] == 56 and rs.instansi_id is None
    new = services.requirement_set_update(
        instansi=prov,
        level="jpt_pratama",
        data={**rs.data, "discipline_years": 3},
        by=users["admin"],
        note="SK",
    )
    assert new.version == 1 and new.instansi_id == prov.pk
    again = services.requirement_set_update(
        instansi=prov, level="jpt_pratama", data={**rs.data, "discipline_years": 4}, by=users["admin"]
    )
    assert again.version == 2
    assert selectors.requirement_set_for("jpt_pratama", prov.pk).pk == again.pk
    assert RequirementSet.objects.filter(level="jpt_pratama", instansi=prov).count() == 2


def test_only_the_admin_edits_requirements(prov, users):
    with pytest.raises(PermissionDenied):
        services.requirement_set_update(instansi=prov, level="jpt_pratama", data={}, by=users["analis"])


def test_an_instansi_edit_leaves_another_instansi_and_is_audited_in_its_own(prov, users, make_user):
    """Issue 12: Kab. Serang's admin sets prior_years=30 for Administrator; the province still uses the
    national table (its eligible count is unchanged) and the audit entry is Kab. Serang's."""
    serang = OtherInstansiFactory()
    admin_b = make_user("admin", username="admin-serang", instansi=serang)
    pos = Position.objects.filter(instansi=prov, level="administrator").first()
    before = services.rank_position(position=pos, on=ON)
    national = selectors.requirement_set_for("administrator", prov.pk)
    services.requirement_set_update(
        instansi=serang,
        level="administrator",
        data={**national.data, "prior_years": 30},
        by=admin_b,
        note="uji",
    )
    selectors.pool_invalidate()
    after = services.rank_position(position=pos, on=ON)
    assert after.requirement_set.pk == national.pk
    assert after.eligible_count == before.eligible_count > 0
    entry = AuditEntry.objects.get(action="placement.requirements_update")
    assert entry.instansi_id == serang.pk
    assert selectors.requirement_set_for("administrator", serang.pk).data["prior_years"] == 30


def test_an_admin_cannot_edit_another_instansis_table(prov, make_user):
    serang = OtherInstansiFactory()
    admin_b = make_user("admin", username="admin-serang", instansi=serang)
    with pytest.raises(PermissionDenied):
        services.requirement_set_update(instansi=prov, level="administrator", data={}, by=admin_b)
    assert not RequirementSet.objects.filter(instansi=prov).exists()


def test_the_merit_exception_is_an_audited_instansi_setting_off_by_default(prov, users):
    pos = vacant_jpt(prov) or held_jpt(prov)[0]
    assert selectors.post_for(pos, ON).merit_exception is False
    with pytest.raises(ValidationError):
        services.merit_exception_set(instansi=prov, active=True, reference="", since=ON, by=users["admin"])
    services.merit_exception_set(
        instansi=prov, active=True, reference="B-1234/BKN/2025", since=date(2025, 2, 12), by=users["admin"]
    )
    assert selectors.post_for(pos, ON).merit_exception is True
    assert selectors.post_for(pos, date(2025, 1, 1)).merit_exception is False
    assert AuditEntry.objects.get(action="placement.merit_exception").instansi_id == prov.pk


def test_ranking_run_stores_weights_and_requirement_version(prov, users):
    pos = vacant_jpt(prov) or held_jpt(prov)[0]
    outcome = services.rank_position(
        position=pos, on=ON, weights={"jpm": 1, "talent": 1, "performance": 1, "history": 1, "readiness": 1}
    )
    run = services.ranking_run_create(outcome=outcome, by=users["analis"])
    assert run.weights["jpm"] == pytest.approx(0.2)
    assert run.requirement_set.version == 1
    for c in outcome.candidates:
        assert sum(c.parts.values()) == c.score


def test_an_outcome_says_where_each_person_ranks(prov):
    pos = vacant_jpt(prov) or held_jpt(prov)[0]
    outcome = services.rank_position(position=pos, on=ON, top=None, near_top=5)
    assert outcome.candidates
    for c in outcome.candidates:
        assert outcome.rank_of(c.employee_id) == c.rank
        assert int(outcome.pool.employee_id[outcome.row_of(c.employee_id)]) == c.employee_id
    for c in outcome.near:  # near-eligible: in the pool, not in the ranking
        assert outcome.row_of(c.employee_id) is not None and outcome.rank_of(c.employee_id) is None
    assert outcome.row_of(-1) is None and outcome.rank_of(-1) is None


@pytest.mark.parametrize("role", ["komite", "pimpinan", "auditor", "admin"])
def test_only_the_analyst_proposes(prov, users, role):
    fp = _process(prov, users)
    with pytest.raises(PermissionDenied):
        services.proposal_create(filling_post=fp, by=users[role])
    assert not fp.candidacies.exists()


def test_workflow_propose_recommend_decide(prov, users):
    fp = _process(prov, users)
    cands = services.proposal_create(filling_post=fp, by=users["analis"])
    assert 1 <= len(cands) <= 3
    with pytest.raises(PermissionDenied):
        services.recommend(filling_post=fp, candidacy=cands[0], minutes="Rapat", by=users["analis"])
    with pytest.raises(ValidationError):
        services.recommend(filling_post=fp, candidacy=cands[0], minutes="", by=users["komite"])
    services.recommend(
        filling_post=fp, candidacy=cands[0], minutes="Rapat komite 20 Jan 2026", by=users["komite"]
    )
    with pytest.raises(PermissionDenied):
        services.decide(filling_post=fp, candidacy=cands[0], by=users["komite"])
    d = services.decide(filling_post=fp, candidacy=cands[0], by=users["pimpinan"])
    assert d.kind in {"promosi", "rotasi"}
    assert d.snapshot_intact
    entry = AuditEntry.objects.filter(action="placement.decide").get()
    assert entry.changes["snapshot_sha256"] == d.snapshot_sha256


def test_departing_from_the_ranking_needs_a_reason(prov, users):
    fp = _process(prov, users)
    cands = services.proposal_create(filling_post=fp, by=users["analis"])
    if len(cands) < 2:
        pytest.skip("the synthetic province gave a single eligible candidate")
    with pytest.raises(ValidationError):
        services.recommend(filling_post=fp, candidacy=cands[1], minutes="Rapat", by=users["komite"])
    fp2 = services.recommend(
        filling_post=fp, candidacy=cands[1], minutes="Rapat", by=users["komite"], reason="Pengalaman krisis"
    )
    assert fp2.recommendation_reason == "Pengalaman krisis"


def test_among_those_proposed_from_beyond_the_top_the_better_score_is_the_ranking(prov, users):
    """All stored at rank 999: which one the ranking prefers must not be the database's order of ties."""
    fp = _process(prov, users)
    cands = services.proposal_create(filling_post=fp, by=users["analis"])
    if len(cands) < 2:
        pytest.skip("the synthetic province gave a single eligible candidate")
    low, high = cands[0], cands[1]
    Candidacy.objects.filter(pk=low.pk).update(rank=999, score=Decimal("40.00"))
    Candidacy.objects.filter(pk=high.pk).update(rank=999, score=Decimal("55.00"))
    Candidacy.objects.filter(filling_post=fp).exclude(pk__in=[low.pk, high.pk]).delete()
    low.refresh_from_db()
    high.refresh_from_db()
    assert list(fp.candidacies.all()) == [high, low]
    with pytest.raises(ValidationError):
        services.recommend(filling_post=fp, candidacy=low, minutes="Rapat", by=users["komite"])
    services.recommend(filling_post=fp, candidacy=high, minutes="Rapat", by=users["komite"])
    fp.refresh_from_db()
    assert fp.recommended_id == high.pk and fp.recommendation_reason == ""


def test_snapshot_does_not_change_when_the_employee_data_changes(prov, users):
    fp = _process(prov, users)
    cands = services.proposal_create(filling_post=fp, by=users["analis"])
    services.recommend(filling_post=fp, candidacy=cands[0], minutes="Rapat", by=users["komite"])
    d = services.decide(filling_post=fp, candidacy=cands[0], by=users["pimpinan"])
    before = d.snapshot
    emp = d.employee
    emp.name = "Nama Diubah"
    emp.golongan = "45"
    emp.save()
    SkpHistory.objects.filter(employee=emp).update(predikat="sangat_kurang")
    selectors.pool_invalidate()
    d.refresh_from_db()
    assert d.snapshot == before
    assert hashlib.sha256(d.snapshot.encode()).hexdigest() == d.snapshot_sha256
    assert "Nama Diubah" not in d.snapshot


def _types(prov):
    jpts = held_jpt(prov)
    admin = admin_employee(prov)
    vacant = vacant_jpt(prov)
    return jpts, admin, vacant


def test_decision_types_are_derived(prov):
    jpts, admin, _vacant = _types(prov)
    a, b = jpts[0].current_holder, jpts[1].current_holder
    assert services.derive_type(a, jpts[1]) == "rotasi"
    assert services.derive_type(a, jpts[0]) == "penetapan_kembali"
    assert services.derive_type(admin, jpts[0]) == "promosi"
    assert services.derive_type(admin, jpts[0], "plt") == "plt"
    other = Position.objects.create(
        instansi=OtherInstansiFactory(),
        unit=jpts[0].unit,
        name="Kadis Lain",
        kind="struktural",
        level="jpt_pratama",
        eselon="21",
    )
    assert services.derive_type(b, other) == "mutasi"


def _batch(prov, users, tmp_path):
    jpts, admin, vacant = _types(prov)
    a, b, c = (p.current_holder for p in jpts[:3])
    target = vacant or jpts[3]
    rows = [
        {"nip": a.nip, "position": jpts[1].pk},  # rotasi (swap with b)
        {"nip": b.nip, "position": jpts[0].unit.bkn_unor_id},  # rotasi, by unor id
        {"nip": c.nip, "position": jpts[2].pk},  # penetapan kembali
        {"nip": admin.nip, "position": target.pk},  # promosi
    ]
    if vacant is None:
        Employee.objects.filter(position=target).update(position=None)
    path = tmp_path / "keputusan.json"
    path.write_text(json.dumps(rows))
    return path, (a, b, c, admin), (jpts, target)


def test_batch_create_command_and_summary(prov, users, tmp_path, capsys):
    path, _, _ = _batch(prov, users, tmp_path)
    call_command(
        "batch-create",
        str(path),
        "--sk",
        "821/Kep.1/2026",
        "--date",
        "2026-01-26",
        "--decided-by",
        users["pimpinan"].username,
    )
    batch_id = int(capsys.readouterr().out.strip())
    call_command("batch-summary", str(batch_id))
    assert capsys.readouterr().out.strip() == "4 pejabat: 2 rotasi, 1 promosi, 1 penetapan kembali"
    call_command("batch-summary", str(batch_id), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 4 and data["rotasi"] == 2 and data["promosi"] == 1 and data["mutasi"] == 0
    assert data["text"].startswith("4 pejabat")


def test_batch_create_refuses_a_non_pimpinan(prov, users, tmp_path):
    path, _, _ = _batch(prov, users, tmp_path)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command(
            "batch-create",
            str(path),
            "--sk",
            "1",
            "--date",
            "2026-01-26",
            "--decided-by",
            users["komite"].username,
        )
    assert not InstallationBatch.objects.exists()


def test_batch_create_reports_every_bad_row_and_writes_nothing(prov, users):
    with pytest.raises(ValidationError) as e:
        services.batch_create_from_rows(
            instansi=prov,
            sk_nomor="1",
            sk_date=date(2026, 1, 26),
            by=users["pimpinan"],
            rows=[{"nip": "1", "position": "x"}, {"nip": "2", "position": "y"}],
        )
    assert len(e.value.messages) == 4
    assert not Decision.objects.exists()


def test_batch_apply_installs_everyone_and_vacates_old_posts(prov, users, tmp_path):
    path, (a, b, c, admin), (jpts, target) = _batch(prov, users, tmp_path)
    rows = json.loads(path.read_text())
    batch = services.batch_create_from_rows(
        instansi=prov, sk_nomor="821/Kep.1/2026", sk_date=date(2026, 1, 26), by=users["pimpinan"], rows=rows
    )
    old_admin_post = admin.position_id
    target.acting_holder, target.acting_kind = c, "plt"
    target.save()
    assert services.batch_apply(batch=batch, by=users["analis"]) == 4
    for e in (a, b, c, admin):
        e.refresh_from_db()
    assert a.position_id == jpts[1].pk and b.position_id == jpts[0].pk and c.position_id == jpts[2].pk
    assert admin.position_id == target.pk and admin.tmt_jabatan == date(2026, 1, 26)
    assert JabatanHistory.objects.filter(sk_nomor="821/Kep.1/2026").count() == 4
    target.refresh_from_db()
    assert target.acting_holder_id is None
    vac = {v.position.pk for v in selectors.vacancies(Position.objects.filter(instansi=prov), today=ON)}
    assert old_admin_post in vac
    assert AuditEntry.objects.filter(action="placement.batch_apply").exists()


def test_batch_apply_is_atomic(prov, users, tmp_path):
    path, (_a, _b, _c, admin), (_jpts, target) = _batch(prov, users, tmp_path)
    rows = json.loads(path.read_text())
    batch = services.batch_create_from_rows(
        instansi=prov, sk_nomor="X", sk_date=date(2026, 1, 26), by=users["pimpinan"], rows=rows
    )
    # Someone not in the batch now sits in the promotion's target post: the last decision must fail.
    intruder = Employee.objects.filter(instansi=prov, position__isnull=True).exclude(pk=admin.pk).first()
    Employee.objects.filter(pk=intruder.pk).update(position=target)
    before = {e.pk: e.position_id for e in Employee.objects.filter(instansi=prov)}
    hist = JabatanHistory.objects.count()
    with pytest.raises(ValidationError):
        services.batch_apply(batch=batch, by=users["analis"])
    assert {e.pk: e.position_id for e in Employee.objects.filter(instansi=prov)} == before
    assert JabatanHistory.objects.count() == hist
    batch.refresh_from_db()
    assert batch.applied_at is None
    assert not Decision.objects.filter(applied=True).exists()


@pytest.mark.slow
def test_demo_seed_mirrors_26_january_2026(make_user):
    from talenta.placement import demo
    from tests.people.factories import InstansiFactory

    inst = InstansiFactory()
    counts = demo.seed(instansi=inst, seed=3, size=200, as_of=ON)
    batch = InstallationBatch.objects.get(instansi=inst)
    assert services.batch_summary(batch)["text"] == "10 pejabat: 6 rotasi, 3 promosi, 1 penetapan kembali"
    assert batch.applied_at is not None
    assert counts["placement.FillingPost"] >= 1


def test_batch_create_records_an_acting_assignment(prov, users):
    jpts, admin, vacant = _types(prov)
    target = vacant or jpts[0]
    batch = services.batch_create_from_rows(
        instansi=prov,
        sk_nomor="Plt/1",
        sk_date=date(2026, 2, 1),
        by=users["pimpinan"],
        rows=[{"nip": admin.nip, "position": target.pk, "acting": "plt"}],
    )
    assert services.batch_summary(batch)["text"] == "1 pejabat: 1 Plt"
    services.batch_apply(batch=batch, by=users["analis"])
    target.refresh_from_db()
    admin.refresh_from_db()
    assert target.acting_holder_id == admin.pk and admin.position.level == "administrator"


def test_an_edit_through_the_screen_by_another_instansi_leaves_this_one_unchanged(
    prov, users, make_user, client
):
    """Issue 12, through the screen (the same request on the code before the fix emptied the province's
    Administrator shortlist): Kab. Serang's admin saves prior_years=30 for Administrator."""
    from django.urls import reverse

    serang = OtherInstansiFactory()
    client.force_login(make_user("admin", username="admin-serang", instansi=serang))
    pos = Position.objects.filter(instansi=prov, level="administrator").first()
    before = services.rank_position(position=pos, on=ON).eligible_count
    from tests.placement.factories import requirement_form_post

    r = client.post(
        reverse("placement:requirements"), requirement_form_post(serang.pk, "administrator", prior_years=30)
    )
    assert r.status_code == 302
    selectors.pool_invalidate()
    assert services.rank_position(position=pos, on=ON).eligible_count == before > 0
