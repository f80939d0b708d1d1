"""'Tugas saya': each role sees what waits for it, by the policy (the PPK: decisions to sign)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from talenta.placement import services
from tests.placement.factories import ON, province, vacant_jpt

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(make_user):
    cache.clear()
    prov = province(n_opd=3, size=60)
    users = {
        r: make_user(r, username=f"t-{r}", instansi=prov) for r in ("analis", "komite", "pimpinan", "auditor")
    }
    proc = services.filling_process_open(
        instansi=prov, positions=[vacant_jpt(prov)], by=users["analis"], name="Uji", as_of=ON, today=ON
    )
    fp = proc.posts.get()
    cands = services.proposal_create(filling_post=fp, by=users["analis"])
    services.recommend(filling_post=fp, candidacy=cands[0], minutes="Rapat", by=users["komite"])
    return users


def test_the_ppk_sees_the_decision_to_sign_on_his_home_page_and_in_the_menu(client, waiting):
    client.force_login(waiting["pimpinan"])
    html = client.get(reverse("dashboard:home")).content.decode()
    assert 'data-task="decide"' in html and 'id="nav-tasks"' in html


def test_a_role_with_nothing_to_do_sees_no_task(client, waiting):
    client.force_login(waiting["auditor"])
    html = client.get(reverse("dashboard:home")).content.decode()
    assert 'id="no-tasks"' in html and 'id="nav-tasks"' not in html


def test_the_task_list_costs_a_few_queries(django_assert_max_num_queries, waiting):
    from talenta.dashboard.tasks import tasks_for

    with django_assert_max_num_queries(8):
        tasks = tasks_for(waiting["analis"])
    assert {t.key for t in tasks} >= set()  # counted, whatever is waiting
