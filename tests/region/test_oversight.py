"""Regional oversight (issue #18): how long filled vacancies stayed open, per instansi, on the screen, in
the drill-down and in the Excel export (real database, real batches installed by the services)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from talenta.core.models import AuditEntry
from talenta.people.models import Employee, Position, Region, Unit
from talenta.placement import services
from talenta.region.exports import HEADER
from talenta.region.selectors import region_figures
from tests.people.factories import OtherInstansiFactory, PositionFactory
from tests.placement.factories import ON, province

pytestmark = pytest.mark.django_db


def _post(unit: Unit, name: str, *, vacant_from: date | None) -> Position:
    return PositionFactory(
        unit=unit, name=name, kind="struktural", level="administrator", eselon="31", vacant_from=vacant_from
    )


@pytest.fixture
def region(make_user):
    """The province (a synthetic one) and a kabupaten of one region; two structural posts of the province
    fall vacant on 1 December 2025 and 1 January 2026 and are filled by one SK of 2 March 2026: 91 and 60
    days."""
    banten = Region.objects.create(code="36", name="Provinsi Banten")
    prov = province()
    prov.region = banten
    prov.save(update_fields=["region"])
    kab = OtherInstansiFactory(region=banten)
    users = {
        "pimpinan": make_user("pimpinan", username="prov-pimpinan", instansi=prov),
        "analis": make_user("analis", username="prov-analis", instansi=prov),
        "regional": make_user("regional", username="pengawas", instansi=prov),
    }
    unit = Unit.objects.filter(instansi=prov, parent__isnull=False).order_by("pk").first()
    posts = [
        _post(unit, "Kepala Bidang Mutasi dan Promosi", vacant_from=date(2025, 12, 1)),
        _post(unit, "Kepala Bidang Pengembangan Kompetensi", vacant_from=date(2026, 1, 1)),
    ]
    movers = list(Employee.objects.filter(instansi=prov, position__level="administrator").order_by("pk")[:2])
    batch = services.batch_create_from_rows(
        instansi=prov,
        sk_nomor="821.2/Kep.77-BKD/2026",
        sk_date=date(2026, 3, 2),
        by=users["pimpinan"],
        rows=[{"nip": e.nip, "position": str(p.pk)} for e, p in zip(movers, posts, strict=True)],
        on=ON,
    )
    services.batch_apply(batch=batch, by=users["analis"])
    return prov, kab, users, posts, movers


def test_filled_vacancies_count_from_the_day_the_post_fell_vacant_to_the_installation(region):
    prov, kab, users, _posts, _movers = region
    figs = {f.instansi.pk: f for f in region_figures(users["regional"], today=ON)}
    assert (figs[prov.pk].filled, figs[prov.pk].filled_days_median, figs[prov.pk].filled_days_max) == (
        2,
        75,  # the mean of 60 and 91, rounded down
        91,
    )
    assert (figs[kab.pk].filled, figs[kab.pk].filled_days_median, figs[kab.pk].filled_days_max) == (
        0,
        None,
        None,
    )


def test_the_posts_the_movers_left_fall_vacant_on_the_sk_date_and_count_as_open(region):
    prov, _kab, users, _posts, movers = region
    left = Position.objects.filter(pk__in=[m.position_id for m in movers])
    assert set(left.values_list("vacant_from", flat=True)) == {date(2026, 3, 2)}
    [fig] = region_figures(users["regional"], today=date(2026, 4, 1), only=prov.pk)
    assert fig.vacancy_days_max >= 30  # the two left on 2 March are open 30 days on 1 April


def test_a_post_filled_without_a_known_vacancy_date_is_not_counted(region, make_user):
    prov, _kab, users, _posts, movers = region
    post = _post(movers[0].unit, "Kepala Bidang Informasi Kepegawaian", vacant_from=None)
    mover = Employee.objects.filter(instansi=prov, position__level="pengawas").order_by("pk")[0]
    batch = services.batch_create_from_rows(
        instansi=prov,
        sk_nomor="821.2/Kep.78-BKD/2026",
        sk_date=date(2026, 3, 9),
        by=users["pimpinan"],
        rows=[{"nip": mover.nip, "position": str(post.pk)}],
        on=ON,
    )
    services.batch_apply(batch=batch, by=users["analis"])
    [fig] = region_figures(users["regional"], today=ON, only=prov.pk)
    assert (fig.filled, fig.filled_days_median, fig.filled_days_max) == (2, 75, 91)


def test_the_oversight_screen_the_drill_down_and_the_export_show_the_filled_vacancies(region):
    prov, _kab, users, posts, _movers = region
    client = Client()
    client.force_login(users["regional"])
    page = client.get(reverse("region:overview")).content.decode()
    assert 'data-filled="2"' in page and "(75 / 91)" in page
    detail = client.get(reverse("region:instansi", args=[prov.pk])).content.decode()
    assert posts[0].name in detail and "1 Desember 2025" in detail and "2 Maret 2026" in detail
    ws = load_workbook(io.BytesIO(client.get(reverse("region:export")).content)).active
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == prov.name)
    got = dict(zip(HEADER, row, strict=False))
    assert (
        got["Lowong yang terisi"],
        got["Lama lowong sampai dilantik, median (hari)"],
        got["Lama lowong sampai dilantik, maks. (hari)"],
    ) == (2, 75, 91)


def test_the_drill_down_into_an_instansi_is_audited_in_the_viewer_s_and_in_its_own_trail(region):
    prov, kab, users, _posts, _movers = region
    client = Client()
    client.force_login(users["regional"])
    assert client.get(reverse("region:instansi", args=[kab.pk])).status_code == 200
    trail = AuditEntry.objects.filter(action="region.evidence.view", actor_username="pengawas")
    assert set(trail.values_list("instansi_id", flat=True)) == {prov.pk, kab.pk}
