"""A profiling campaign run for the region (issue #18): each partner sees the campaign and adds and manages
its own participants, the organiser sees them all, the schedule stays the organiser's."""

from __future__ import annotations

import io
from datetime import date, time

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from talenta.accounts import scope
from talenta.core.models import AuditEntry
from talenta.people.models import Instansi, Region
from talenta.profiling import services
from talenta.profiling.imports import COMPETENCY_FIELDS, ImportFailed, assessments_import
from talenta.profiling.models import Assessment, Campaign, Participant, Wave
from tests.people.factories import EmployeeFactory, InstansiFactory, OtherInstansiFactory, UnitFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 1)


@pytest.fixture
def joint(make_user):
    banten = Region.objects.create(code="36", name="Provinsi Banten")
    prov, kab = InstansiFactory(region=banten), OtherInstansiFactory(region=banten)
    third = Instansi.objects.create(bkn_id="CLG", name="Pemerintah Kota Cilegon", kind="kota", region=banten)
    people = {i.pk: EmployeeFactory(unit=UnitFactory(instansi=i)) for i in (prov, kab, third)}
    users = {
        "prov": make_user("analis", username="prov-analis", instansi=prov),
        "kab": make_user("analis", username="kab-analis", instansi=kab),
        "third": make_user("analis", username="clg-analis", instansi=third),
    }
    campaign = services.campaign_create(
        instansi=prov,
        by=users["prov"],
        name="Profiling ASN se-Banten bersama Kanreg III BKN",
        start_date=date(2026, 11, 17),
        end_date=date(2026, 11, 21),
    )
    services.campaign_partners_set(campaign=campaign, partners=[kab], by=users["prov"])
    return prov, kab, third, people, users, campaign


def _add(campaign, user, nips):
    return services.participants_add(
        campaign=campaign,
        pool=scope.employees_for(user),
        criteria=services.Criteria(source="nips", nips=nips),
        by=user,
        today=TODAY,
    )


def test_each_instansi_adds_only_its_own_people_and_the_organiser_sees_all(joint):
    prov, kab, _third, people, users, campaign = joint
    report = _add(campaign, users["kab"], [people[kab.pk].nip, people[prov.pk].nip])
    assert report.added == 1 and report.unknown_nips == [people[prov.pk].nip]
    _add(campaign, users["prov"], [people[prov.pk].nip])
    seen = {
        k: set(scope.visible(u, Participant).values_list("employee_id", flat=True)) for k, u in users.items()
    }
    assert seen["prov"] == {people[prov.pk].pk, people[kab.pk].pk}
    assert seen["kab"] == {people[kab.pk].pk}
    assert seen["third"] == set()


def test_the_campaign_is_seen_by_its_partners_only_once_each(joint):
    *_, users, campaign = joint
    assert list(scope.visible(users["kab"], Campaign)) == [campaign]
    assert list(scope.visible(users["prov"], Campaign)) == [campaign]
    assert not scope.visible(users["third"], Campaign).exists()


def test_partners_are_of_the_region_set_by_the_organiser_and_audited_in_each(joint):
    prov, kab, third, _, users, campaign = joint
    with pytest.raises(PermissionDenied):
        services.campaign_partners_set(campaign=campaign, partners=[third], by=users["kab"])
    outside = Instansi.objects.create(bkn_id="BDG", name="Pemerintah Kota Bandung", kind="kota")
    with pytest.raises(ValidationError) as e:
        services.campaign_partners_set(campaign=campaign, partners=[outside], by=users["prov"])
    assert e.value.code == "region"
    assert set(campaign.partners.all()) == {kab}
    trail = AuditEntry.objects.filter(action="profiling.campaign_partners")
    assert set(trail.values_list("instansi_id", flat=True)) == {prov.pk, kab.pk}


def test_a_partner_cannot_schedule_the_organiser_s_campaign(joint, client):
    *_, users, campaign = joint
    client.force_login(users["kab"])
    assert client.post(reverse("profiling:schedule", args=[campaign.pk]), {}).status_code == 404


def test_the_organiser_s_campaign_page_lists_every_participant_and_a_partner_s_only_its_own(joint, client):
    prov, kab, _third, people, users, campaign = joint
    _add(campaign, users["kab"], [people[kab.pk].nip])
    _add(campaign, users["prov"], [people[prov.pk].nip])
    url = reverse("profiling:campaign-detail", args=[campaign.pk])
    client.force_login(users["prov"])
    page = client.get(url).content.decode()
    assert people[kab.pk].nip in page and people[prov.pk].nip in page
    client.force_login(users["kab"])
    page = client.get(url).content.decode()
    assert people[kab.pk].nip in page and people[prov.pk].nip not in page


# ----------------------------------------------------------------- the partners screen, lists and exports


def test_the_organiser_s_analis_picks_partners_among_the_region_s_instansi_on_the_screen(joint, client):
    _prov, kab, third, _, users, campaign = joint
    outside = Instansi.objects.create(bkn_id="BDG", name="Pemerintah Kota Bandung", kind="kota")
    url = reverse("profiling:campaign-partners", args=[campaign.pk])
    client.force_login(users["prov"])
    response = client.get(url)
    page = response.content.decode()
    assert kab.name in page and third.name in page and outside.name not in page
    assert set(response.context["form"].fields["partners"].queryset) == {kab, third}
    response = client.post(url, {"partners": [kab.pk, third.pk]})
    assert response.status_code == 302
    assert set(campaign.partners.all()) == {kab, third}
    trail = AuditEntry.objects.filter(action="profiling.campaign_partners", target_id=str(campaign.pk))
    assert third.pk in set(trail.values_list("instansi_id", flat=True))
    detail = client.get(reverse("profiling:campaign-detail", args=[campaign.pk])).content.decode()
    assert third.name in detail


def test_an_instansi_outside_the_region_is_refused_with_a_message_and_nothing_changes(joint, client):
    *_, users, campaign = joint
    outside = Instansi.objects.create(bkn_id="BDG", name="Pemerintah Kota Bandung", kind="kota")
    client.force_login(users["prov"])
    url = reverse("profiling:campaign-partners", args=[campaign.pk])
    response = client.post(url, {"partners": [outside.pk]})
    assert response.status_code == 422
    assert "partners" in response.context["form"].errors
    assert response.context["form"].errors["partners"]
    assert campaign.partners.count() == 1


def test_a_partner_id_past_64_bits_is_the_forms_error_not_a_crash(joint, client):
    *_, users, campaign = joint
    client.force_login(users["prov"])
    url = reverse("profiling:campaign-partners", args=[campaign.pk])
    response = client.post(url, {"partners": [str(10**30)]})
    assert response.status_code == 422
    assert response.context["form"].errors["partners"]
    assert campaign.partners.count() == 1


def test_a_partner_cannot_open_the_partners_screen_of_the_organiser_s_campaign(joint, client):
    *_, users, campaign = joint
    url = reverse("profiling:campaign-partners", args=[campaign.pk])
    for key in ("kab", "third"):
        client.force_login(users[key])
        assert client.get(url).status_code == 404
        assert client.post(url, {"partners": []}).status_code == 404
    assert campaign.partners.count() == 1


def test_a_partner_s_campaign_page_offers_its_own_opds_and_no_schedule(joint, client):
    prov, kab, _third, _people, users, campaign = joint
    prov_opd = UnitFactory(instansi=prov, name="Dinas Pendidikan dan Kebudayaan Provinsi")
    kab_opd = UnitFactory(instansi=kab, name="Dinas Kesehatan Kabupaten Serang")
    client.force_login(users["kab"])
    page = client.get(reverse("profiling:campaign-detail", args=[campaign.pk])).content.decode()
    assert kab_opd.name in page and prov_opd.name not in page
    assert 'id="schedule-form"' not in page and 'id="constraints-form"' not in page
    assert 'id="partners-link"' not in page and prov.name in page
    client.force_login(users["prov"])
    page = client.get(reverse("profiling:campaign-detail", args=[campaign.pk])).content.decode()
    assert 'id="schedule-form"' in page and 'id="partners-link"' in page


def test_the_campaign_list_counts_all_participants_for_the_organiser_and_its_own_for_a_partner(joint, client):
    prov, kab, _third, people, users, campaign = joint
    _add(campaign, users["kab"], [people[kab.pk].nip])
    _add(campaign, users["prov"], [people[prov.pk].nip])
    counts = {}
    for key in ("prov", "kab"):
        client.force_login(users[key])
        response = client.get(reverse("profiling:campaign-list"))
        counts[key] = {c.pk: c.n_participants for c in response.context["campaigns"]}
    assert counts == {"prov": {campaign.pk: 2}, "kab": {campaign.pk: 1}}


def _scheduled(joint):
    prov, kab, _third, people, users, campaign = joint
    _add(campaign, users["kab"], [people[kab.pk].nip])
    _add(campaign, users["prov"], [people[prov.pk].nip])
    wave = Wave.objects.create(
        campaign=campaign, number=1, date=date(2026, 11, 17), start=time(8), end=time(12), capacity=10
    )
    Participant.objects.filter(campaign=campaign).update(wave=wave)
    return wave


def test_a_partner_s_roster_export_and_attendance_hold_only_its_own_participants(joint, client):
    prov, kab, _third, people, users, campaign = joint
    _scheduled(joint)
    client.force_login(users["kab"])
    xlsx = client.get(reverse("profiling:roster-xlsx", args=[campaign.pk, 1]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert people[kab.pk].nip in cells and people[prov.pk].nip not in cells
    page = client.get(reverse("profiling:attendance", args=[campaign.pk, 1])).content.decode()
    assert people[kab.pk].nip in page and people[prov.pk].nip not in page
    theirs = Participant.objects.get(campaign=campaign, employee=people[prov.pk])
    mark = reverse("profiling:attendance-mark", args=[campaign.pk, theirs.pk])
    assert client.post(mark, {"attendance": "present"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.attendance == Participant.Attendance.PENDING
    client.force_login(users["prov"])
    xlsx = client.get(reverse("profiling:roster-xlsx", args=[campaign.pk, 1]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert {people[kab.pk].nip, people[prov.pk].nip} <= cells


def test_a_partner_s_results_go_to_its_own_instansi_and_mark_its_participant_assessed(joint):
    _prov, kab, _third, people, users, campaign = joint
    _add(campaign, users["kab"], [people[kab.pk].nip])
    campaign.standard = dict.fromkeys(COMPETENCY_FIELDS, 3)  # BKN's CAT: level 3 for all nine
    campaign.save(update_fields=["standard"])
    emp = people[kab.pk]
    header = "nip,tanggal," + ",".join(COMPETENCY_FIELDS)
    row = f"{emp.nip},2026-11-18," + ",".join("3" for _ in COMPETENCY_FIELDS)
    assessments_import(
        name="hasil.csv",
        data=f"{header}\n{row}\n".encode(),
        instansi_id=kab.pk,
        by=users["kab"],
        campaign=campaign,
        employees=scope.employees_for(users["kab"]),
    )
    p = Participant.objects.get(campaign=campaign, employee=emp)
    assert p.status == Participant.Status.ASSESSED
    assert scope.visible(users["kab"], Assessment).filter(employee=emp).count() == 1
    assert not scope.visible(users["prov"], Assessment).filter(employee=emp).exists()
    assert scope.visible(users["prov"], Participant).filter(pk=p.pk, status="assessed").exists()


def test_the_organiser_imports_every_participant_s_result_into_each_one_s_own_instansi(joint):
    prov, kab, _third, people, users, campaign = joint
    _add(campaign, users["kab"], [people[kab.pk].nip])
    _add(campaign, users["prov"], [people[prov.pk].nip])
    campaign.standard = dict.fromkeys(COMPETENCY_FIELDS, 3)
    campaign.save(update_fields=["standard"])
    header = "nip,tanggal," + ",".join(COMPETENCY_FIELDS)
    rows = [f"{people[i.pk].nip},2026-11-18," + ",".join("3" for _ in COMPETENCY_FIELDS) for i in (prov, kab)]
    report = assessments_import(
        name="hasil-bersama.csv",
        data=("\n".join([header, *rows]) + "\n").encode(),
        instansi_id=prov.pk,
        by=users["prov"],
        campaign=campaign,
        employees=scope.employees_for(users["prov"]),
    )
    assert report.created == 2
    theirs = Assessment.objects.get(employee=people[kab.pk])
    assert scope.visible(users["kab"], Assessment).filter(pk=theirs.pk).exists()
    assert not scope.visible(users["prov"], Assessment).filter(pk=theirs.pk).exists()
    assert AuditEntry.objects.filter(action="profiling.assessment_create", instansi_id=kab.pk).count() == 1
    assert Participant.objects.filter(campaign=campaign, status=Participant.Status.ASSESSED).count() == 2


def test_a_partner_cannot_import_results_of_the_organiser_s_people_nor_a_non_participant(joint):
    prov, kab, third, people, users, campaign = joint
    _add(campaign, users["prov"], [people[prov.pk].nip])
    header = "nip,tanggal," + ",".join(COMPETENCY_FIELDS)
    for user, inst, nip in (
        (users["kab"], kab, people[prov.pk].nip),  # a partner: only its own people
        (users["prov"], prov, people[third.pk].nip),  # the organiser: not someone outside the campaign
    ):
        row = f"{nip},2026-11-18," + ",".join("3" for _ in COMPETENCY_FIELDS)
        with pytest.raises(ImportFailed) as e:
            assessments_import(
                name="hasil.csv",
                data=f"{header}\n{row}\n".encode(),
                instansi_id=inst.pk,
                by=user,
                campaign=campaign,
                employees=scope.employees_for(user),
            )
        assert [(err.row, err.column) for err in e.value.report.errors] == [(2, "nip")]
    assert not Assessment.objects.exists()


def test_each_instansis_office_of_one_name_has_its_own_cap_per_wave(joint):
    """The per-wave OPD cap counts offices: the province's and the kabupaten's "Dinas Kesehatan" are two
    offices, so with a cap of 2 four people of each fit in two waves; before, the two shared one cap of 2 and
    eight people needed four waves."""
    from collections import Counter

    from talenta.profiling import selectors

    prov, kab, _third, _people, users, campaign = joint
    nips = {}
    for inst, user in ((prov, users["prov"]), (kab, users["kab"])):
        dinkes = UnitFactory(instansi=inst, name="Dinas Kesehatan")
        nips[inst.pk] = [EmployeeFactory(unit=dinkes, instansi=inst).nip for _ in range(4)]
        _add(campaign, user, nips[inst.pk])
    services.campaign_schedule(
        campaign=campaign, by=users["prov"], days=1, waves=2, capacity=4, max_per_opd=2
    )
    seated = list(
        Participant.objects.filter(campaign=campaign).select_related(
            "employee__unit__opd", "employee__instansi", "wave"
        )
    )
    assert len(seated) == 8 and all(p.wave_id for p in seated)
    groups = Counter((selectors.opd_group(p.employee, campaign), p.wave.number) for p in seated)
    assert groups == {
        ("Dinas Kesehatan", 1): 2,
        ("Dinas Kesehatan", 2): 2,
        (f"Dinas Kesehatan ({kab.short_name or kab.name})", 1): 2,
        (f"Dinas Kesehatan ({kab.short_name or kab.name})", 2): 2,
    }
    # A move counts the seats of the mover's own office only.
    one_kab = next(p for p in seated if p.employee.instansi_id == kab.pk)
    sizes, ours = selectors.seats_per_wave(campaign, employee=one_kab.employee)
    assert sizes == {1: 4, 2: 4} and ours == {1: 2, 2: 2}
