"""A profiling campaign run for the region (issue #18): each partner sees the campaign and adds and manages
its own participants, the organiser sees them all, the schedule stays the organiser's."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from talenta.accounts import scope
from talenta.core.models import AuditEntry
from talenta.people.models import Instansi, Region
from talenta.profiling import services
from talenta.profiling.models import Campaign, Participant
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
