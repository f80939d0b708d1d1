"""Screens: scope (404 outside it), roles (403), the grid, drill-down, card, calibration, minutes, IDP."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from talenta.core import display
from talenta.core.display import waktu
from talenta.talent import services
from talenta.talent.models import Calibration, DevelopmentAction, DevelopmentPlan, MappingResult
from tests.people.factories import InstansiFactory, UnitFactory

from .factories import mappable_employee

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    instansi = InstansiFactory()
    unit_a = UnitFactory(instansi=instansi, name="Dinas A")
    unit_b = UnitFactory(instansi=instansi, name="Dinas B")
    top = mappable_employee(unit=unit_a, predikat=("sangat_baik", "sangat_baik"), potential="100")
    mid = mappable_employee(unit=unit_b, predikat=("baik", "baik"), potential="60")
    period = services.period_create(instansi=instansi, name="Pemetaan Uji", as_of=date(2026, 1, 31))
    services.period_run(period=period)
    chair = make_user("komite", username="komite-sekda", instansi=instansi)
    member = make_user("komite", username="komite-bkd", instansi=instansi)
    services.committee_set(instansi=instansi, user=chair, is_chair=True)
    services.committee_set(instansi=instansi, user=member)
    users = {
        "analis": make_user("analis", instansi=instansi),
        "pimpinan": make_user("pimpinan", instansi=instansi),
        "kepala": make_user("kepala-opd", instansi=instansi, unit=unit_a),
        "pegawai": make_user("pegawai", instansi=instansi, employee=top),
        "chair": chair,
        "member": member,
    }
    return {
        "period": period,
        "top": top,
        "mid": mid,
        "users": users,
        "r_top": MappingResult.objects.get(employee=top),
        "r_mid": MappingResult.objects.get(employee=mid),
    }


def _client(client, user):
    client.force_login(user)
    return client


def test_grid_shows_counts_and_verbatim_labels(client, world, django_assert_max_num_queries):
    c = _client(client, world["users"]["analis"])
    with django_assert_max_num_queries(20):
        resp = c.get(reverse("talent:grid", args=[world["period"].pk]))
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "Kinerja di atas ekspektasi dan potensial tinggi" in body
    assert ('id="box-9"' in body and "Run mapping" in body) or "Jalankan pemetaan" in body


def test_grid_says_when_the_period_was_last_computed(client, world):
    """After a run's job ends the page reloads; the header says when it computed and which run it was."""
    period = world["period"]
    period.refresh_from_db()
    resp = _client(client, world["users"]["analis"]).get(reverse("talent:grid", args=[period.pk]))
    head = re.search(r'<span id="last-run">(.*?)</span>', resp.content.decode()).group(1)
    assert head == f"dihitung {waktu(period.last_run_at)} (ke-1)"
    assert "WIB" in head and not re.search(r"\d{4}-\d{2}-\d{2}", head)
    fresh = services.period_create(instansi=period.instansi, name="Belum dihitung", as_of=date(2026, 1, 31))
    resp = client.get(reverse("talent:grid", args=[fresh.pk]))
    assert 'id="last-run"' not in resp.content.decode()


def test_grid_filter_by_opd_narrows_counts(client, world):
    c = _client(client, world["users"]["analis"])
    unit_b = world["mid"].unit
    resp = c.get(
        reverse("talent:grid", args=[world["period"].pk]), {"opd": unit_b.pk}, HTTP_HX_REQUEST="true"
    )
    assert resp.status_code == 200
    assert "1 terpetakan" in resp.content.decode() or "1 mapped" in resp.content.decode()


def test_grid_counts_the_final_box_and_keeps_unmappable_people_apart(client, world):
    # A calibration moves a person into its box (and is badged there); an unmappable result is counted
    # under the grid, never in a box, whatever box it was given.
    top, mid = world["r_top"], world["r_mid"]
    MappingResult.objects.filter(pk=top.pk).update(calibrated_box=top.box - 1)
    MappingResult.objects.filter(pk=mid.pk).update(mappable=False)
    c = _client(client, world["users"]["analis"])
    body = c.get(reverse("talent:grid", args=[world["period"].pk]), HTTP_HX_REQUEST="true").content.decode()
    cells = {b: body.split(f'id="box-{b}"', 1)[1].split("</button>", 1)[0] for b in range(1, 10)}
    counts = {b: cell.split('tl-nb-count">', 1)[1].split("<", 1)[0] for b, cell in cells.items()}
    assert counts == {b: "1" if b == top.box - 1 else "0" for b in range(1, 10)}
    assert [b for b, cell in cells.items() if "tl-nb-cal" in cell] == [top.box - 1]
    assert "1 terpetakan" in body and "1 tidak terpetakan" in body


def test_box_drill_down_lists_its_people(client, world):
    c = _client(client, world["users"]["analis"])
    resp = c.get(reverse("talent:box", args=[world["period"].pk, 9]))
    assert world["top"].nip in resp.content.decode()
    assert world["mid"].nip not in resp.content.decode()


def test_card_explains_the_calculation(client, world):
    c = _client(client, world["users"]["analis"])
    body = c.get(reverse("talent:card", args=[world["r_mid"].pk])).content.decode()
    assert "Skor potensial" in body and "0,50 × " in body
    assert "perlu" in body  # what would move them up


def test_card_explains_the_calculation_in_english_too(client, world, settings):
    c = _client(client, world["users"]["analis"])
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = c.get(reverse("talent:card", args=[world["r_mid"].pk])).content.decode()
    steps = body.split('id="card-steps"', 1)[1].split("</ol>", 1)[0]
    moves = body.split('id="card-move-up"', 1)[1].split("</ul>", 1)[0]
    assert "Potential score" in steps and "0.50 × " in steps and "Σ individual level" in steps
    assert "needs" in moves
    for indonesian in ("Skor potensial", "perlu", "Rekam jejak", "0,50", "tahun terakhir", "dari standar"):
        assert indonesian not in steps + moves


def test_card_says_when_the_jpm_alone_cannot_reach_the_next_potential_level(world):
    # RULES.md §3: a JPM is at most what levels of 5 give against its standard (166,67 against nine
    # competencies at 3). Whoever would need more is told that the JPM alone cannot get there, not
    # pointed at a JPM no assessment can give.
    from talenta.talent import selectors

    r = world["r_mid"]
    r.mappable, r.potential_level = True, "menengah"
    r.jpm, r.potential_score = 160.0, 85.0  # 160 + (90 - 85) / 0,5 = 170
    assert selectors.card(r).move_up[0] == (
        "JPM 160,00 → perlu 170,00 untuk potensial tinggi, di atas JPM tertinggi yang dimungkinkan standar "
        "(166,67): skor aspek potensi atau rekam jejak juga harus naik (skor potensial 85,00 dari 90,00)"
    )
    r.potential_score = 88.0  # 164: within reach
    assert selectors.card(r).move_up[0] == (
        "JPM 160,00 → perlu 164,00 untuk potensial tinggi (skor potensial 88,00 dari 90,00)"
    )
    with translation.override("en"):
        r.potential_score = 85.0
        assert "above the highest JPM the standard allows (166.67)" in selectors.card(r).move_up[0]
    # At the ceiling exactly, against a standard of 5 (ceiling 100): reachable, every level at 5.
    r.inputs = {**r.inputs, "post_standard": dict.fromkeys(r.inputs["post_standard"], 5)}
    r.jpm, r.potential_score = 99.0, 89.5  # 99 + (90 - 89,5) / 0,5 = 100
    # (the largest gap, now against 5, follows after "; ")
    assert selectors.card(r).move_up[0].split("; ")[0] == (
        "JPM 99,00 → perlu 100,00 untuk potensial tinggi (skor potensial 89,50 dari 90,00)"
    )
    r.potential_score = 89.49  # 100,02: above it
    assert "di atas JPM tertinggi yang dimungkinkan standar (100,00)" in selectors.card(r).move_up[0]


def test_card_shows_the_standard_its_gaps_were_computed_against(world):
    # A period computing JPM against the assessment's own standard (assessed for a higher post, 4) while
    # the person's post asks 3: each gap row shows 4, the standard its gap of -1 was taken from.
    from talenta.talent import selectors

    r = world["r_mid"]
    r.period.config = {**r.period.config, "jpm_standard": "assessment"}
    r.period.run_basis = r.period.basis()  # as if computed with it
    inputs = dict(r.inputs)
    inputs["assessment"] = {**inputs["assessment"], "standard": dict.fromkeys(inputs["post_standard"], 4)}
    assert set(inputs["post_standard"].values()) == {3}
    r.inputs = inputs
    rows = selectors.card(r).gaps
    assert rows and {(std, gap) for _c, _n, _lvl, std, gap in rows} == {(4, -1.0)}


def test_pegawai_sees_only_his_own_card(client, world):
    services.period_finalise(period=world["period"], by=None)
    c = _client(client, world["users"]["pegawai"])
    assert c.get(reverse("talent:card", args=[world["r_top"].pk])).status_code == 200
    assert c.get(reverse("talent:card", args=[world["r_mid"].pk])).status_code == 404
    assert c.get(reverse("talent:my-card")).status_code == 200
    assert c.get(reverse("talent:employee-mapping", args=[world["mid"].pk])).status_code == 404
    assert c.get(reverse("talent:grid", args=[world["period"].pk])).status_code == 403


def test_kepala_opd_sees_only_his_subtree(client, world):
    c = _client(client, world["users"]["kepala"])
    assert c.get(reverse("talent:card", args=[world["r_top"].pk])).status_code == 200
    assert c.get(reverse("talent:card", args=[world["r_mid"].pk])).status_code == 404
    resp = c.get(reverse("talent:box", args=[world["period"].pk, world["r_mid"].box]))
    assert world["mid"].nip not in resp.content.decode()


def test_employee_mapping_fragment(client, world):
    c = _client(client, world["users"]["analis"])
    resp = c.get(reverse("talent:employee-mapping", args=[world["top"].pk]))
    assert resp.status_code == 200 and 'id="employee-mapping"' in resp.content.decode()


def test_calibration_through_the_screens(client, world):
    r = world["r_mid"]
    c = _client(client, world["users"]["member"])
    resp = c.post(reverse("talent:calibrate", args=[r.pk]), {"to_box": 7, "reason": ""})
    assert resp.status_code == 422 and not Calibration.objects.exists()
    resp = c.post(
        reverse("talent:calibrate", args=[r.pk]), {"to_box": 7, "reason": "Penugasan khusus berhasil"}
    )
    assert resp.status_code == 302
    cal = Calibration.objects.get()
    # A member who is not the chair may not decide.
    assert (
        c.post(reverse("talent:calibration-decide", args=[cal.pk]), {"decision": "confirm"}).status_code
        == 403
    )
    c = _client(client, world["users"]["chair"])
    c.post(reverse("talent:calibration-decide", args=[cal.pk]), {"decision": "confirm"})
    r.refresh_from_db()
    assert r.calibrated_box == 7 and r.box != 7
    # The card names who proposed and who decided as people, not by their logins.
    for key, name in (("member", "Drs. Ahmad Fauzi"), ("chair", "Ir. Sri Wahyuni, M.Si.")):
        type(world["users"][key]).objects.filter(pk=world["users"][key].pk).update(first_name=name)
    body = c.get(reverse("talent:card", args=[r.pk])).content.decode()
    assert "Drs. Ahmad Fauzi" in body and "Ir. Sri Wahyuni, M.Si." in body
    assert "komite-bkd" not in body and "komite-sekda" not in body


def test_after_the_run_job_the_page_says_what_the_run_did_to_whoever_runs_it(client, world):
    """The page reloads when the run's job ends: what the run did stays on it (the job's own counts), for
    the role that runs it; a run by the command (no job) shows none, nor does a role that cannot run."""
    from talenta.core.models import Job

    period = world["period"]
    c = _client(client, world["users"]["analis"])
    assert c.post(reverse("talent:period-run", args=[period.pk])).status_code == 200
    job = Job.objects.filter(kind="talent.map").latest("id")
    assert job.status == Job.Status.SUCCEEDED
    body = c.get(reverse("talent:grid", args=[period.pk])).content.decode()
    line = re.sub(r"\s+", " ", re.search(r'id="last-run-summary">(.*?)</p>', body, re.S).group(1))
    r = job.result
    assert f"Pemetaan terakhir: {r['total']} pegawai; {r['mappable']} terpetakan" in line
    assert f"{r['moved']} pegawai berpindah kotak sejak perhitungan sebelumnya" in line  # a second run
    with translation.override("id"):
        assert f"({display.angka(r['seconds'], 1)} dtk)" in line  # 3,8 dtk: Indonesian decimals
    pimpinan = _client(client, world["users"]["pimpinan"])
    assert (
        'id="last-run-summary"' not in pimpinan.get(reverse("talent:grid", args=[period.pk])).content.decode()
    )
    services.period_run(period=period)  # the command's way: no job
    body = (
        _client(client, world["users"]["analis"])
        .get(reverse("talent:grid", args=[period.pk]))
        .content.decode()
    )
    assert 'id="last-run-summary"' not in body


def test_only_komite_calibrates(client, world):
    c = _client(client, world["users"]["analis"])
    resp = c.post(reverse("talent:calibrate", args=[world["r_mid"].pk]), {"to_box": 7, "reason": "x"})
    assert resp.status_code == 403 and not Calibration.objects.exists()


def test_run_mapping_button_runs_a_job(client, world):
    c = _client(client, world["users"]["analis"])
    resp = c.post(reverse("talent:period-run", args=[world["period"].pk]))
    assert resp.status_code == 200
    world["period"].refresh_from_db()
    assert world["period"].run_count == 2
    c = _client(client, world["users"]["pimpinan"])
    assert c.post(reverse("talent:period-run", args=[world["period"].pk])).status_code == 403


def test_minutes_pdf(client, world):
    c = _client(client, world["users"]["chair"])
    resp = c.get(reverse("talent:minutes", args=[world["period"].pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF")


def test_idp_generate_progress_and_export(client, world):
    c = _client(client, world["users"]["analis"])
    c.post(reverse("talent:idp-generate", args=[world["r_top"].pk]))
    plan = DevelopmentPlan.objects.get(employee=world["top"])
    assert plan.actions.exists()
    action = plan.actions.first()
    # The analyst may not record the employee's progress; the employee may.
    resp = c.post(
        reverse("talent:idp-update", args=[plan.pk]),
        {"what": "progress", "action": action.pk, "progress": 50},
    )
    assert resp.status_code == 403
    c = _client(client, world["users"]["pegawai"])
    c.post(
        reverse("talent:idp-update", args=[plan.pk]),
        {"what": "progress", "action": action.pk, "progress": 40, "employee_note": "Sudah ikut kelas"},
    )
    assert DevelopmentAction.objects.get(pk=action.pk).progress == 40
    resp = c.get(reverse("talent:idp-export", args=[plan.pk]), {"format": "xlsx"})
    assert resp.status_code == 200 and resp.content[:2] == b"PK"
    resp = c.get(reverse("talent:idp-export", args=[plan.pk]), {"format": "pdf"})
    assert resp.status_code == 200 and resp.content.startswith(b"%PDF")
    # Another employee's plan is not there for him.
    other = services.idp_generate(result=world["r_mid"], by=None)
    assert c.get(reverse("talent:idp", args=[other.pk])).status_code == 404


@pytest.mark.parametrize(
    "name", ["talent:index", "talent:pools", "talent:succession", "talent:retirement", "talent:idp-list"]
)
def test_pages_render(client, world, name):
    c = _client(client, world["users"]["analis"])
    assert c.get(reverse(name)).status_code == 200


def test_charts_and_transition(client, world):
    other = services.period_create(instansi=world["period"].instansi, name="Lain", as_of=date(2025, 6, 30))
    services.period_run(period=other)
    c = _client(client, world["users"]["analis"])
    resp = c.get(reverse("talent:charts", args=[world["period"].pk]), {"compare": other.pk})
    assert resp.status_code == 200 and 'id="transition"' in resp.content.decode()


def test_kepala_opd_comments_on_his_peoples_plans_only(client, world):
    own = services.idp_generate(result=world["r_top"], by=None)
    other = services.idp_generate(result=world["r_mid"], by=None)
    c = _client(client, world["users"]["kepala"])
    c.post(reverse("talent:idp-update", args=[own.pk]), {"what": "comment", "head_comment": "Lanjutkan"})
    assert DevelopmentPlan.objects.get(pk=own.pk).head_comment == "Lanjutkan"
    resp = c.post(reverse("talent:idp-update", args=[other.pk]), {"what": "comment", "head_comment": "x"})
    assert resp.status_code == 404
    # He may not edit actions.
    action = own.actions.first()
    resp = c.post(
        reverse("talent:idp-update", args=[own.pk]),
        {"what": "edit", "action": action.pk, "kind": "study", "description": "x"},
    )
    assert resp.status_code == 403


def test_demo_province_has_a_finalised_period_and_a_chair(demo_province):
    from talenta.talent.models import CommitteeMember, MappingPeriod

    final = MappingPeriod.objects.get(instansi=demo_province.instansi, name="Pemetaan Talenta 2025")
    assert final.is_final and final.results.exists()
    assert (
        CommitteeMember.objects.get(instansi=demo_province.instansi, is_chair=True).user.username
        == "komite-sekda"
    )
    assert services.period_replay(period=final) == []


def test_pegawai_does_not_see_a_draft_result(client, world):
    c = _client(client, world["users"]["pegawai"])
    assert c.get(reverse("talent:card", args=[world["r_top"].pk])).status_code == 404
    assert "Belum ada hasil pemetaan" in c.get(reverse("talent:my-card")).content.decode()


def test_create_period_takes_its_preset_and_refuses_a_bad_date(client, world):
    c = _client(client, world["users"]["analis"])
    resp = c.post(reverse("talent:period-create"), {"name": "X", "as_of": "2026-13-45"})
    assert resp.status_code == 422
    resp = c.post(reverse("talent:period-create"), {"name": "X", "as_of": "2026-01-31", "preset": "default"})
    assert resp.status_code == 302
    from talenta.talent.models import MappingPeriod
    from talenta.talent.rules.config import preset

    assert MappingPeriod.objects.get(name="X").config == preset("default").to_dict()


def test_replay_button_on_a_finalised_period(client, world):
    services.period_finalise(period=world["period"], by=None)
    c = _client(client, world["users"]["pimpinan"])
    resp = c.get(reverse("talent:period-replay", args=[world["period"].pk]), follow=True)
    assert "identik" in resp.content.decode() or "identical" in resp.content.decode()


def test_minutes_name_people_not_usernames_and_carry_the_meeting_date(client, world, monkeypatch):
    seen = {}

    class FakeHTML:
        def __init__(self, string: str, **kwargs: object) -> None:
            seen["html"] = string

        def write_pdf(self) -> bytes:
            return b"%PDF-fake"

    monkeypatch.setattr("weasyprint.HTML", FakeHTML)
    chair = world["users"]["chair"]
    c = _client(client, chair)
    c.get(reverse("talent:minutes", args=[world["period"].pk]))
    expected = chair.employee.full_name if chair.employee_id else (chair.get_full_name() or "")
    assert f">{chair.username}<" not in seen["html"] or not expected
    assert "Pada hari ini," in seen["html"]


def test_talent_pool_exports_to_excel_or_says_there_is_nothing(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    c = _client(client, world["users"]["analis"])
    for level in ("administrator", "jpt_pratama", "pengawas"):
        r = c.get(reverse("talent:pools"), {"level": level, "format": "xlsx"})
        if r["Content-Type"].startswith("application/vnd.openxml"):
            ws = load_workbook(BytesIO(r.content)).active
            assert ws.freeze_panes == "A2" and ws["B1"].value == "NIP" and ws.max_row >= 2
        else:
            assert r.status_code == 302  # an empty pool: a message, not an empty file
    assert c.get(reverse("talent:pools"), {"q": "zzzz-tidak-ada"}).context["page"].paginator.count == 0


def test_a_box_exports_its_people_to_excel_within_the_scope(client, world):
    import io

    from openpyxl import load_workbook

    c = _client(client, world["users"]["kepala"])
    box = world["r_top"].box
    r = c.get(reverse("talent:box", args=[world["period"].pk, box]), {"format": "xlsx"})
    assert r["Content-Type"].startswith("application/vnd.openxml")
    ws = load_workbook(io.BytesIO(r.content)).active
    nips = [row[1] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert nips == [world["top"].nip]  # the Kepala OPD's subtree only
    assert ws.freeze_panes == "A3"


def test_an_empty_box_export_gives_a_message_not_a_file(client, world):
    c = _client(client, world["users"]["analis"])
    empty = next(b for b in range(1, 10) if b not in {world["r_top"].box, world["r_mid"].box})
    r = c.get(reverse("talent:box", args=[world["period"].pk, empty]), {"format": "xlsx"})
    assert r.status_code == 302 and r["Location"].startswith(
        reverse("talent:grid", args=[world["period"].pk])
    )


def test_jpm_display_cap_of_the_period_shows_at_most_100_on_the_card_and_the_box(client, world):
    """RULES.md §3: the cap is a period setting (stored with the period), display only."""
    MappingResult.objects.filter(pk=world["r_top"].pk).update(jpm=Decimal("112.5"))
    c = _client(client, world["users"]["analis"])
    card_url = reverse("talent:card", args=[world["r_top"].pk])
    box_url = reverse("talent:box", args=[world["period"].pk, world["r_top"].box])
    assert "<td>112,50</td>" in c.get(card_url).content.decode()
    assert ">112,50</td>" in c.get(box_url).content.decode()
    world["period"].config = {**world["period"].config, "jpm_display_cap": True}
    world["period"].save(update_fields=["config"])
    # Configured again but not yet re-run: the card still reads the settings its result was computed with.
    assert "<td>112,50</td>" in c.get(card_url).content.decode()
    world["period"].run_basis = world["period"].basis()  # as if re-run with the cap
    world["period"].save(update_fields=["run_basis"])
    body = c.get(card_url).content.decode()
    assert "<td>100,00</td>" in body and "<td>112,50</td>" not in body
    assert ">100,00</td>" in c.get(box_url).content.decode()
    assert MappingResult.objects.get(pk=world["r_top"].pk).jpm == Decimal(
        "112.5"
    )  # stored unrounded, uncapped


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [
        ("id", "hasil asesmen kedaluwarsa 2 Maret 2022", "2022-03-02"),
        ("en", "the assessment result expired on 2 March 2022", "kedaluwarsa"),
    ],
)
def test_why_a_person_is_not_mappable_is_said_in_the_readers_language(
    client, world, settings, make_user, lang, said, not_said
):
    """The employee reads it on his own card, the analyst on the card, in the list of the unmapped and in
    its Excel; the result keeps BKD's stored words (the record of the run)."""
    import io

    from openpyxl import load_workbook

    old = mappable_employee(unit=world["top"].unit, assessed_on=date(2019, 3, 1))
    services.period_run(period=world["period"])
    result = MappingResult.objects.get(employee=old)
    assert not result.mappable and result.reason == "hasil asesmen kedaluwarsa 2022-03-02"
    services.period_finalise(period=world["period"], by=None)  # an employee sees a final result only
    himself = make_user("pegawai", username="pegawai-lama", instansi=world["period"].instansi, employee=old)
    unmapped = reverse("talent:box", args=[world["period"].pk, 0])
    for who, url in (
        (himself, reverse("talent:card", args=[result.pk])),
        (world["users"]["analis"], reverse("talent:card", args=[result.pk])),
        (world["users"]["analis"], unmapped),
    ):
        c = _client(client, who)
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        body = c.get(url).content.decode()
        assert said in body and not_said not in body, url
    r = c.get(unmapped, {"format": "xlsx"})
    cells = [
        v for row in load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True) for v in row
    ]
    assert said in cells


def test_the_card_s_potential_score_adds_up_with_the_jpm_counted_under_the_period_s_cap(world):
    """A JPM above the period's score cap counts as the cap: the card says so, and its sum is the score."""
    from decimal import Decimal as D

    from talenta.people.models import Employee
    from talenta.profiling.models import Assessment
    from talenta.talent import selectors

    period = world["period"]
    services.period_configure(period=period, config={"jpm_score_cap": 100, "jpm_display_cap": True})
    top = Employee.objects.get(pk=world["r_top"].employee_id)
    Assessment.objects.filter(employee=top).update(**{f: D("4.5") for f in ("m1", "m2", "m3", "m4", "m5")})
    services.period_run(period=period)
    result = MappingResult.objects.select_related("period").get(pk=world["r_top"].pk)
    assert result.jpm > 100
    steps = dict(selectors.card(result).steps)
    assert "JPM yang dihitung dalam skor" in steps or "JPM counted in the score" in steps
    terms = next(v for k, v in steps.items() if k in ("Skor potensial", "Potential score"))
    products = [t.split(" × ") for t in terms.split(" = ")[0].split(" + ")]

    def num(text: str) -> D:
        return D(text.replace(".", "").replace(",", "."))

    total = sum(num(w) * num(v) for w, v in products)
    assert abs(total - D(str(result.potential_score))) < D("0.02")


def test_the_employee_reads_his_plan_s_competencies_by_name_not_code(client, world):
    import io

    from openpyxl import load_workbook

    plan = DevelopmentPlan.objects.create(employee=world["top"])
    DevelopmentAction.objects.create(plan=plan, kind="training", description="Pelatihan", competency="M1")
    c = _client(client, world["users"]["pegawai"])
    page = c.get(reverse("talent:idp", args=[plan.pk])).content.decode()
    assert "Integritas" in page and ">M1<" not in page
    sheet = load_workbook(io.BytesIO(c.get(reverse("talent:idp-export", args=[plan.pk])).content)).active
    assert "Integritas" in [cell for row in sheet.iter_rows(values_only=True) for cell in row]


def test_the_card_says_what_each_part_of_the_track_record_counted(client, world):
    """The employee reads why his track record is what it is: hours against the target, years in post,
    sentences in the window, in his language."""
    from talenta.people.models import Training
    from talenta.talent import selectors

    top = world["top"]
    Training.objects.filter(employee=top).delete()
    Training.objects.create(employee=top, year=2024, hours=30, name="Pelatihan A")
    Training.objects.create(employee=top, year=2021, hours=500, name="Terlalu lama")  # outside the window
    services.period_run(period=world["period"])
    result = MappingResult.objects.select_related("period").get(employee=top, period=world["period"])
    lines = selectors.card(result).track_record
    assert len(lines) == 4
    assert lines[1] == "pelatihan: 30 jam pada 2023–2025 dari target 60 jam: 50,00"
    assert lines[3].startswith("integritas: 0 hukuman disiplin berlaku dalam 3 tahun")
    services.period_finalise(period=world["period"], by=None)
    page = _client(client, world["users"]["pegawai"]).get(reverse("talent:my-card")).content.decode()
    assert 'id="card-track-record"' in page and "30 jam pada 2023–2025" in page
