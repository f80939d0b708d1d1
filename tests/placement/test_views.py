"""Screens: every role against every page (403 for a role that may not, 404 outside the instansi)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from talenta.placement import services
from talenta.placement.models import FillingPost
from tests.people.factories import OtherInstansiFactory
from tests.placement.factories import ON, province, vacant_jpt

pytestmark = pytest.mark.django_db
ROLES = ("admin", "analis", "komite", "pimpinan", "auditor", "kepala-opd", "pegawai")


@pytest.fixture
def world(make_user):
    from talenta.people.models import Employee, Unit

    prov = province(n_opd=4, size=80)
    unit = Unit.objects.filter(instansi=prov).first()
    emp = Employee.objects.filter(instansi=prov).first()
    users = {}
    for r in ROLES:
        extra = {"unit": unit} if r == "kepala-opd" else {"employee": emp} if r == "pegawai" else {}
        users[r] = make_user(r, username=f"u-{r}", instansi=prov, **extra)
    pos = vacant_jpt(prov)
    proc = services.filling_process_open(
        instansi=prov, positions=[pos], by=users["analis"], name="Uji", as_of=ON, today=ON
    )
    fp = proc.posts.get()
    cands = services.proposal_create(filling_post=fp, by=users["analis"])
    services.recommend(filling_post=fp, candidacy=cands[0], minutes="Rapat", by=users["komite"])
    d = services.decide(filling_post=fp, candidacy=cands[0], by=users["pimpinan"])
    batch = services.batch_create(
        instansi=prov, sk_nomor="800/1/2026", sk_date=ON, by=users["pimpinan"], decisions=[d]
    )
    return {"users": users, "proc": proc, "fp": fp, "cand": cands[0], "batch": batch}


READ = {"admin", "analis", "komite", "pimpinan", "auditor"}
PAGES = {
    "vacancies": (lambda w: reverse("placement:vacancies"), READ | {"kepala-opd"}),
    "processes": (lambda w: reverse("placement:processes"), READ),
    "process": (lambda w: reverse("placement:process", args=[w["proc"].pk]), READ),
    "candidates": (lambda w: reverse("placement:post-candidates", args=[w["fp"].pk]), READ),
    "candidate-evidence": (
        lambda w: reverse("placement:post-candidate-evidence", args=[w["fp"].pk, w["cand"].employee_id]),
        READ,
    ),
    "candidacy": (lambda w: reverse("placement:candidacy", args=[w["cand"].pk]), READ),
    "plans": (lambda w: reverse("placement:plans", args=[w["proc"].pk]), READ),
    "decisions": (lambda w: reverse("placement:decisions"), READ),
    "batch": (lambda w: reverse("placement:batch", args=[w["batch"].pk]), READ),
    "fairness": (lambda w: reverse("placement:fairness"), {"komite", "auditor"}),
    "requirements": (lambda w: reverse("placement:requirements"), READ),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_every_role_against_every_page(client, world, page):
    url_for, allowed = PAGES[page]
    url = url_for(world)
    for role, user in world["users"].items():
        client.force_login(user)
        status = client.get(url).status_code
        assert status == (200 if role in allowed else 403), (page, role, status)


def test_another_instansi_gets_404(client, world, make_user):
    other = make_user("analis", username="other-analis", instansi=OtherInstansiFactory())
    client.force_login(other)
    assert client.get(reverse("placement:process", args=[world["proc"].pk])).status_code == 404
    assert client.get(reverse("placement:batch", args=[world["batch"].pk])).status_code == 404
    evidence = reverse("placement:post-candidate-evidence", args=[world["fp"].pk, world["cand"].employee_id])
    assert client.get(evidence, headers={"HX-Request": "true"}).status_code == 404


def test_the_eligibility_table_of_a_person_outside_the_post_instansi_is_404(client, world):
    from tests.people.factories import EmployeeFactory

    stranger = EmployeeFactory(unit__instansi=OtherInstansiFactory())
    client.force_login(world["users"]["analis"])
    url = reverse("placement:post-candidate-evidence", args=[world["fp"].pk, stranger.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 404


def test_each_candidates_eligibility_table_loads_on_demand_and_has_a_page_without_javascript(client, world):
    fp = world["fp"]
    client.force_login(world["users"]["komite"])
    html = client.get(reverse("placement:post-candidates", args=[fp.pk])).content.decode()
    ranked = services.rank_position(position=fp.position, on=fp.process.as_of, top=10).candidates
    assert ranked and "tl-eligibility" not in html  # not rendered up front any more
    for c in ranked:
        url = reverse("placement:post-candidate-evidence", args=[fp.pk, c.employee_id])
        assert f'hx-get="{url}" hx-trigger="toggle once"' in html and f'href="{url}"' in html
    first = ranked[0]
    url = reverse("placement:post-candidate-evidence", args=[fp.pk, first.employee_id])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "tl-eligibility" in fragment and "<html" not in fragment
    for row in first.rows:
        assert escape(row["rule"]) in fragment and escape(row["evidence"]) in fragment
    page = client.get(url).content.decode()
    assert "<h1" in page and first.nip in page and "tl-eligibility" in page
    assert reverse("placement:post-candidates", args=[fp.pk]) in page


def test_the_ranking_screen_reuses_its_outcome_only_for_the_same_inputs_and_language(world):
    from django.utils import translation

    from talenta.placement import selectors

    fp = world["fp"]
    selectors.pool_invalidate()
    with translation.override("id"):
        fresh = services.rank_position(position=fp.position, on=fp.process.as_of, top=10)
        first = services.rank_position(position=fp.position, on=fp.process.as_of, top=10, reuse=True)
        again = services.rank_position(position=fp.position, on=fp.process.as_of, top=10, reuse=True)
        assert again.candidates is first.candidates  # reused
        assert [c.as_dict() for c in first.candidates] == [c.as_dict() for c in fresh.candidates]
        other_top = services.rank_position(position=fp.position, on=fp.process.as_of, top=5, reuse=True)
        assert len(other_top.candidates) == min(5, len(fresh.candidates))
    with translation.override("en"):
        english = services.rank_position(position=fp.position, on=fp.process.as_of, top=10, reuse=True)
        assert english.candidates is not first.candidates
        # A new requirement table is a new input: never the outcome of the old one.
        rs = selectors.requirement_set_for(fp.position.level, fp.position.instansi_id)
        services.requirement_set_update(
            instansi=world["proc"].instansi,
            level=rs.level,
            data={**rs.data, "prior_years": 30},
            by=world["users"]["admin"],
        )
        stricter = services.rank_position(position=fp.position, on=fp.process.as_of, top=10, reuse=True)
        expected = services.rank_position(position=fp.position, on=fp.process.as_of, top=10)
        assert stricter.requirement_set.pk == expected.requirement_set.pk != rs.pk
        assert stricter.eligible_count == expected.eligible_count < first.eligible_count
        assert [c.as_dict() for c in stricter.candidates] == [c.as_dict() for c in expected.candidates]
    selectors.pool_invalidate()
    with translation.override("id"):
        rebuilt = services.rank_position(position=fp.position, on=fp.process.as_of, top=10, reuse=True)
    assert rebuilt.candidates is not first.candidates  # dropped with the pool


@pytest.mark.parametrize(
    ("name", "allowed"), [("propose", "analis"), ("recommend", "komite"), ("decide", "pimpinan")]
)
def test_workflow_posts_are_refused_to_other_roles_before_anything_is_written(client, world, name, allowed):
    fp = world["fp"]
    for role, user in world["users"].items():
        if role == allowed:
            continue
        client.force_login(user)
        assert (
            client.post(
                reverse(f"placement:{name}", args=[fp.pk]), {"candidacy": world["cand"].pk}
            ).status_code
            == 403
        )
    assert FillingPost.objects.get(pk=fp.pk).stage == "decided"


def test_batch_page_shows_the_summary_and_the_pdf_renders(client, world):
    client.force_login(world["users"]["pimpinan"])
    page = client.get(reverse("placement:batch", args=[world["batch"].pk]))
    assert "1 pejabat: 1 " in page.content.decode()
    pdf = client.get(reverse("placement:batch-pdf", args=[world["batch"].pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_fairness_flags_decisions_without_a_finalised_mapping(client, world):
    client.force_login(world["users"]["auditor"])
    html = client.get(reverse("placement:fairness")).content.decode()
    assert 'id="unmapped"' in html and world["cand"].employee.full_name in html


def _requirement_post(world, level: str, **changes: object) -> dict[str, object]:
    from tests.placement.factories import requirement_form_post

    return requirement_form_post(world["proc"].instansi_id, level, **changes)


def test_only_the_admin_saves_a_requirement_table(client, world):

    client.force_login(world["users"]["analis"])
    assert client.post(reverse("placement:requirements"), _requirement_post(world, "umum")).status_code == 403
    client.force_login(world["users"]["admin"])
    from talenta.placement.selectors import requirement_tables

    before = next(r for r in requirement_tables(world["proc"].instansi_id) if r.level == "umum").data
    r = client.post(
        reverse("placement:requirements"),
        _requirement_post(world, "umum", discipline_years=3, jpm_min="70,5"),
    )
    assert r.status_code == 302
    after = next(r for r in requirement_tables(world["proc"].instansi_id) if r.level == "umum").data
    # Same keys, same types; only the edited values differ.
    assert set(after) == set(before)
    assert after["discipline_years"] == 3 and after["jpm_min"] == 70.5


def test_the_admin_turns_on_the_jpm_display_cap_as_a_new_table_version(client, world):
    """RULES.md §3's display cap is configurable per instansi table; a ranking run keeps the version."""
    from talenta.placement.selectors import requirement_tables, requirements_for

    client.force_login(world["users"]["admin"])
    r = client.post(reverse("placement:requirements"), _requirement_post(world, "umum", jpm_display_cap="on"))
    assert r.status_code == 302
    rs = next(r for r in requirement_tables(world["proc"].instansi_id) if r.level == "umum")
    assert rs.data["jpm_display_cap"] is True
    assert requirements_for("pelaksana", world["proc"].instansi_id)[1].jpm_display_cap is True


def test_requirement_form_refuses_a_minimum_above_the_good_jpm(client, world):
    client.force_login(world["users"]["admin"])
    r = client.post(
        reverse("placement:requirements"), _requirement_post(world, "umum", jpm_min="90", jpm_good="80")
    )
    assert r.status_code == 422
    assert "minimum JPM" in r.content.decode() or "JPM minimum" in r.content.decode()


def test_requirement_page_shows_a_form_not_json(client, world):
    client.force_login(world["users"]["admin"])
    html = client.get(reverse("placement:requirements")).content.decode()
    assert "predikat_years" not in html.replace('name="', "").split("<form")[0]
    assert "<textarea" not in html and 'name="umum-min_predikat"' in html


def test_plan_with_a_forbidden_pair_keeps_its_reason(client, world):
    from talenta.placement.models import PlacementPlan

    client.force_login(world["users"]["komite"])
    person = world["cand"].employee
    emp = person.pk
    pos = world["fp"].position_id
    # The form names the person by what the autocomplete offers ("NIP · name") and the post by its name.
    options = client.get(reverse("placement:people-options"), {"forbid_person": person.name}).content.decode()
    picked = f"{person.nip} · {person.full_name}"
    assert f'value="{picked}"' in options
    r = client.post(
        reverse("placement:plan-create", args=[world["proc"].pk]),
        {
            "name": "Tanpa X",
            "depth": "1",
            "forbid_person": [picked, ""],
            "forbid_post": [str(pos), ""],
            "forbid_reason": ["konflik kepentingan", ""],
        },
    )
    assert r.status_code == 302
    plan = PlacementPlan.objects.get(name="Tanpa X")
    assert plan.options["forbid"] == [{"employee": emp, "position": pos, "reason": "konflik kepentingan"}]
    assert all(a["employee_id"] != emp or a["post"] != pos for a in plan.result["assignment"])
    page = client.get(reverse("placement:plans", args=[world["proc"].pk]) + f"?plan={plan.pk}")
    assert "konflik kepentingan" in page.content.decode()


def test_vacancy_list_has_opd_search_filters_and_an_excel_export(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    from talenta.people.models import Position

    client.force_login(world["users"]["analis"])
    pos = Position.objects.get(pk=world["fp"].position_id)
    opd = pos.unit.opd or pos.unit
    html = client.get(reverse("placement:vacancies")).content.decode()
    assert opd.name in html and 'id="vacancy-filter"' in html
    words = pos.name.split()
    hit = client.get(reverse("placement:vacancies"), {"q": f"{words[-1]} {words[0]}"}).context["page"]
    assert pos in [v.position for v in hit]
    miss = client.get(reverse("placement:vacancies"), {"q": "zzzz-tidak-ada"}).context["page"]
    assert miss.paginator.count == 0
    r = client.get(reverse("placement:vacancies"), {"level": pos.level, "format": "xlsx"})
    ws = load_workbook(BytesIO(r.content)).active
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    names = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert pos.name in names
    assert ws.column_dimensions["A"].width >= len(pos.name)


def test_an_empty_vacancy_export_answers_a_message_not_an_empty_file(client, world):
    client.force_login(world["users"]["analis"])
    r = client.get(reverse("placement:vacancies"), {"q": "zzzz-tidak-ada", "format": "xlsx"}, follow=True)
    assert r["Content-Type"].startswith("text/html")
    assert "nothing to export" in r.content.decode() or "tidak ada yang" in r.content.decode().lower()


def test_proposing_ticked_candidates_confirms_and_returns_to_the_post(client, world):
    from talenta.placement.models import Candidacy

    users = world["users"]
    pos = vacant_jpt(world["proc"].instansi)
    proc = services.filling_process_open(
        instansi=world["proc"].instansi, positions=[pos], by=users["analis"], name="Dua", as_of=ON, today=ON
    )
    fp = proc.posts.get()
    client.force_login(users["analis"])
    html = client.get(reverse("placement:post-candidates", args=[fp.pk]), headers={"HX-Request": "true"}).text
    assert f'form="propose-form-{fp.pk}"' in html
    ranked = services.rank_position(position=fp.position, on=ON, top=5).candidates
    pick = ranked[-1].employee_id
    r = client.post(
        reverse("placement:propose", args=[fp.pk]), {"employee": [pick], "reason": "Rotasi wilayah"}
    )
    assert r.status_code == 303 and r["Location"].endswith(f"#post-{fp.pk}")
    assert list(Candidacy.objects.filter(filling_post=fp).values_list("employee_id", flat=True)) == [pick]
    page = client.get(r["Location"]).content.decode()
    assert "alert-success" in page or "Diusulkan" in page or "Proposed" in page


def test_applying_a_batch_needs_the_confirmation_and_refuses_a_future_sk_date(client, world):
    from datetime import timedelta

    from django.utils import timezone

    batch = world["batch"]
    client.force_login(world["users"]["pimpinan"])
    url = reverse("placement:batch-apply", args=[batch.pk])
    client.post(url)  # no confirmation
    batch.refresh_from_db()
    assert batch.applied_at is None
    batch.sk_date = timezone.localdate() + timedelta(days=3)
    batch.save(update_fields=["sk_date"])
    page = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    batch.refresh_from_db()
    assert batch.applied_at is None and ("future" in page or "masa depan" in page)
    batch.sk_date = timezone.localdate()
    batch.save(update_fields=["sk_date"])
    client.post(url, {"confirm": "1"})
    batch.refresh_from_db()
    assert batch.applied_at is not None
    html = client.get(reverse("placement:process", args=[world["proc"].pk])).content.decode()
    assert reverse("placement:batch", args=[batch.pk]) in html and f'id="stage-{world["fp"].pk}"' in html


def test_fairness_counts_the_eligible_of_a_ranked_post_and_says_when_a_post_is_not_ranked(client, world):
    client.force_login(world["users"]["auditor"])
    r = client.get(reverse("placement:fairness"))
    post = next(x for p in r.context["r"].processes for x in p["posts"] if x["fp"] == world["fp"])
    assert post["eligible"] and post["eligible"] > 0  # ranked when proposed
    other = services.filling_process_open(
        instansi=world["proc"].instansi,
        positions=[vacant_jpt(world["proc"].instansi)],
        by=world["users"]["analis"],
        name="Belum",
        as_of=ON,
        today=ON,
    )
    r = client.get(reverse("placement:fairness"))
    fresh = next(x for p in r.context["r"].processes for x in p["posts"] if x["fp"].process_id == other.pk)
    assert (
        fresh["eligible"] is None and "belum diperingkat" in r.content.decode().lower()
    ) or "not ranked" in r.text


def test_the_ranking_exports_to_excel_with_each_candidates_post(client, world):
    import io

    from openpyxl import load_workbook

    client.force_login(world["users"]["komite"])
    fp = world["fp"]
    r = client.get(reverse("placement:post-candidates", args=[fp.pk]), {"format": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).active
    header = [c.value for c in ws[3]]
    assert header[:4] == ["Peringkat", "Nama", "NIP", "Jabatan saat ini"]
    ranked = services.rank_position(position=fp.position, on=fp.process.as_of, top=10).candidates
    assert [row[2] for row in ws.iter_rows(min_row=4, values_only=True)] == [c.nip for c in ranked]


def test_the_sk_lampiran_names_pangkat_golongan_and_units(world):
    from talenta.people.tables import golongan_label, pangkat_label
    from talenta.placement.views import batch_lampiran_html

    d = world["batch"].decisions.select_related("employee", "position__unit").get()
    html = batch_lampiran_html(world["batch"])
    assert f"{pangkat_label(d.employee.golongan)}, {golongan_label(d.employee.golongan)}" in html
    assert d.position.unit.name in html and f"NIP {d.employee.nip}" in html
    if d.old_unit_name:
        assert d.old_unit_name in html


def test_the_plan_form_refuses_a_person_outside_the_scope_by_name_of_the_field(client, world):
    from talenta.placement.models import PlacementPlan
    from tests.people.factories import EmployeeFactory

    stranger = EmployeeFactory(unit__instansi=OtherInstansiFactory())
    client.force_login(world["users"]["komite"])
    options = client.get(reverse("placement:people-options"), {"keep": stranger.name}).content.decode()
    assert stranger.nip not in options
    r = client.post(
        reverse("placement:plan-create", args=[world["proc"].pk]),
        {"name": "Asing", "depth": "1", "keep": [f"{stranger.nip} · {stranger.full_name}"]},
        follow=True,
    )
    assert "Pertahankan 1" in r.content.decode() or "Keep in place 1" in r.content.decode()
    assert not PlacementPlan.objects.filter(name="Asing").exists()
