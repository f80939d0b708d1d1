"""`talenta demo` builds the region (issue #18): the province at --size, eight kabupaten/kota at their
shares of it, sharing from some, one installed and one pending mutasi, the oversight account."""

from __future__ import annotations

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
    assert {"pengawas-wilayah", "serang-pimpinan"} <= {a[0] for a in summary.accounts}


def test_generate_alone_builds_the_province_only_and_reset_clears_the_region():
    g.generate(size=120, seed=3)
    assert Employee.objects.exclude(instansi__kode="6200").count() == 0
    g.reset()
    g.generate(size=120, seed=3, region=True)
    assert Mutasi.objects.count() == 2
    g.reset()
    assert not Mutasi.objects.exists() and not PoolSharing.objects.exists()
    assert not Employee.objects.exists()
