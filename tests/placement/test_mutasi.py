"""Moves between the instansi of a region (issue #18): every step at its instansi and stage, the atomic move
of the employee with his history and open plans, and the audit trail of both instansi."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from talenta.accounts import scope
from talenta.core.models import AuditEntry
from talenta.people.models import Employee, Instansi, JabatanHistory, Position
from talenta.placement import demo, services
from talenta.placement.models import Decision, Mutasi
from talenta.placement.mutasi import (
    mutasi_consider,
    mutasi_decide,
    mutasi_install,
    mutasi_propose,
    mutasi_release,
)
from talenta.talent.models import DevelopmentPlan
from tests.placement.factories import ON, admin_employee, vacant_jpt

pytestmark = pytest.mark.django_db

SK_DATE = date(2026, 12, 1)


def _proposed(region, users) -> Mutasi:
    _, prov, kab = region
    return mutasi_propose(
        employee=admin_employee(kab), position=vacant_jpt(prov), by=users["prov-analis"], on=ON, reason="Uji"
    )


def _decided(region, users) -> Mutasi:
    m = _proposed(region, users)
    m = mutasi_release(mutasi=m, by=users["kab-pimpinan"], agree=True)
    m = mutasi_consider(
        mutasi=m, by=users["prov-analis"], number="PERTEK-III/2026/0042", on=date(2026, 11, 20)
    )
    return mutasi_decide(
        mutasi=m, by=users["prov-pimpinan"], sk_nomor="821.2/Kep.301-BKD/2026", sk_date=SK_DATE
    )


def _trail(instansi: Instansi, m: Mutasi) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            instansi_id=instansi.pk, target_type="placement.mutasi", target_id=str(m.pk)
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_the_move_runs_every_step_and_the_employee_moves_with_his_history_and_open_plans(region, users):
    _, prov, kab = region
    emp = admin_employee(kab)
    old_position = emp.position
    plan = DevelopmentPlan.objects.create(employee=emp, status=DevelopmentPlan.Status.ACTIVE)
    m = _decided(region, users)
    decision = Decision.objects.get(pk=m.decision_id)
    assert decision.kind == Decision.Kind.MUTASI and decision.instansi_id == prov.pk
    assert services.batch_summary(decision.batch)["mutasi"] == 1
    assert services.batch_summary(decision.batch)["text"] == "1 pejabat: 1 mutasi"

    m = mutasi_install(mutasi=m, by=users["prov-admin"])

    emp.refresh_from_db()
    assert m.stage == Mutasi.Stage.INSTALLED
    assert (
        emp.instansi_id == prov.pk and emp.position_id == m.position_id and emp.unit_id == m.position.unit_id
    )
    assert emp.tmt_jabatan == SK_DATE
    last = JabatanHistory.objects.filter(employee=emp).order_by("-tmt", "-pk").first()
    assert last.position_id == m.position_id and last.sk_nomor == "821.2/Kep.301-BKD/2026"
    old_position.refresh_from_db()
    assert old_position.vacant_from == SK_DATE
    # The plan is his: the receiving instansi now sees it, the releasing one no longer does.
    assert scope.visible(users["prov-analis"], DevelopmentPlan).filter(pk=plan.pk).exists()
    assert not scope.visible(users["kab-analis"], DevelopmentPlan).filter(pk=plan.pk).exists()
    assert not scope.visible(users["kab-analis"], Employee).filter(pk=emp.pk).exists()
    decision.refresh_from_db()
    assert decision.applied and decision.batch.applied_at is not None


def test_both_audit_trails_hold_every_step(region, users):
    _, prov, kab = region
    m = mutasi_install(mutasi=_decided(region, users), by=users["prov-admin"])
    steps = ["mutasi.propose", "mutasi.release", "mutasi.consider", "mutasi.decide", "mutasi.install"]
    assert _trail(prov, m) == steps
    assert _trail(kab, m) == steps


def test_a_refusal_needs_a_reason_and_ends_the_move(region, users):
    m = _proposed(region, users)
    with pytest.raises(ValidationError) as e:
        mutasi_release(mutasi=m, by=users["kab-pimpinan"], agree=False, reason="  ")
    assert e.value.code == "reason"
    m.refresh_from_db()
    assert m.stage == Mutasi.Stage.PROPOSED
    m = mutasi_release(
        mutasi=m, by=users["kab-pimpinan"], agree=False, reason="Kebutuhan guru di Kab. Serang"
    )
    assert m.stage == Mutasi.Stage.REFUSED and m.refusal_reason == "Kebutuhan guru di Kab. Serang"
    with pytest.raises(ValidationError) as e:
        mutasi_consider(mutasi=m, by=users["prov-analis"], number="X", on=date(2026, 11, 20))
    assert e.value.code == "stage"


def test_each_step_belongs_to_its_instansi(region, users):
    _, prov, kab = region
    with pytest.raises(PermissionDenied):  # the releasing instansi cannot propose into the province's post
        mutasi_propose(employee=admin_employee(kab), position=vacant_jpt(prov), by=users["kab-analis"], on=ON)
    m = _proposed(region, users)
    with pytest.raises(PermissionDenied):  # the Governor does not agree in the releasing PPK's place
        mutasi_release(mutasi=m, by=users["prov-pimpinan"], agree=True)
    with pytest.raises(PermissionDenied):  # an analyst is not a PPK
        mutasi_release(mutasi=m, by=users["kab-analis"], agree=True)
    m.refresh_from_db()
    assert m.stage == Mutasi.Stage.PROPOSED and m.released_by == ""


def test_the_governor_decides_only_after_bkn_s_consideration(region, users):
    m = mutasi_release(mutasi=_proposed(region, users), by=users["kab-pimpinan"], agree=True)
    with pytest.raises(ValidationError) as e:
        mutasi_decide(mutasi=m, by=users["prov-pimpinan"], sk_nomor="1", sk_date=SK_DATE)
    assert e.value.code == "stage"
    with pytest.raises(ValidationError) as e:
        mutasi_consider(mutasi=m, by=users["prov-analis"], number="", on=None)
    assert e.value.code == "bkn"
    assert not Decision.objects.filter(employee=m.employee).exists()


def test_an_employee_outside_the_region_cannot_be_proposed(region, users, make_user):
    _, prov, _ = region
    elsewhere = Instansi.objects.create(bkn_id="JABAR-DEMO", name="Pemerintah Kota Bandung", kind="kota")
    demo.build_province(instansi=elsewhere, seed=23, size=40, as_of=ON, n_opd=2)
    with pytest.raises(ValidationError) as e:
        mutasi_propose(
            employee=admin_employee(elsewhere), position=vacant_jpt(prov), by=users["prov-analis"], on=ON
        )
    assert e.value.code == "region"
    assert not Mutasi.objects.exists()


def test_installation_is_all_or_nothing(region, users):
    _, prov, kab = region
    m = _decided(region, users)
    emp = admin_employee(kab)
    someone = Employee.objects.filter(instansi=prov, position__isnull=True).first()
    Employee.objects.filter(pk=someone.pk).update(position=m.position)
    with pytest.raises(ValidationError) as e:
        mutasi_install(mutasi=m, by=users["prov-admin"])
    assert e.value.code == "occupied"
    emp.refresh_from_db()
    assert emp.instansi_id == kab.pk
    m.refresh_from_db()
    assert m.stage == Mutasi.Stage.DECIDED


def test_the_move_is_seen_by_both_instansi_and_the_region_not_by_a_third(region, users, make_user):
    banten, prov, _ = region
    m = _proposed(region, users)
    third = Instansi.objects.create(
        bkn_id="CLG-DEMO", name="Pemerintah Kota Cilegon", kind="kota", region=banten
    )
    assert scope.visible(users["prov-analis"], Mutasi).filter(pk=m.pk).exists()
    assert scope.visible(users["kab-pimpinan"], Mutasi).filter(pk=m.pk).exists()
    assert not scope.visible(make_user("analis", username="clg", instansi=third), Mutasi).exists()
    oversight = make_user("regional", username="kanreg", instansi=prov)
    assert scope.visible(oversight, Mutasi).filter(pk=m.pk).exists()
    assert Position.objects.filter(pk=m.position_id, instansi=prov).exists()


def test_the_releasing_instansi_s_own_records_are_shown_to_the_others_only_after_it_agrees(region, users):
    from talenta.placement.mutasi import evidence_for
    from talenta.placement.sharing import VERIFY_NOTE

    m = _proposed(region, users)

    def discipline(user):
        rows = evidence_for(m, user)["eligibility"]["rows"]
        return [r["evidence"] for r in rows if r["code"] == "discipline"]

    assert discipline(users["prov-analis"]) and set(discipline(users["prov-analis"])) == {VERIFY_NOTE}
    assert VERIFY_NOTE not in discipline(users["kab-pimpinan"])
    m = mutasi_release(mutasi=m, by=users["kab-pimpinan"], agree=True)
    assert VERIFY_NOTE not in discipline(users["prov-analis"])


def test_every_view_of_the_move_is_audited_in_each_instansi_concerned(region, users, client):
    _, prov, kab = region
    m = _proposed(region, users)
    client.force_login(users["kab-pimpinan"])
    assert client.get(reverse("placement:mutasi", args=[m.pk])).status_code == 200
    views = AuditEntry.objects.filter(action="mutasi.view", target_id=str(m.pk))
    assert set(views.values_list("instansi_id", flat=True)) == {prov.pk, kab.pk}
    assert set(views.values_list("actor_username", flat=True)) == {"kab-pimpinan"}


def test_the_installation_keeps_the_day_the_post_fell_vacant_on_the_decision(region, users):
    _, prov, _ = region
    post = vacant_jpt(prov)
    Position.objects.filter(pk=post.pk).update(vacant_from=date(2026, 6, 1))
    m = mutasi_install(mutasi=_decided(region, users), by=users["prov-admin"])
    decision = Decision.objects.get(pk=m.decision_id)
    assert decision.vacant_since == date(2026, 6, 1) and decision.batch.sk_date == SK_DATE


def test_the_move_page_gives_its_times_as_dates_and_wib(region, users, client):
    from talenta.core.display import waktu

    m = mutasi_install(mutasi=_decided(region, users), by=users["prov-admin"])
    client.force_login(users["prov-admin"])
    body = client.get(reverse("placement:mutasi", args=[m.pk])).content.decode()
    assert waktu(m.proposed_at) in body and waktu(m.installed_at) in body and " WIB" in body
    assert m.proposed_at.date().isoformat() not in body


def test_the_move_page_names_who_acted_as_people_not_as_logins(region, users, client):
    from django.utils.html import escape

    from talenta.core.display import person

    proposer, releaser = users["prov-analis"], users["kab-pimpinan"]
    proposer.first_name, proposer.last_name = "Ratna Sari", "Dewi"
    proposer.save()
    m = mutasi_install(mutasi=_decided(region, users), by=users["prov-admin"])
    client.force_login(users["prov-admin"])
    body = client.get(reverse("placement:mutasi", args=[m.pk])).content.decode()
    assert "Ratna Sari Dewi" in body and f">{proposer.username} ·" not in body
    assert escape(person(releaser)) in body  # the releasing PPK: his employee's name, or his account's


def test_after_the_move_his_results_in_the_releasing_instansi_stay_that_instansi_s(region, users, client):
    """The profile's mapping tab and the data-quality screen of the receiving instansi read his mapping
    results through the tenant boundary: those of the releasing instansi's periods are not shown, as the
    card of such a result answers 404."""
    from decimal import Decimal

    from talenta.talent import services as talent_services
    from talenta.talent.models import MappingResult

    _, _prov, kab = region
    emp = admin_employee(kab)
    period = talent_services.period_create(instansi=kab, name="Pemetaan Kabupaten Rahasia", as_of=ON)
    talent_services.period_run(period=period)
    talent_services.period_finalise(period=period, by=None)
    result = MappingResult.objects.get(period=period, employee=emp)
    MappingResult.objects.filter(pk=result.pk).update(potential_score=Decimal("123.4"))  # a quality finding
    client.force_login(users["kab-analis"])
    assert "Pemetaan Kabupaten Rahasia" in client.get(reverse("talent:employee-mapping", args=[emp.pk])).text
    assert "Pemetaan Kabupaten Rahasia" in client.get(reverse("placement:data-quality")).text

    mutasi_install(mutasi=_decided(region, users), by=users["prov-admin"])
    client.force_login(users["prov-analis"])
    assert client.get(reverse("talent:card", args=[result.pk])).status_code == 404
    tab = client.get(reverse("talent:employee-mapping", args=[emp.pk]))
    assert tab.status_code == 200 and "Pemetaan Kabupaten Rahasia" not in tab.text
    quality = client.get(reverse("placement:data-quality"))
    assert quality.status_code == 200 and "Pemetaan Kabupaten Rahasia" not in quality.text
