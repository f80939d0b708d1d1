"""In-app notifications at each hand-over (#15): a calibration proposed → the chair; a recommendation →
whoever may sign; an import checked → who uploaded it; a job failed → who started it. The bell counts the
unread ones; a user reads and marks only his own."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from talenta.accounts import notifications
from talenta.accounts.models import Notification
from talenta.core.jobs import job_create, job_run
from talenta.placement import services as placement
from talenta.talent import services as talent
from talenta.talent.models import MappingResult
from tests.people.factories import InstansiFactory, UnitFactory
from tests.placement.factories import ON, held_jpt, province, vacant_jpt
from tests.talent.factories import mappable_employee
from tests.talent.test_period import AS_OF

pytestmark = pytest.mark.django_db


def _mine(user):
    return [notifications.text(n) for n in notifications.for_user(user)]


def test_a_calibration_proposal_is_handed_to_the_chair_only(make_user):
    unit = UnitFactory(instansi=InstansiFactory())
    person = mappable_employee(unit=unit, predikat=("baik", "sangat_baik"), potential="70")
    chair = make_user("komite", username="ketua", instansi=unit.instansi, first_name="Ratna")
    member = make_user("komite", username="anggota", instansi=unit.instansi, first_name="Dedi")
    talent.committee_set(instansi=unit.instansi, user=chair, is_chair=True)
    talent.committee_set(instansi=unit.instansi, user=member)
    period = talent.period_create(instansi=unit.instansi, name="Pemetaan 2025", as_of=AS_OF)
    talent.period_run(period=period)
    result = MappingResult.objects.get(period=period, employee=person)
    talent.calibration_propose(result=result, to_box=9, reason="Kinerja tim luar biasa", by=member)

    [text] = _mine(chair)
    assert person.full_name in text and "Pemetaan 2025" in text and "Dedi" in text
    assert Notification.objects.get(user=chair).url == reverse("talent:meeting", args=[period.pk])
    assert _mine(member) == []


def test_a_recommendation_is_handed_to_whoever_may_sign_the_decision(make_user):
    prov = province()
    users = {r: make_user(r, instansi=prov) for r in ("analis", "komite", "pimpinan", "auditor")}
    pos = vacant_jpt(prov) or held_jpt(prov)[0]
    proc = placement.filling_process_open(
        instansi=prov, positions=[pos], by=users["analis"], name="Uji", as_of=ON, today=ON
    )
    fp = proc.posts.get()
    cands = placement.proposal_create(filling_post=fp, by=users["analis"])
    placement.recommend(filling_post=fp, candidacy=cands[0], minutes="Rapat komite", by=users["komite"])

    [text] = _mine(users["pimpinan"])
    assert cands[0].employee.full_name in text and pos.name in text
    assert {n.user.role for n in Notification.objects.all()} == {"pimpinan"}


def test_a_failed_job_is_handed_back_to_who_started_it(make_user):
    analis = make_user("analis", instansi=InstansiFactory())
    other = make_user("analis", username="analis-lain", instansi=analis.instansi)
    job = job_create(kind="siasn.export", label="Ekspor SIASN", user=analis)

    def work(progress):
        raise ValidationError("Berkas kosong.")

    with pytest.raises(ValidationError):
        job_run(job, work)
    [text] = _mine(analis)
    assert "Ekspor SIASN" in text and "Berkas kosong." in text
    assert _mine(other) == []


def test_nobody_reads_or_marks_another_users_notification(client, make_user):
    inst = InstansiFactory()
    owner = make_user("pimpinan", username="ppk", instansi=inst)
    admin = make_user("admin", username="admin-x", instansi=inst)
    stranger = make_user("pimpinan", username="ppk-lain", instansi=InstansiFactory())
    [note] = notifications.notify(
        users=[owner], kind=notifications.Kind.DECISION, params={"name": "Budi", "post": "Kepala Dinas"}
    )
    for intruder in (admin, stranger):
        client.force_login(intruder)
        page = client.get(reverse("accounts:notifications")).content.decode()
        assert "Budi" not in page
        assert client.post(reverse("accounts:notification-read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_the_bell_counts_unread_and_reading_clears_it(client, make_user):
    owner = make_user("pimpinan", username="ppk", instansi=InstansiFactory())
    notes = notifications.notify(
        users=[owner], kind=notifications.Kind.DECISION, params={"name": "Budi", "post": "Kepala Dinas"}
    )
    notifications.notify(
        users=[owner], kind=notifications.Kind.DECISION, params={"name": "Sari", "post": "Sekretaris"}
    )
    client.force_login(owner)
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert 'id="bell-count">2<' in page
    assert "Komite Talenta merekomendasikan Budi" in page or "Budi" in page
    client.post(reverse("accounts:notification-read", args=[notes[0].pk]))
    assert 'id="bell-count">1<' in client.get(reverse("accounts:notifications")).content.decode()
    client.post(reverse("accounts:notifications-read-all"))
    assert "bell-count" not in client.get(reverse("accounts:notifications")).content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_bell_count_is_kept_and_a_new_notification_shows_at_once(client, make_user):
    from django.db import connection

    owner = make_user("pimpinan", username="ppk2", instansi=InstansiFactory())
    client.force_login(owner)
    url = reverse("accounts:notifications")
    client.get(url)
    counted: list[str] = []

    def spy(execute, sql, params, many, context):
        if "COUNT(" in sql.upper() and "accounts_notification" in sql and "read_at" in sql:
            counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        assert "bell-count" not in client.get(url).content.decode()
    assert counted == []  # the count came from the cache
    notifications.notify(
        users=[owner], kind=notifications.Kind.DECISION, params={"name": "Budi", "post": "X"}
    )
    assert 'id="bell-count">1<' in client.get(url).content.decode()
    notifications.mark_read(user=owner)
    assert "bell-count" not in client.get(url).content.decode()


def test_a_count_kept_before_the_commit_is_dropped_by_the_commit(
    make_user, django_capture_on_commit_callbacks
):
    owner = make_user("pimpinan", username="ppk3", instansi=InstansiFactory())
    assert notifications.unread_count(owner) == 0
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notifications.notify(
            users=[owner], kind=notifications.Kind.DECISION, params={"name": "A", "post": "B"}
        )
        # Another request's page, between the notification's INSERT and its commit, keeps the old count:
        notifications.cache.set(notifications._unread_key(owner), 0, 60)
    assert len(callbacks) == 1
    assert notifications.unread_count(owner) == 1


@pytest.mark.parametrize("url", ["//evil.example/x", "/\\evil.example", "https://evil.example/", "/\t/evil"])
def test_opening_a_notification_never_leaves_the_site(client, make_user, url):
    owner = make_user("pimpinan", username="ppk-redirect", instansi=InstansiFactory())
    [note] = notifications.notify(
        users=[owner], kind=notifications.Kind.DECISION, params={"name": "Budi", "post": "Kepala Dinas"}
    )
    Notification.objects.filter(pk=note.pk).update(url=url)
    client.force_login(owner)
    r = client.post(reverse("accounts:notification-read", args=[note.pk]), {"open": "1"})
    assert r.status_code == 302 and r["Location"] == reverse("accounts:notifications")
    Notification.objects.filter(pk=note.pk).update(url="/pegawai/")
    r = client.post(reverse("accounts:notification-read", args=[note.pk]), {"open": "1"})
    assert r["Location"] == "/pegawai/"
