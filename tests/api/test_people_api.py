from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from talenta.accounts.models import ApiToken
from talenta.accounts.services import token_create, token_revoke
from tests.access.world import build_world
from tests.people.factories import SkpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_create(user=user, name='t').secret}"}


def test_no_credentials_is_401(client, world):
    assert client.get("/api/v1/employees").status_code == 401


@pytest.mark.parametrize("value", ["Bearer nonsense", "Bearer tal_0000_xxxx", "Token abc", "Bearer "])
def test_unknown_token_is_401(client, world, value):
    assert client.get("/api/v1/employees", headers={"Authorization": value}).status_code == 401


def test_expired_token_is_401(client, world):
    new = token_create(user=world.a.users["analis"], name="t", days=1)
    ApiToken.objects.filter(pk=new.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/employees", headers={"Authorization": f"Bearer {new.secret}"})
    assert response.status_code == 401


def test_revoked_token_is_401(client, world):
    new = token_create(user=world.a.users["analis"], name="t")
    token_revoke(token=new.token)
    assert (
        client.get("/api/v1/employees", headers={"Authorization": f"Bearer {new.secret}"}).status_code == 401
    )


def test_session_works_for_the_browser(client, world):
    client.force_login(world.a.users["analis"])
    assert client.get("/api/v1/instansi").json() == [
        {
            "id": world.a.instansi.pk,
            "bkn_id": world.a.instansi.bkn_id,
            "kode": world.a.instansi.kode,
            "name": world.a.instansi.name,
            "short_name": world.a.instansi.short_name,
            "kind": world.a.instansi.kind,
        }
    ]


def test_employee_list_is_scoped_and_paginated(client, world):
    response = client.get("/api/v1/employees?limit=2", headers=bearer(world.a.users["analis"]))
    body = response.json()
    assert body["count"] == 3
    assert len(body["items"]) == 2
    assert {e["nip"] for e in body["items"]} <= {
        world.a.employee.nip,
        world.a.colleague.nip,
        world.a.outsider.nip,
    }


def test_kepala_opd_lists_his_subtree_only(client, world):
    body = client.get("/api/v1/employees", headers=bearer(world.a.users["kepala-opd"])).json()
    assert {e["nip"] for e in body["items"]} == {world.a.employee.nip, world.a.colleague.nip}


def test_pegawai_lists_only_himself(client, world):
    body = client.get("/api/v1/employees", headers=bearer(world.a.users["pegawai"])).json()
    assert [e["nip"] for e in body["items"]] == [world.a.employee.nip]


def test_search_by_nip_prefix_and_by_name(client, world):
    headers = bearer(world.a.users["analis"])
    body = client.get(f"/api/v1/employees?q={world.a.outsider.nip[:18]}", headers=headers).json()
    assert [e["nip"] for e in body["items"]] == [world.a.outsider.nip]
    name_part = world.a.colleague.name.split()[0]
    body = client.get(f"/api/v1/employees?q={name_part}", headers=headers).json()
    assert world.a.colleague.nip in {e["nip"] for e in body["items"]}


def test_unit_filter_covers_the_subtree(client, world):
    body = client.get(
        f"/api/v1/employees?unit={world.a.unit.pk}", headers=bearer(world.a.users["analis"])
    ).json()
    assert {e["nip"] for e in body["items"]} == {world.a.employee.nip, world.a.colleague.nip}


def test_unit_filter_with_another_instansi_unit_is_404(client, world):
    response = client.get(
        f"/api/v1/employees?unit={world.b.unit.pk}", headers=bearer(world.a.users["analis"])
    )
    assert response.status_code == 404


def test_employee_detail_has_histories(client, world):
    SkpFactory(employee=world.a.employee, year=2025, predikat="sangat_baik")
    body = client.get(
        f"/api/v1/employees/{world.a.employee.pk}", headers=bearer(world.a.users["pegawai"])
    ).json()
    assert body["nip"] == world.a.employee.nip
    assert [(s["year"], s["predikat"]) for s in body["skp"]] == [(2025, "sangat_baik")]
    assert {"golongan_history", "jabatan_history", "education_history", "training", "discipline"} <= set(body)


def test_histories_are_newest_first_with_undated_rows_last_on_every_database(client, world):
    """SQLite and PostgreSQL sort NULL at opposite ends: a client reading the first row as the latest must
    get the same one from both; a tie of dates puts the last entered first. The profile shows them so too."""
    from datetime import date

    from talenta.people.models import JabatanHistory

    e = world.a.employee
    JabatanHistory.objects.filter(employee=e).delete()
    made = {
        name: JabatanHistory.objects.create(employee=e, jabatan_name=name, tmt=tmt).pk
        for name, tmt in [
            ("Pos Tanpa TMT", None),
            ("Pos Lama", date(2015, 1, 2)),
            ("Pos Sekarang", date(2024, 1, 2)),
            ("Pos Koreksi", date(2024, 1, 2)),
        ]
    }
    body = client.get(f"/api/v1/employees/{e.pk}", headers=bearer(world.a.users["pegawai"])).json()
    assert [h["id"] for h in body["jabatan_history"]] == [
        made["Pos Koreksi"],
        made["Pos Sekarang"],
        made["Pos Lama"],
        made["Pos Tanpa TMT"],
    ]
    client.force_login(world.a.users["analis"])
    page = client.get(f"/pegawai/{e.pk}/").content.decode()
    places = [page.index(n) for n in ("Pos Koreksi", "Pos Sekarang", "Pos Lama", "Pos Tanpa TMT")]
    assert places == sorted(places)


def test_position_filters(client, world):
    headers = bearer(world.a.users["analis"])
    world.a.position.is_critical = True
    world.a.position.save()
    world.a.outsider.position = world.a.other_position
    world.a.outsider.save()
    assert [
        p["id"] for p in client.get("/api/v1/positions?critical=true", headers=headers).json()["items"]
    ] == [world.a.position.pk]
    assert [
        p["id"] for p in client.get("/api/v1/positions?vacant=false", headers=headers).json()["items"]
    ] == [world.a.other_position.pk]
    body = client.get(f"/api/v1/positions?unit={world.a.other_unit.pk}", headers=headers).json()
    assert [p["id"] for p in body["items"]] == [world.a.other_position.pk]
    assert body["items"][0]["holder_id"] == world.a.outsider.pk


def test_pages_of_positions_never_repeat_or_skip_a_seat_of_the_same_name(client, world):
    """Seats of one unit and name tie on every column the list sorts by but the id: one per page, in
    order, each seat once (LIMIT/OFFSET over a partial order may repeat or skip on PostgreSQL)."""
    from talenta.people.models import Position

    seats = []
    for _ in range(4):
        seat = Position.objects.get(pk=world.a.other_position.pk)
        seat.pk = None
        seat.save()
        seats.append(seat.pk)
    headers = bearer(world.a.users["analis"])
    url = f"/api/v1/positions?unit={world.a.other_unit.pk}&limit=1&offset="
    pages = [client.get(url + str(k), headers=headers).json()["items"] for k in range(5)]
    assert [p["id"] for (p,) in pages] == sorted([world.a.other_position.pk, *seats])


def test_pegawai_sees_no_positions(client, world):
    assert client.get("/api/v1/positions", headers=bearer(world.a.users["pegawai"])).json()["count"] == 0


def test_unit_tree_of_kepala_opd_starts_at_his_unit(client, world):
    tree = client.get("/api/v1/units/tree", headers=bearer(world.a.users["kepala-opd"])).json()
    assert [(n["id"], [c["id"] for c in n["children"]]) for n in tree] == [
        (world.a.unit.pk, [world.a.sub.pk])
    ]


def test_validation_error_maps_to_422():
    from django.core.exceptions import ValidationError
    from django.test import RequestFactory

    from talenta.api.api import api, validation_error

    response = validation_error(RequestFactory().get("/"), ValidationError({"nip": ["NIP salah."]}))
    assert response.status_code == 422
    import json

    assert json.loads(response.content) == {"message": "NIP salah.", "errors": {"nip": ["NIP salah."]}}
    assert api is not None


def test_docs_page_loads_from_our_static_files(client, world):
    client.force_login(world.a.users["analis"])
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp


def test_docs_need_a_login(client, world):
    assert client.get("/api/v1/docs").status_code == 302


def test_openapi_lists_the_read_endpoints(client, world):
    client.force_login(world.a.users["auditor"])
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/employees",
        "/api/v1/employees/{employee_id}",
        "/api/v1/units/tree",
        "/api/v1/positions",
        "/api/v1/instansi",
    } <= set(paths)


def test_nul_byte_in_a_filter_is_not_a_server_error(client, world):
    response = client.get("/api/v1/employees?q=a%00b", headers=bearer(world.a.users["analis"]))
    assert response.status_code == 200


def test_nul_byte_in_user_search_is_not_a_server_error(client, world):
    client.force_login(world.a.users["admin"])
    assert client.get("/akun/pengguna/?q=a%00b").status_code == 200


@pytest.mark.parametrize(
    "ident", ["%20%C2%B9", "%D9%A3", "99999999999999999999", "0"], ids=["sup1", "arabic3", "huge", "zero"]
)
def test_a_position_id_that_is_no_number_is_404(client, world, ident):
    # schemathesis found GET /positions/%20%C2%B9/candidates answering 500 (" ¹".strip().isdigit() is True).
    response = client.get(
        f"/api/v1/penempatan/positions/{ident}/candidates", headers=bearer(world.a.users["analis"])
    )
    assert response.status_code == 404


def test_the_list_counts_its_rows_once_for_the_audit_and_the_page(client, world):
    from django.db import connection

    headers = bearer(world.a.users["analis"])
    seen: list[str] = []

    def spy(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        body = client.get("/api/v1/employees?limit=2", headers=headers).json()
    assert len([s for s in seen if "COUNT(" in s.upper()]) == 1
    assert body["count"] == 3 and len(body["items"]) == 2  # the three employees of instansi A


def test_the_signed_in_user_comes_with_his_instansi(world, django_assert_num_queries):
    from talenta.accounts.models import User

    user = User.objects.get(pk=world.a.users["analis"].pk)
    with django_assert_num_queries(0):
        assert user.instansi.name


def test_a_user_row_can_be_locked_although_his_instansi_comes_along(world):
    # PostgreSQL refuses FOR UPDATE on the nullable side of an outer join: only the user's row is locked.
    from django.db import transaction

    from talenta.accounts.models import User

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=world.a.users["admin"].pk)
        assert user.instansi == world.a.instansi


@pytest.mark.parametrize(
    ("role", "path", "body", "field"),
    [
        ("analis", "/api/v1/penempatan/plans", {"positions": ["\x00"]}, "positions"),
        (
            "analis",
            "/api/v1/penempatan/plans",
            {"positions": ["1"], "forbid": [{"employee": 1, "position": 1, "reason": "a\x00"}]},
            "forbid",
        ),
        (
            "pimpinan",
            "/api/v1/penempatan/batches",
            {"sk_nomor": "800/\x00", "sk_date": "2026-01-26", "decisions": [1]},
            "sk_nomor",
        ),
    ],
    ids=["plan-position", "plan-forbid-reason", "batch-sk-nomor"],
)
def test_nul_byte_in_a_body_is_refused_naming_the_field(client, world, role, path, body, field):
    # schemathesis once sent "\u0000" as a position identifier: PostgreSQL refused the query, a 500.
    response = client.post(path, body, content_type="application/json", headers=bearer(world.a.users[role]))
    assert response.status_code == 422, response.content[:300]
    assert field in response.text and "NUL" in response.text


@pytest.mark.parametrize(
    ("role", "path", "body", "field"),
    [
        ("analis", "/api/v1/penempatan/plans", {"positions": ["\ud800"]}, "positions"),
        (
            "pimpinan",
            "/api/v1/penempatan/batches",
            {"sk_nomor": "800/\udfff", "sk_date": "2026-01-26", "decisions": [1]},
            "sk_nomor",
        ),
    ],
    ids=["plan-position", "batch-sk-nomor"],
)
def test_a_lone_surrogate_in_a_body_is_refused_naming_the_field(client, world, role, path, body, field):
    # "\ud800" is valid JSON text and Python reads it, but it is no character: no driver can send it.
    response = client.post(path, body, content_type="application/json", headers=bearer(world.a.users[role]))
    assert response.status_code == 422, response.content[:300]
    assert field in response.text and "surrogate" in response.text


@pytest.mark.parametrize("decision", [2**63, 10**30, -(2**63) - 1], ids=["2^63", "10^30", "below"])
def test_an_id_past_64_bits_in_a_body_is_refused_not_a_crash(client, world, decision):
    # It reached the database in an IN (...): SQLite's driver cannot bind it (500).
    body = {"sk_nomor": "800/1", "sk_date": "2026-01-26", "decisions": [decision]}
    response = client.post(
        "/api/v1/penempatan/batches",
        body,
        content_type="application/json",
        headers=bearer(world.a.users["pimpinan"]),
    )
    assert response.status_code == 422, response.content[:300]
    assert "decisions" in response.text and "terlalu besar" in response.text


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_a_body_nested_deeper_than_json_can_be_read_is_refused_not_a_crash(client, world, depth):
    # Python's JSON decoder gives up with a RecursionError (not a ValueError): a 500 before.
    body = '{"positions": ["1"], "forbid": ' + "[" * depth + "]" * depth + "}"
    response = client.post(
        "/api/v1/penempatan/plans",
        body,
        content_type="application/json",
        headers=bearer(world.a.users["analis"]),
    )
    assert response.status_code in (400, 422), response.content[:300]


def test_nul_byte_in_a_position_identifier_names_no_position(client, world):
    response = client.get(
        "/api/v1/penempatan/positions/a%00b/candidates", headers=bearer(world.a.users["analis"])
    )
    assert response.status_code == 404
