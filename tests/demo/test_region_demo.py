"""`talenta demo` builds the region (issue #18): the province at --size, eight kabupaten/kota at their
shares of it, sharing from some, one installed and one pending mutasi, the oversight account."""

from __future__ import annotations

import json

import pytest

from talenta.demo import generator as g
from talenta.demo import region
from talenta.people.models import Employee, Instansi
from talenta.placement.models import Decision, Mutasi
from talenta.talent.models import PoolSharing

pytestmark = pytest.mark.django_db


def test_the_demo_region_has_nine_instansi_sharing_from_some_and_two_moves():
    summary = g.generate(size=300, seed=2026, region=True)
    province = Instansi.objects.get(pk=summary.instansi_id)
    assert Instansi.objects.filter(region=province.region).count() == 9
    assert Instansi.objects.filter(parent=province).count() == 8  # the same eight, no duplicates
    # --size keeps meaning the province's size: its own staff are unchanged by the region.
    kab = Instansi.objects.filter(region=province.region).exclude(pk=province.pk)
    for inst in kab:
        assert Employee.objects.filter(instansi=inst).count() >= region.MIN_SIZE
    shared = set(PoolSharing.objects.exclude(level="off").values_list("instansi__short_name", flat=True))
    assert shared == {"Kab. Serang", "Kota Tangerang", "Kota Cilegon"}
    stages = dict(Mutasi.objects.values_list("from_instansi__short_name", "stage"))
    assert stages == {"Kab. Serang": "installed", "Kota Tangerang": "released"}
    done = Mutasi.objects.get(stage="installed")
    assert done.employee.instansi_id == province.pk
    assert Decision.objects.get(pk=done.decision_id).kind == Decision.Kind.MUTASI
    # A demo moves on merit: each mover met the post's requirements when proposed (the move's evidence).
    for m in Mutasi.objects.all():
        assert json.loads(m.evidence)["eligibility"]["eligible"], m.employee.nip
    assert {"pengawas-wilayah", "serang-pimpinan"} <= {a[0] for a in summary.accounts}


def test_every_step_of_the_region_names_an_office_and_only_the_handed_out_accounts_log_in():
    from talenta.accounts.models import User
    from talenta.core.display import actor
    from talenta.talent.models import MappingPeriod

    summary = g.generate(size=300, seed=2026, region=True)
    acted = set()
    for m in Mutasi.objects.all():
        acted |= {m.proposed_by, m.released_by, m.bkn_recorded_by, m.decided_by, m.installed_by}
    acted |= set(PoolSharing.objects.values_list("updated_by", flat=True))
    acted |= set(MappingPeriod.objects.exclude(instansi__kode="6200").values_list("finalised_by", flat=True))
    acted -= {"", None}
    assert "serang-pimpinan" in acted and len(acted) > 5
    for username in acted:
        assert actor(username) != username, f"{username} is shown as a login"
    assert actor("serang-pimpinan") == "Pejabat Pembina Kepegawaian Kab. Serang"
    handed_out = {a[0] for a in summary.accounts}
    for user in User.objects.exclude(username__in=handed_out):
        assert not user.is_active and not user.has_usable_password(), user.username


def test_generate_alone_builds_the_province_only_and_reset_clears_the_region():
    g.generate(size=120, seed=3)
    assert Employee.objects.exclude(instansi__kode="6200").count() == 0
    g.reset()
    g.generate(size=120, seed=3, region=True)
    assert Mutasi.objects.count() == 2
    g.reset()
    assert not Mutasi.objects.exists() and not PoolSharing.objects.exists()
    assert not Employee.objects.exists()
