"""The wave scheduler: properties under hypothesis, the Banten case, and clear errors."""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta

import pytest
from django.utils import translation
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from talenta.profiling.rules.scheduling import (
    Person,
    SchedulingError,
    WaveSpec,
    parse_slots,
    plan_waves,
    reschedule,
    schedule,
    violations,
)

START = date(2025, 11, 17)


def _people(n: int, groups: int, unavailable: dict[int, set[date]] | None = None) -> list[Person]:
    unavailable = unavailable or {}
    return [
        Person(id=f"{i:04d}", group=f"OPD {i % groups}", unavailable=frozenset(unavailable.get(i, ())))
        for i in range(n)
    ]


def test_waves_fill_days_in_order_two_a_day():
    waves = plan_waves(start=START, days=5, waves=10, capacity=94)
    assert [(w.number, w.day, w.start) for w in waves[:3]] == [
        (1, date(2025, 11, 17), time(8)),
        (2, date(2025, 11, 17), time(13)),
        (3, date(2025, 11, 18), time(8)),
    ]
    assert waves[-1].day == date(2025, 11, 21) and waves[-1].end == time(17)


def test_too_many_waves_for_the_slots_names_the_shortfall():
    with pytest.raises(SchedulingError, match="kurang 1 slot"):
        plan_waves(start=START, days=5, waves=15, capacity=10)


def test_banten_936_in_10_waves_over_5_days():
    unavailable = {i: {START + timedelta(days=i % 5)} for i in range(0, 936, 7)}
    people = _people(936, 40, unavailable)
    waves = plan_waves(start=START, days=5, waves=10, capacity=94)
    result = schedule(people, waves, max_per_opd=4)
    assert violations(result.assignment, people, waves, max_per_opd=4) == []
    assert sorted(result.sizes.values()) == [93] * 4 + [94] * 6
    assert len({w.day for w in waves}) == 5


def test_capacity_shortfall_is_named_in_seats():
    waves = plan_waves(start=START, days=5, waves=10, capacity=90)
    with pytest.raises(SchedulingError, match="kurang 36 kursi") as err:
        schedule(_people(936, 40), waves)
    assert err.value.code == "capacity" and err.value.shortfall == 36


def test_opd_cap_shortfall_names_the_opd_and_the_arithmetic():
    people = [Person(id=f"{i}", group="Dinas X") for i in range(140)] + _people(10, 3)
    waves = plan_waves(start=START, days=5, waves=10, capacity=100)
    with pytest.raises(SchedulingError) as err:
        schedule(people, waves, max_per_opd=10)
    assert "OPD Dinas X: 140 peserta, maksimum 10 per gelombang × 10 gelombang = 100" in err.value.message
    assert err.value.shortfall == 40


def test_people_free_on_one_day_only_report_the_hall_shortfall():
    days = {START + timedelta(days=d) for d in range(1, 5)}
    people = _people(30, 3, {i: days for i in range(30)})  # all 30 can only come on 17 Nov
    waves = plan_waves(start=START, days=5, waves=10, capacity=10)
    with pytest.raises(SchedulingError, match="kurang 10 kursi") as err:
        schedule(people, waves)
    assert "(17 November 2025)" in err.value.message


def test_pin_on_an_unavailable_day_is_refused():
    people = [Person(id="1", group="A", unavailable=frozenset({START}), pin=1)]
    with pytest.raises(SchedulingError, match="disematkan ke gelombang 1"):
        schedule(people, plan_waves(start=START, days=1, waves=2, capacity=5))


def test_too_many_pins_in_one_wave_say_how_many_over():
    people = [Person(id=str(i), group=f"G{i}", pin=2) for i in range(7)]
    with pytest.raises(SchedulingError, match="kelebihan 2"):
        schedule(people, plan_waves(start=START, days=1, waves=2, capacity=5))


def test_parse_slots():
    assert parse_slots("08:00-12:00,13:00-17:00") == ((time(8), time(12)), (time(13), time(17)))
    with pytest.raises(SchedulingError):
        parse_slots("12:00-08:00")


def test_reschedule_moves_to_the_first_later_wave_with_room():
    waves = plan_waves(start=START, days=3, waves=6, capacity=2)
    p = Person(id="9", group="A", unavailable=frozenset({START + timedelta(days=1)}))
    # Wave 2 is the current one; 3 and 4 are on the unavailable day; 5 is full; 6 is free.
    assert reschedule(p, after=2, waves=waves, sizes={5: 2}, group_counts={}, max_per_opd=None) == 6
    with pytest.raises(SchedulingError):
        reschedule(p, after=2, waves=waves, sizes={5: 2}, group_counts={6: 1}, max_per_opd=1)


# --- properties --------------------------------------------------------------------------------------------


@st.composite
def instances(draw):
    days = draw(st.integers(1, 4))
    per_day = draw(st.integers(1, 2))
    n_waves = days * per_day
    n = draw(st.integers(0, 60))
    groups = draw(st.integers(1, 6))
    capacity = draw(st.integers(1, 25))
    cap = draw(st.one_of(st.none(), st.integers(1, 12)))
    waves = plan_waves(start=START, days=days, waves=n_waves, capacity=capacity)
    people = []
    for i in range(n):
        off = draw(st.sets(st.integers(0, days - 1), max_size=days - 1)) if draw(st.booleans()) else set()
        unavailable = frozenset(START + timedelta(days=d) for d in off)
        pin = None
        if draw(st.integers(0, 9)) == 0:
            choices = [w.number for w in waves if w.day not in unavailable]
            pin = draw(st.sampled_from(choices))
        people.append(
            Person(
                id=f"{i:03d}", group=f"G{draw(st.integers(0, groups - 1))}", unavailable=unavailable, pin=pin
            )
        )
    return people, waves, cap


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(instances())
def test_a_schedule_breaks_no_rule_or_the_error_names_one(instance):
    people, waves, cap = instance
    try:
        result = schedule(people, waves, max_per_opd=cap)
    except SchedulingError as err:
        assert err.code in {"capacity", "opd_cap", "pin", "unavailable"}
        assert err.message
        return
    assert set(result.assignment) == {p.id for p in people}
    assert violations(result.assignment, people, waves, max_per_opd=cap) == []


@FAST
@given(instances())
def test_schedule_is_deterministic(instance):
    people, waves, cap = instance
    try:
        first = schedule(people, waves, max_per_opd=cap)
    except SchedulingError:
        return
    assert schedule(list(reversed(people)), list(reversed(waves)), max_per_opd=cap) == first


@FAST
@given(
    n=st.integers(0, 200), n_waves=st.integers(1, 12), capacity=st.integers(1, 30), groups=st.integers(1, 8)
)
def test_free_participants_are_balanced_within_one(n, n_waves, capacity, groups):
    assume(n <= n_waves * capacity)
    waves = [WaveSpec(i + 1, START + timedelta(days=i), time(8), time(12), capacity) for i in range(n_waves)]
    result = schedule(_people(n, groups), waves)
    assert result.spread <= 1


@FAST
@given(n=st.integers(1, 120), n_waves=st.integers(2, 10), groups=st.integers(1, 5))
def test_an_opd_is_spread_evenly_without_an_explicit_cap(n, n_waves, groups):
    waves = [WaveSpec(i + 1, START, time(8), time(12), n) for i in range(n_waves)]
    people = _people(n, groups)
    result = schedule(people, waves)
    per = Counter((result.assignment[p.id], p.group) for p in people)
    size = Counter(p.group for p in people)
    for (_, g), k in per.items():
        assert k <= -(-size[g] // n_waves) + 1


@FAST
@given(n=st.integers(1, 80), capacity=st.integers(1, 20), n_waves=st.integers(1, 8))
def test_infeasible_capacity_always_reports_the_exact_shortfall(n, capacity, n_waves):
    assume(n > capacity * n_waves)
    waves = [WaveSpec(i + 1, START, time(8), time(12), capacity) for i in range(n_waves)]
    with pytest.raises(SchedulingError) as err:
        schedule(_people(n, 3), waves)
    assert err.value.shortfall == n - capacity * n_waves
    assert f"kurang {n - capacity * n_waves} kursi" in err.value.message


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "Kapasitas kurang 1.100 kursi: 1.200 peserta, 2 gelombang × 50 kursi = 100 kursi."),
        ("en", "The capacity is 1,100 seats short: 1,200 participants, 2 waves × 50 seats = 100 seats."),
    ],
    ids=["id", "en"],
)
def test_a_scheduling_message_is_written_in_the_readers_language(language, expected):
    people = [Person(id=str(i), group="A") for i in range(1200)]
    waves = plan_waves(start=START, days=1, waves=2, capacity=50)
    with pytest.raises(SchedulingError) as err:
        schedule(people, waves)
    with translation.override(language):
        assert err.value.message == expected and str(err.value) == expected


def test_a_participant_is_named_by_his_label_not_his_id():
    people = [Person(id="17", group="A", label="SITI AMINAH (198001012006042001)")] * 2
    with pytest.raises(SchedulingError) as err:
        schedule(people, plan_waves(start=START, days=1, waves=1, capacity=5))
    assert "SITI AMINAH (198001012006042001)" in err.value.message and "17" not in err.value.message


def test_capacity_is_enough_at_exactly_the_seats_and_one_short_past_them():
    waves = plan_waves(start=START, days=1, waves=2, capacity=50)
    assert sum(schedule([Person(id=str(i), group="A") for i in range(100)], waves).sizes.values()) == 100
    with pytest.raises(SchedulingError) as err:
        schedule([Person(id=str(i), group="A") for i in range(101)], waves)
    assert err.value.shortfall == 1 and "Kapasitas kurang 1 kursi: 101 peserta" in err.value.message
