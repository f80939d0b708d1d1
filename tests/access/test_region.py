"""The region (issue #18) in the access rules: the regional oversight role reads every instansi of its region
and writes nothing; a shared pool is seen by the BKD of the other instansi of the region, every view audited
in both; an instansi that does not share stays invisible (the whole matrix runs on a world whose two
instansi are of one region and share nothing: test_matrix.py)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from talenta.accounts import policy, scope
from talenta.accounts.roles import Reach, Role, reach
from talenta.core.models import AuditEntry
from talenta.people.models import Employee, Instansi, Region
from talenta.talent.models import MappingPeriod, MappingResult, PoolSharing
from talenta.talent.sharing import sharing_update
from tests.access.world import build_world

pytestmark = pytest.mark.django_db

READ_ONLY = {
    "home.view",
    "account.self",
    "api.docs",
    "job.view",
    "mutasi.view",
    "region.oversight",
    "region.export",
}


def test_the_regional_role_reaches_its_region_and_is_given_only_reading_actions():
    assert reach(Role.REGIONAL) == Reach.REGION
    granted = {a for a, r in policy.POLICY.items() if Role.REGIONAL in r.roles}
    assert granted == READ_ONLY


def test_the_world_of_the_matrix_is_one_region_that_shares_nothing():
    world = build_world()
    assert world.a.instansi.region_id == world.b.instansi.region_id == world.region.pk
    assert not PoolSharing.objects.exists()


def test_the_regional_reach_sees_every_instansi_of_its_region_and_no_other():
    world = build_world()
    elsewhere = Instansi.objects.create(
        bkn_id="JABAR-X", name="Pemerintah Kota Bandung", kind="kota", region=Region.objects.create(code="32")
    )
    regional = world.a.users["regional"]
    seen = set(scope.visible(regional, Employee).values_list("instansi_id", flat=True))
    assert seen == {world.a.instansi.pk, world.b.instansi.pk, world.c.pk}
    assert elsewhere.pk not in set(scope.visible(regional, Instansi).values_list("pk", flat=True))
    # and the other roles still see only their own instansi
    assert set(scope.visible(world.a.users["analis"], Employee).values_list("instansi_id", flat=True)) == {
        world.a.instansi.pk
    }


def test_the_oversight_screen_and_its_export_compare_the_instansi_of_the_region():
    world = build_world()
    Instansi.objects.create(bkn_id="JABAR-X", name="Pemerintah Kota Bandung", kind="kota")
    client = Client()
    client.force_login(world.a.users["regional"])
    assert client.get(reverse("dashboard:home"))["Location"] == reverse("region:overview")
    page = client.get(reverse("region:overview")).content.decode()
    for name in (world.a.instansi.name, world.b.instansi.name, world.c.name):
        assert name in page
    assert "Kota Bandung" not in page
    response = client.get(reverse("region:export"))
    ws = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert {world.a.instansi.name, world.b.instansi.name, world.c.name} <= set(names)
    assert "Pemerintah Kota Bandung" not in names
    assert AuditEntry.objects.filter(action="region.export", actor_username="a-regional").exists()
    # Everything else of one instansi's daily work is refused to the oversight role.
    assert client.get(reverse("people:employee-list")).status_code == 403
    assert client.get(reverse("talent:shared-pools")).status_code == 403


def _share_b(world) -> None:
    period = MappingPeriod.objects.create(
        instansi=world.b.instansi,
        name="Pemetaan B",
        as_of=timezone.localdate(),
        status=MappingPeriod.Status.FINALISED,
        finalised_at=timezone.now(),
    )
    MappingResult.objects.create(period=period, employee=world.b.employee, box=9, mappable=True)
    MappingResult.objects.create(period=period, employee=world.b.colleague, box=5, mappable=True)
    sharing_update(instansi=world.b.instansi, level="competency", by=world.b.users["admin"])


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_a_shared_record_is_seen_by_the_bkd_of_the_region_and_audited_in_both(role):
    world = build_world()
    _share_b(world)
    viewer = world.a.users[role]
    client = Client()
    client.force_login(viewer)
    response = client.get(reverse("talent:shared-pools"))
    if not policy.can(viewer, "talent.shared-pools"):
        assert response.status_code == 403
        assert not AuditEntry.objects.filter(action="talent.shared_pool.view").exists()
        return
    body = response.content.decode()
    assert world.b.employee.nip in body  # box 9: shared
    assert world.b.colleague.nip not in body and world.b.outsider.nip not in body  # not in the pool
    trail = AuditEntry.objects.filter(action="talent.shared_pool.view", actor_username=viewer.username)
    assert set(trail.values_list("instansi_id", flat=True)) == {world.a.instansi.pk, world.b.instansi.pk}


def test_a_pool_no_longer_shared_disappears_and_the_sharer_sees_nothing_of_the_other():
    world = build_world()
    _share_b(world)
    client = Client()
    client.force_login(world.b.users["analis"])  # a does not share: b sees nothing of a
    assert world.a.employee.nip not in client.get(reverse("talent:shared-pools")).content.decode()
    sharing_update(instansi=world.b.instansi, level="off", by=world.b.users["admin"])
    client.force_login(world.a.users["analis"])
    assert world.b.employee.nip not in client.get(reverse("talent:shared-pools")).content.decode()


def test_every_registered_model_answers_the_regional_role():
    world = build_world()
    for model in scope.registered():  # a wrong lookup path raises here
        scope.visible(world.a.users["regional"], model).exists()
        for path in scope.owner_of(model).instansi_paths():
            model.objects.filter(**{f"{path}__in": [1]}).exists()
