"""Participant selection, scheduling, attendance and moves, through the services."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from talenta.core.models import AuditEntry
from talenta.people.models import Employee
from talenta.profiling import selectors, services
from talenta.profiling.models import Participant, Wave
from tests.profiling.factories import CampaignFactory

TODAY = date(2025, 11, 1)


@pytest.fixture
def campaign(province):
    return CampaignFactory(instansi=province["instansi"])


def test_filter_selection_excludes_retiring_and_records_reason(province, campaign):
    pool = Employee.objects.all()
    report = services.participants_add(
        campaign=campaign, pool=pool, by=None, today=TODAY, criteria=services.Criteria(not_profiled_years=3)
    )
    # 39 people, 4 profiled in 2024, 3 retiring in early 2026 (before end + 12 months).
    assert len(report.retiring) == 3
    assert report.added == 39 - 4 - 3
    assert Participant.objects.filter(reason__contains="belum diprofil 3 tahun").count() == report.added
    assert AuditEntry.objects.filter(action="profiling.participants_add").exists()


def test_selecting_twice_adds_nobody_new(province, campaign):
    c = services.Criteria(opd_ids=[province["opds"][1].pk])
    first = services.participants_add(
        campaign=campaign, pool=Employee.objects.all(), by=None, today=TODAY, criteria=c
    )
    again = services.participants_add(
        campaign=campaign, pool=Employee.objects.all(), by=None, today=TODAY, criteria=c
    )
    assert first.added == 12 and again.added == 0 and again.already == 12


def test_succession_candidates_are_one_level_below_a_critical_post(province, campaign):
    report = services.participants_add(
        campaign=campaign,
        pool=Employee.objects.all(),
        by=None,
        today=TODAY,
        criteria=services.Criteria(source="succession"),
    )
    levels = set(Participant.objects.values_list("employee__position__level", flat=True))
    assert report.added > 0
    assert levels <= {"administrator", "jf_ahli_madya"}
    assert set(Participant.objects.values_list("employee__unit__name", flat=True)) == {"Dinas Kesehatan"}
    assert Participant.objects.first().reason.startswith(
        "Kandidat suksesi jabatan kritikal: Kepala Dinas Kesehatan"
    )


def test_nip_list_reports_unknown_nips(province, campaign):
    nip = province["people"][7].nip
    report = services.participants_add(
        campaign=campaign,
        pool=Employee.objects.all(),
        by=None,
        today=TODAY,
        criteria=services.Criteria(source="nips", nips=[nip, "199001012015011999"]),
    )
    assert report.added == 1 and report.unknown_nips == ["199001012015011999"]


def _scheduled(campaign, **kwargs):
    services.participants_add(
        campaign=campaign, pool=Employee.objects.all(), by=None, today=TODAY, criteria=services.Criteria()
    )
    return services.campaign_schedule(campaign=campaign, by=None, days=5, waves=10, **kwargs)


def test_schedule_creates_waves_and_balances(province, campaign):
    result = _scheduled(campaign, max_per_opd=2)
    assert Wave.objects.filter(campaign=campaign).count() == 10
    assert result.spread <= 1
    assert not Participant.objects.filter(campaign=campaign, wave__isnull=True).exists()


def test_infeasible_schedule_raises_and_writes_nothing(province, campaign):
    with pytest.raises(ValidationError, match="kurang"):
        _scheduled(campaign, capacity=2)
    assert not Wave.objects.exists()


def test_absentee_moves_to_a_later_wave_within_the_constraints(province, campaign):
    _scheduled(campaign, capacity=5)
    p = Participant.objects.filter(campaign=campaign, wave__number=1).first()
    services.attendance_mark(participant=p, attendance="absent", by=None)
    new = services.participant_move(participant=p, by=None)
    assert new.number > 1
    assert Participant.objects.filter(wave=new).count() <= new.capacity
    p.refresh_from_db()
    assert p.attendance == "" and p.wave == new


def test_coverage_counts_profiled_valid_and_never(province):
    cov = selectors.coverage(Employee.objects.all(), today=TODAY)
    assert (cov.total, cov.profiled, cov.valid, cov.never) == (39, 4, 4, 35)
    assert sum(r["total"] for r in cov.by_opd) == 39
    # Assessed on 1 May 2024 for three years: exactly three years old on 1 May 2027, older the day after.
    on_the_day = selectors.coverage(Employee.objects.all(), today=date(2027, 5, 1))
    assert (on_the_day.profiled, on_the_day.valid) == (4, 4)
    later = selectors.coverage(Employee.objects.all(), today=date(2027, 5, 2))
    assert (later.profiled, later.valid) == (4, 0)


def test_unavailable_dates_and_pins_from_csv_are_kept_by_the_schedule(province, campaign):
    _scheduled(campaign, capacity=5)
    p, q = Participant.objects.filter(campaign=campaign).select_related("employee")[:2]
    data = f"nip,unavailable,wave\n{p.employee.nip},2025-11-17;2025-11-18,\n{q.employee.nip},,7\n".encode()
    assert services.participants_constraints_update(campaign=campaign, data=data, by=None) == 2
    services.campaign_schedule(campaign=campaign, by=None, days=5, waves=10, capacity=5)
    p.refresh_from_db()
    q.refresh_from_db()
    assert p.wave.date >= date(2025, 11, 19)
    assert q.wave.number == 7 and q.pinned


def test_bad_constraint_rows_change_nothing(province, campaign):
    _scheduled(campaign, capacity=5)
    p = Participant.objects.filter(campaign=campaign).select_related("employee").first()
    nip = p.employee.nip
    data = f"nip,unavailable,wave\n{nip},2025-11-17,\n199001012015011999,,\n{nip},x,\n".encode()
    with pytest.raises(ValidationError) as err:
        services.participants_constraints_update(campaign=campaign, data=data, by=None)
    assert any("Baris 3, kolom nip" in m for m in err.value.messages)
    assert any("Baris 4, kolom unavailable" in m for m in err.value.messages)
    p.refresh_from_db()
    assert p.unavailable == []


def test_seats_per_wave_counts_what_the_participants_say(province, campaign):
    """The two GROUP BYs of `participant_move` agree with counting every seated participant in Python
    (OPD by `selectors.opd_name`: an OPD's own people and those of its sub-units are one group)."""
    from collections import Counter

    _scheduled(campaign, capacity=5)
    seated = list(
        Participant.objects.filter(campaign=campaign, wave__isnull=False).select_related(
            "employee__unit__opd", "wave"
        )
    )
    groups = {selectors.opd_name(p.employee) for p in seated}
    assert len(groups) >= 3
    for group in groups:
        someone = next(p.employee for p in seated if selectors.opd_name(p.employee) == group)
        sizes, ours = selectors.seats_per_wave(campaign, employee=someone)
        assert sizes == dict(Counter(p.wave.number for p in seated))
        assert ours == dict(Counter(p.wave.number for p in seated if selectors.opd_name(p.employee) == group))


def test_moving_an_absentee_does_not_read_the_whole_campaign(
    province, campaign, django_assert_max_num_queries
):
    _scheduled(campaign, capacity=5)
    p = Participant.objects.filter(campaign=campaign, wave__number=1).select_related("employee__unit").first()
    services.attendance_mark(participant=p, attendance="absent", by=None)
    # A fixed number (audit included), whatever the campaign size; one is the re-read of his row under lock.
    with django_assert_max_num_queries(13):
        services.participant_move(participant=p, by=None)


def test_adding_by_filter_passes_the_filter_not_its_people_as_parameters(province):
    """A filter that selects a whole region must not become one statement with a parameter per person
    (SQLite refuses more than 32,766): the widest statement of adding everyone (a filter without
    conditions) binds no more parameters than adding one OPD's people (a filter with two conditions)."""
    from django.db import connection

    def widest_statement(criteria):
        widest = [0]

        def count(execute, sql, params, many, context):
            if not sql.lstrip().upper().startswith("INSERT"):  # the new rows' values are bound in batches
                widest[0] = max(widest[0], len(params or ()))
            return execute(sql, params, many, context)

        campaign = CampaignFactory(instansi=province["instansi"])
        with connection.execute_wrapper(count):
            report = services.participants_add(
                campaign=campaign, pool=Employee.objects.all(), by=None, today=TODAY, criteria=criteria
            )
        return report.added, widest[0]

    few, narrow = widest_statement(services.Criteria(opd_ids=[province["opds"][1].pk]))
    many, wide = widest_statement(services.Criteria())
    assert 0 < few < many
    assert wide <= narrow
