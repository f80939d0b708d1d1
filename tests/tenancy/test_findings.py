"""Issue #12, findings 3 to 6, each on two instansi (tests/access/world.py): what one user may see of
another's data. Finding 1 (SIASN import) is in test_siasn_boundary.py."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from talenta.core.models import Job
from talenta.talent.models import SuccessionPlan, Successor
from tests.access.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _as(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- finding 3: a Kepala OPD sees no one outside his unit through a succession plan of his unit's post


@pytest.fixture
def plan_with_outsider(world):
    a = world.a
    # Fixed names, none part of another's: a random name may be found inside another on the page.
    for e, name in ((a.outsider, "Wiranata Luar Unit"), (a.colleague, "Sekar Rekan Unit")):
        e.name = name
        e.save(update_fields=["name"])
    a.position.is_critical = True
    a.position.save(update_fields=["is_critical"])
    plan = SuccessionPlan.objects.create(position=a.position)
    Successor.objects.create(plan=plan, employee=a.outsider, rank=1, readiness="siap_sekarang", box=9)
    Successor.objects.create(plan=plan, employee=a.colleague, rank=2, readiness="siap_sekarang", box=8)
    return plan


@pytest.mark.parametrize("route", ["talent:succession", "talent:succession-post", "talent:retirement"])
def test_kepala_opd_sees_no_successor_outside_his_unit(world, plan_with_outsider, route):
    kwargs = {"pk": world.a.position.pk} if route == "talent:succession-post" else {}
    response = _as(world.a.users["kepala-opd"]).get(reverse(route, kwargs=kwargs))
    assert response.status_code == 200
    assert world.a.outsider.nip not in response.text
    assert world.a.outsider.name not in response.text


def test_kepala_opd_still_sees_the_successor_of_his_own_unit(world, plan_with_outsider):
    response = _as(world.a.users["kepala-opd"]).get(
        reverse("talent:succession-post", kwargs={"pk": world.a.position.pk})
    )
    assert world.a.colleague.name in response.text


def test_the_analis_sees_every_successor(world, plan_with_outsider):
    response = _as(world.a.users["analis"]).get(
        reverse("talent:succession-post", kwargs={"pk": world.a.position.pk})
    )
    assert world.a.outsider.name in response.text and world.a.colleague.name in response.text


# --- finding 4: a job is its owner's, or of those who may take the action of its kind


@pytest.fixture
def export_job(world):
    return Job.objects.create(
        kind="siasn.export",
        label="Ekspor SIASN",
        instansi_id=world.a.instansi.pk,
        created_by=world.a.users["analis"].username,
        result={"name": "siasn-ekspor.zip", "size": 1234},
    )


@pytest.mark.parametrize("role", ["pegawai", "kepala-opd", "komite", "pimpinan", "auditor"])
def test_an_instansi_wide_export_job_is_absent_for_those_who_may_not_export(world, export_job, role):
    response = _as(world.a.users[role]).get(reverse("dashboard:job", kwargs={"pk": export_job.pk}))
    assert response.status_code == 404
    assert "siasn-ekspor.zip" not in response.text


@pytest.mark.parametrize("role", ["analis", "admin"])
def test_the_stewards_of_the_data_follow_an_export_job(world, export_job, role):
    response = _as(world.a.users[role]).get(reverse("dashboard:job", kwargs={"pk": export_job.pk}))
    assert response.status_code == 200


def test_another_instansis_admin_gets_404_for_a_job(world, export_job):
    response = _as(world.b.users["admin"]).get(reverse("dashboard:job", kwargs={"pk": export_job.pk}))
    assert response.status_code == 404


def test_a_user_follows_his_own_job_whatever_its_kind(world):
    job = Job.objects.create(
        kind="talent.map",
        label="x",
        instansi_id=world.a.instansi.pk,
        created_by=world.a.users["komite"].username,
    )
    response = _as(world.a.users["komite"]).get(reverse("dashboard:job", kwargs={"pk": job.pk}))
    assert response.status_code == 200


# --- finding 5: the competency tab compares only with a post the user may see


@pytest.fixture
def hidden_post(world):
    """A critical post outside the Kepala OPD's unit; everyone assessed, so the radar names the target."""
    from datetime import date
    from decimal import Decimal

    from talenta.profiling.models import Assessment

    p = world.a.other_position
    p.name = "KEPALA BIRO RAHASIA SEKALI"
    p.is_critical = True
    p.save(update_fields=["name", "is_critical"])
    levels = {f: Decimal("3.0") for f in ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "s1")}
    for e in (world.a.employee, world.a.colleague):
        Assessment.objects.create(employee=e, assessed_on=date(2025, 11, 10), **levels)
    return p


@pytest.mark.parametrize("viewer,subject", [("pegawai", "employee"), ("kepala-opd", "colleague")])
def test_a_post_outside_the_viewers_scope_is_not_a_comparison_target(world, hidden_post, viewer, subject):
    employee = getattr(world.a, subject)
    url = reverse("profiling:employee-competency", kwargs={"pk": employee.pk})
    response = _as(world.a.users[viewer]).get(url, {"target": hidden_post.pk})
    assert response.status_code == 200
    assert hidden_post.name not in response.text


def test_the_analis_compares_with_any_post_of_his_instansi(world, hidden_post):
    url = reverse("profiling:employee-competency", kwargs={"pk": world.a.employee.pk})
    response = _as(world.a.users["analis"]).get(url, {"target": hidden_post.pk})
    assert hidden_post.name in response.text


def test_a_malformed_target_is_ignored_not_a_server_error(world):
    url = reverse("profiling:employee-competency", kwargs={"pk": world.a.employee.pk})
    assert _as(world.a.users["analis"]).get(url, {"target": "1 OR 1=1"}).status_code == 200


# --- finding 6: an answer never confirms another instansi's data


def test_linking_a_user_to_another_instansis_unit_does_not_say_it_exists_elsewhere(world):
    from django.core.exceptions import ValidationError

    from talenta.accounts.services import user_create

    with pytest.raises(ValidationError) as e:
        user_create(
            username="kepala-palsu",
            role="kepala-opd",
            instansi=world.b.instansi,
            unit=world.a.unit,
            employee=None,
            by=world.b.users["admin"],
        )
    text = " ".join(e.value.messages)
    assert "lain" not in text and "another" not in text
