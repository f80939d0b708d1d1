"""The regional talent pool (issue #18): sharing settings, what each level shows, the audit of every view in
both instansi, and a vacancy ranked with the shared pools ("perlu verifikasi")."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from talenta.core.models import AuditEntry
from talenta.placement.sharing import VERIFY_NOTE, rank_with_shared_pools
from talenta.talent.models import PoolSharing
from talenta.talent.sharing import shared_pools, sharing_update
from tests.placement.factories import ON, final_period, vacancy_with_kab_candidates

pytestmark = pytest.mark.django_db


def test_an_instansi_that_does_not_share_is_invisible(region, users, client):
    _, prov, kab = region
    pos, eligible = vacancy_with_kab_candidates(prov, kab)
    final_period(kab, dict.fromkeys(eligible, 9))
    assert shared_pools(users["prov-analis"]) == []
    ranking = rank_with_shared_pools(position=pos, on=ON, viewer=users["prov-analis"])
    assert all(r.own for r in ranking.rows)
    client.force_login(users["prov-analis"])
    page = client.get(reverse("talent:shared-pools")).content.decode()
    assert kab.name not in page and "no-shared-pool" in page
    assert not AuditEntry.objects.filter(action="talent.shared_pool.view").exists()


def test_the_level_decides_the_columns_and_only_boxes_7_to_9_are_shared(region, users):
    _, prov, kab = region
    _, eligible = vacancy_with_kab_candidates(prov, kab)
    top, low = eligible[0], eligible[-1] if len(eligible) > 1 else None
    boxes = {top: 8} | ({low: 5} if low else {})
    final_period(kab, boxes)
    sharing_update(instansi=kab, level=PoolSharing.Level.IDENTITY, by=users["kab-admin"])
    [pool] = shared_pools(users["prov-analis"])
    assert [m.employee_id for m in pool.members] == [top]
    assert pool.members[0].box is None and pool.members[0].readiness is None and pool.members[0].jpm is None
    sharing_update(instansi=kab, level=PoolSharing.Level.READINESS, by=users["kab-admin"])
    [pool] = shared_pools(users["prov-analis"])
    assert pool.members[0].box == 8 and pool.members[0].readiness


def test_only_the_instansi_s_admin_changes_what_it_shares_and_the_change_is_audited(region, users):
    _, _, kab = region
    with pytest.raises(PermissionDenied):
        sharing_update(instansi=kab, level="box", by=users["kab-analis"])
    with pytest.raises(PermissionDenied):
        sharing_update(instansi=kab, level="box", by=users["prov-analis"])
    sharing_update(instansi=kab, level="box", by=users["kab-admin"])
    entry = AuditEntry.objects.get(action="talent.sharing.update")
    assert entry.instansi_id == kab.pk and entry.changes == {"before": "off", "after": "box"}


def test_every_view_of_a_shared_record_is_audited_in_both_instansi(region, users, client):
    _, prov, kab = region
    _, eligible = vacancy_with_kab_candidates(prov, kab)
    final_period(kab, {eligible[0]: 9})
    sharing_update(instansi=kab, level="competency", by=users["kab-admin"])
    client.force_login(users["prov-analis"])
    response = client.get(reverse("talent:shared-pools"))
    assert response.status_code == 200 and kab.name in response.content.decode()
    views = AuditEntry.objects.filter(action="talent.shared_pool.view")
    assert set(views.values_list("instansi_id", flat=True)) == {prov.pk, kab.pk}
    nip = views.get(instansi_id=kab.pk).changes["nips"]
    assert len(nip) == 1 and nip[0] in response.content.decode()


def test_a_ranking_with_the_shared_pool_marks_what_only_the_home_instansi_can_confirm(region, users, client):
    _, prov, kab = region
    pos, eligible = vacancy_with_kab_candidates(prov, kab)
    final_period(kab, {eligible[0]: 9})
    sharing_update(instansi=kab, level="box", by=users["kab-admin"])
    ranking = rank_with_shared_pools(position=pos, on=ON, viewer=users["prov-analis"])
    [shared] = [r for r in ranking.rows if not r.own]
    assert shared.employee_id == eligible[0] and shared.instansi == (kab.short_name or kab.name)
    assert shared.box == 9 and shared.to_verify > 0
    discipline = [r for r in shared.eligibility if r["code"] == "discipline"]
    assert discipline and all(r["evidence"] == VERIFY_NOTE and r["verify"] for r in discipline)
    assert [r.rank for r in ranking.rows] == list(range(1, len(ranking.rows) + 1))


def test_only_a_pool_shared_with_its_competency_summary_is_scored(region, users):
    """A score is made of competency and performance: below the 'competency' level the shared candidate is
    listed after the ranked ones without a score, and his competency rows are his instansi's to confirm."""
    _, prov, kab = region
    pos, eligible = vacancy_with_kab_candidates(prov, kab)
    final_period(kab, {eligible[0]: 9})
    sharing_update(instansi=kab, level="readiness", by=users["kab-admin"])
    ranking = rank_with_shared_pools(position=pos, on=ON, viewer=users["prov-analis"])
    [shared] = [r for r in ranking.rows if not r.own]
    assert shared.score is None and ranking.rows[-1] is shared
    assert all(r.score is not None for r in ranking.rows if r.own)
    competency = [r for r in shared.eligibility if r["code"] in ("competency", "assessment")]
    assert competency and all(r["verify"] and r["evidence"] == VERIFY_NOTE for r in competency)
    assert not any("jpm" in str(r.get("params", {})).lower() for r in competency)

    sharing_update(instansi=kab, level="competency", by=users["kab-admin"])
    ranking = rank_with_shared_pools(position=pos, on=ON, viewer=users["prov-analis"])
    [shared] = [r for r in ranking.rows if not r.own]
    assert shared.score is not None
    assert [r.score for r in ranking.rows] == sorted((r.score for r in ranking.rows), reverse=True)
    competency = [r for r in shared.eligibility if r["code"] == "competency"]
    assert competency and not any(r["verify"] for r in competency)
