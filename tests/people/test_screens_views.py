"""The people screens through the Django test client: scope, filters, 404s, query counts."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def test_list_searches_by_name_and_by_nip(client, province):
    r = get(client, province.users["analis"], "people:employee-list", q="siti")
    assert r.status_code == 200
    assert "Siti Rahmawati" in r.text and "Budi Santoso" not in r.text
    r = client.get(reverse("people:employee-list"), {"q": province.budi.nip[:12]})
    assert "Budi Santoso" in r.text and "Siti Rahmawati" not in r.text


def test_search_matches_several_words_in_any_order(client, province):
    r = get(client, province.users["analis"], "people:employee-list", q="rahmawati siti")
    assert "Siti Rahmawati" in r.text and "Budi Santoso" not in r.text
    # A name word and digits of the NIP (the birth year), in any order.
    r = client.get(reverse("people:employee-list"), {"q": f"{province.budi.nip[:4]} santoso"})
    assert "Budi Santoso" in r.text and "Siti Rahmawati" not in r.text
    r = client.get(reverse("people:employee-list"), {"q": "siti santoso"})
    assert "Budi Santoso" not in r.text and "Siti Rahmawati" not in r.text


def test_list_never_shows_another_instansi(client, province):
    r = get(client, province.users["admin"], "people:employee-list")
    assert "Rudi Hartono" not in r.text
    assert r.context["page"].paginator.count == 4


def test_htmx_search_answers_the_results_fragment(client, province):
    client.force_login(province.users["analis"])
    r = client.get(reverse("people:employee-list"), {"q": "Dewi"}, headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert "<html" not in r.text and "Dewi Lestari" in r.text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "pppk"}, {"Dewi Lestari"}),
        ({"sex": "F"}, {"Siti Rahmawati", "Dewi Lestari"}),
        ({"golongan": "43"}, {"Ahmad Fauzi"}),
        ({"level": "jf_ahli_muda"}, {"Siti Rahmawati"}),
        ({"kind": "struktural"}, {"Ahmad Fauzi"}),
        ({"age": "31-40"}, {"Dewi Lestari"}),
        ({"age": "41-50"}, {"Siti Rahmawati"}),
        ({"profiled": "1"}, {"Siti Rahmawati"}),
    ],
)
def test_list_filters(client, province, params, expected):
    r = get(client, province.users["analis"], "people:employee-list", **params)
    assert {e.name for e in r.context["page"].object_list} == expected


def test_unit_filter_takes_the_subtree_and_opd_filter_the_opd(client, province):
    r = get(client, province.users["analis"], "people:employee-list", unit=province.opd_a.pk)
    assert {e.name for e in r.context["page"].object_list} == {
        "Ahmad Fauzi",
        "Siti Rahmawati",
        "Budi Santoso",
    }
    r = client.get(reverse("people:employee-list"), {"opd": province.opd_b.pk})
    assert {e.name for e in r.context["page"].object_list} == {"Dewi Lestari"}


def test_sort_by_age_puts_the_youngest_first(client, province):
    r = get(client, province.users["analis"], "people:employee-list", sort="age")
    assert next(e.name for e in r.context["page"].object_list) == "Dewi Lestari"
    r = client.get(reverse("people:employee-list"), {"sort": "-age"})
    assert next(e.name for e in r.context["page"].object_list) == "Ahmad Fauzi"


def test_list_queries_do_not_grow_with_rows(client, province, django_assert_max_num_queries):
    from tests.people.factories import EmployeeFactory, PositionFactory

    for i in range(30):
        EmployeeFactory(unit=province.sub_a, position=PositionFactory(unit=province.sub_a, name=f"JF {i}"))
    client.force_login(province.users["analis"])
    client.get(reverse("people:employee-list"))  # "Tugas saya" in the menu is counted once a minute per user
    with django_assert_max_num_queries(8):
        r = client.get(reverse("people:employee-list"))
    assert r.status_code == 200 and len(r.context["page"].object_list) == 25


def test_kepala_opd_sees_only_his_subtree(client, province):
    r = get(client, province.users["kepala-opd"], "people:employee-list")
    assert {e.name for e in r.context["page"].object_list} == {
        "Ahmad Fauzi",
        "Siti Rahmawati",
        "Budi Santoso",
    }
    r = client.get(reverse("people:employee-detail", args=[province.other_b.pk]))
    assert r.status_code == 404
    assert "Traceback" not in r.text


def test_pegawai_sees_only_himself(client, province):
    client.force_login(province.users["pegawai"])
    assert client.get(reverse("people:employee-detail", args=[province.siti.pk])).status_code == 200
    assert client.get(reverse("people:employee-detail", args=[province.budi.pk])).status_code == 404
    assert client.get(reverse("people:employee-list")).status_code == 403
    r = client.get(reverse("dashboard:home"))
    assert r.status_code == 302 and r.url == reverse("people:employee-detail", args=[province.siti.pk])


def test_other_instansi_employee_is_404(client, province):
    r = get(client, province.users["admin"], "people:employee-detail", province.foreign.pk)
    assert r.status_code == 404


def test_export_holds_every_filtered_row(client, province):
    from tests.people.factories import EmployeeFactory

    EmployeeFactory.create_batch(30, unit=province.opd_b, sex="F")
    r = get(client, province.users["analis"], "people:employee-export", sex="F")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "NIP"
    assert len(rows) == 1 + 32
    assert province.budi.nip not in {row[0] for row in rows}


def test_profile_shows_derived_values_histories_and_missing_items(client, province):
    r = get(client, province.users["analis"], "people:employee-detail", province.siti.pk)
    assert r.status_code == 200
    text = r.text
    assert "III/c" in text and "Guru Ahli Muda" in text
    assert "1 Agustus 2043" in text  # born 1 July 1985, BUP 58: the 1st of the month after the birthday
    assert "Sangat Baik" in text
    missing = {g["key"]: g["items"] for g in r.context["missing"]}
    assert any("SKP" in str(i) for i in missing["mapping"])
    assert "assessment" not in " ".join(map(str, missing["mapping"])).lower()
    assert missing["eligibility"]  # discipline record not checked


def test_profile_shows_nip_warnings_against_the_record(client, province):
    """Issue 13 item 9 (RULES.md §7): a recorded sex disagreeing with the NIP's sex digit is shown."""
    e = province.siti
    other = "M" if e.nip[14] == "2" else "F"
    type(e).objects.filter(pk=e.pk).update(sex=other)
    r = get(client, province.users["analis"], "people:employee-detail", e.pk)
    assert 'id="nip-warnings"' in r.text
    assert f"NIP {e.nip}: jenis kelamin di NIP" in r.text
    assert 'id="data-quality-link"' in r.text


def test_profile_tab_lists_assessments_with_jpm(client, province):
    r = get(client, province.users["analis"], "profiling:employee-assessments", province.siti.pk)
    assert r.status_code == 200
    # Nine levels of 3.0 against the Ahli Muda standard of 2: JPM 150,00.
    assert "150,00" in r.text
    r = client.get(reverse("profiling:employee-assessments", args=[province.foreign.pk]))
    assert r.status_code == 404


def test_profile_links_its_tabs(client, province):
    r = get(client, province.users["analis"], "people:employee-detail", province.siti.pk)
    assert reverse("profiling:employee-assessments", args=[province.siti.pk]) in r.text


def test_tree_lazy_children_and_unit_panel(client, province):
    r = get(client, province.users["analis"], "people:unit-tree")
    assert r.status_code == 200 and "Dinas Pendidikan" in r.text and "Bidang Pembinaan SMA" not in r.text
    r = client.get(reverse("people:unit-children", args=[province.opd_a.pk]), headers={"HX-Request": "true"})
    assert "Bidang Pembinaan SMA" in r.text
    r = client.get(reverse("people:unit-detail", args=[province.sub_a.pk]), headers={"HX-Request": "true"})
    assert "tl-vacant" in r.text and "Budi Santoso" in r.text  # the Plt of the vacant Kabid post


def test_kepala_opd_tree_starts_at_his_unit_and_hides_others(client, province):
    r = get(client, province.users["kepala-opd"], "people:unit-tree")
    assert "Dinas Pendidikan" in r.text and "Badan Kepegawaian" not in r.text
    assert client.get(reverse("people:unit-detail", args=[province.opd_b.pk])).status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"vacant": "1"}, {"Kepala Bidang Pembinaan SMA"}),
        ({"acting": "1"}, {"Kepala Bidang Pembinaan SMA"}),
        ({"critical": "1"}, {"Kepala Dinas Pendidikan dan Kebudayaan"}),
        ({"level": "jf_ahli_muda"}, {"Guru Ahli Muda"}),
    ],
)
def test_position_filters(client, province, params, expected):
    r = get(client, province.users["analis"], "people:position-list", **params)
    assert {p.name for p in r.context["page"].object_list} == expected


def test_position_vacating_within_months_uses_the_holders_bup(client, province):
    from datetime import date

    from django.utils import timezone

    today = timezone.localdate()
    # Born so that BUP 60 falls 5 months from now.
    k = province.kepala
    k.birth_date = date(today.year - 60, today.month, 1)
    k.save()
    r = get(client, province.users["analis"], "people:position-list", vacating="12")
    assert {p.name for p in r.context["page"].object_list} == {"Kepala Dinas Pendidikan dan Kebudayaan"}


def test_position_detail_shows_standard_and_history(client, province):
    r = get(client, province.users["analis"], "people:position-detail", province.vacant_a.pk)
    assert r.status_code == 200
    assert "Integritas" in r.text and "Perekat Bangsa" in r.text
    assert "Budi Santoso" in r.text  # as Plt and in the holders' history
    assert len(r.context["standard"]) == 9


def test_home_figures_link_to_their_lists(client, province):
    r = get(client, province.users["analis"], "dashboard:home")
    assert r.status_code == 200
    assert f"?opd={province.opd_a.pk}" in r.text
    assert "?vacant=1" in r.text
    assert r.context["d"].profiled == 1
    assert 'id="home-charts"' in r.text


def test_home_of_kepala_opd_counts_his_subtree_only(client, province):
    r = get(client, province.users["kepala-opd"], "dashboard:home")
    assert r.context["h"].employees == 3
    assert "Badan Kepegawaian" not in r.text


def test_unit_detail_and_position_list_render_as_full_pages_and_fragments(client, province):
    r = get(client, province.users["auditor"], "people:unit-detail", province.sub_a.pk)
    assert r.status_code == 200 and "<html" in r.text and "Kepala Bidang Pembinaan SMA" in r.text
    r = client.get(reverse("people:position-list"), {"q": "guru"}, headers={"HX-Request": "true"})
    assert "<html" not in r.text and "Guru Ahli Muda" in r.text


@pytest.mark.parametrize("name", ["people:employee-list", "people:unit-tree", "people:position-list"])
def test_lists_refuse_a_pegawai(client, province, name):
    assert get(client, province.users["pegawai"], name).status_code == 403


def test_retire_filter_takes_one_month(client, province):
    from talenta.people.rules.dates import retirement_date

    month = f"{retirement_date(province.budi.birth_date, 58):%Y-%m}"
    r = get(client, province.users["analis"], "people:employee-list", retire=month)
    assert {e.name for e in r.context["page"].object_list} == {"Budi Santoso"}


def test_nip_prefix_search_is_a_range_on_the_index(province):
    from talenta.people.models import Employee
    from talenta.people.selectors import employee_search

    nip = province.budi.nip
    assert list(employee_search(Employee.objects.all(), nip[:9])) == [province.budi]
    assert list(employee_search(Employee.objects.all(), nip)) == [province.budi]
    assert "LIKE" not in str(employee_search(Employee.objects.all(), nip[:9]).query).upper()
    assert (
        employee_search(Employee.objects.all(), "19").count()
        == Employee.objects.filter(nip__startswith="19").count()
    )


def test_a_units_own_page_has_a_level_one_heading(client, province):
    r = get(client, province.users["analis"], "people:unit-detail", province.sub_a.pk)
    assert r.status_code == 200 and r.text.count("<h1") == 1
