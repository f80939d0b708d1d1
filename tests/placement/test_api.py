"""The placement API router (ninja TestClient with user=): roles and scope."""

from __future__ import annotations

import pytest
from ninja.testing import TestClient

from talenta.api.placement import router
from talenta.placement import services
from tests.people.factories import OtherInstansiFactory
from tests.placement.factories import ON, province, vacant_jpt

pytestmark = pytest.mark.django_db
client = TestClient(router)


@pytest.fixture
def world(make_user):
    prov = province(n_opd=4, size=80)
    users = {
        r: make_user(r, username=f"api-{r}", instansi=prov)
        for r in ("analis", "komite", "pimpinan", "auditor")
    }
    pos = vacant_jpt(prov)
    proc = services.filling_process_open(
        instansi=prov, positions=[pos], by=users["analis"], name="API", as_of=ON, today=ON
    )
    return {"users": users, "fp": proc.posts.get(), "pos": pos}


def test_vacancies_and_candidates(world):
    u = world["users"]["auditor"]
    r = client.get("/vacancies", user=u)
    assert r.status_code == 200 and any(v["position_id"] == world["pos"].pk for v in r.json())
    r = client.get(f"/positions/{world['pos'].unit.bkn_unor_id}/candidates?top=3&on=2026-11-01", user=u)
    assert r.status_code == 200
    data = r.json()
    for c in data["candidates"]:
        assert c["eligibility"]


def test_workflow_through_the_api_with_role_checks(world):
    fp, us = world["fp"], world["users"]
    assert client.post(f"/filling-posts/{fp.pk}/propose", json={}, user=us["komite"]).status_code == 403
    r = client.post(f"/filling-posts/{fp.pk}/propose", json={}, user=us["analis"])
    assert r.status_code == 200
    cand = r.json()["candidacies"][0]["id"]
    assert (
        client.post(
            f"/filling-posts/{fp.pk}/recommend", json={"candidacy": cand, "minutes": "x"}, user=us["pimpinan"]
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/filling-posts/{fp.pk}/recommend",
            json={"candidacy": cand, "minutes": "Rapat"},
            user=us["komite"],
        ).status_code
        == 200
    )
    assert (
        client.post(f"/filling-posts/{fp.pk}/decide", json={"candidacy": cand}, user=us["komite"]).status_code
        == 403
    )
    r = client.post(f"/filling-posts/{fp.pk}/decide", json={"candidacy": cand}, user=us["pimpinan"])
    assert r.status_code == 200
    d = r.json()["id"]
    assert (
        client.post(
            "/batches", json={"sk_nomor": "1", "sk_date": "2026-11-02", "decisions": [d]}, user=us["analis"]
        ).status_code
        == 403
    )
    r = client.post(
        "/batches",
        json={"sk_nomor": "800/2/2026", "sk_date": "2026-11-02", "decisions": [d]},
        user=us["pimpinan"],
    )
    assert r.status_code == 200 and r.json()["summary"]["total"] == 1
    assert client.post(f"/batches/{r.json()['id']}/apply", user=us["auditor"]).status_code == 403
    assert client.post(f"/batches/{r.json()['id']}/apply", user=us["analis"]).status_code == 200


def test_plans_endpoint(world):
    r = client.post(
        "/plans",
        json={"positions": [str(world["pos"].pk)], "depth": 1, "on": "2026-11-01"},
        user=world["users"]["komite"],
    )
    assert r.status_code == 200 and "chains" in r.json()


def test_other_instansi_gets_404(world, make_user):
    other = make_user("auditor", username="other-aud", instansi=OtherInstansiFactory())
    assert client.get(f"/positions/{world['pos'].pk}/candidates", user=other).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"candidacy": 1, "employees": [' + str(10**30) + "]}",
        '{"minutes": "\\ud800"}',
    ],
    ids=["nested", "id-past-64-bits", "lone-surrogate"],
)
def test_a_step_body_no_database_or_decoder_takes_is_422_not_a_crash(world, body):
    # A step's body is read by hand after the scope check: a RecursionError (not a ValueError) and the
    # checks of api.schemas.Input must both answer 422.
    fp, us = world["fp"], world["users"]
    r = client.post(f"/filling-posts/{fp.pk}/propose", data=body, user=us["analis"])
    assert r.status_code == 422, r.content[:300]
