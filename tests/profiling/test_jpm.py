"""JPM worked examples from RULES.md §3."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talenta.people.rules.jabatan import competency_standard
from talenta.profiling.rules.jpm import (
    bands_of,
    bands_stored,
    ceiling,
    gaps,
    jpm,
    mapping_bands,
    mapping_category,
    selection_category,
)

CODES = ("M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "S1")


def test_all_nine_at_standard_is_100():
    std = competency_standard("administrator")
    assert jpm(dict.fromkeys(CODES, 3), std) == Decimal(100)


def test_administrator_with_one_level_short_is_96_296():
    std = competency_standard("administrator")
    levels = dict(zip(CODES, (3, 3, 3, 3, 3, 3, 2, 3, 3), strict=True))
    value = jpm(levels, std)
    assert str(value).startswith("96.296296")
    assert mapping_category(value) == "optimal"
    assert gaps(levels, std)["M7"] == Decimal(-1)


def test_category_bands():
    assert mapping_category(Decimal("89.99")) == "cukup_optimal"
    assert mapping_category(Decimal("77.99")) == "kurang_optimal"
    assert selection_category(Decimal(80)) == "memenuhi_syarat"
    assert selection_category(Decimal("67.9")) == "kurang_memenuhi_syarat"


def test_a_missing_competency_gives_no_jpm():
    """Issue 13 item 10: all nine levels, or no JPM (before: the JPM of the eight present, 100)."""
    std = competency_standard("administrator")
    with pytest.raises(ValueError):
        jpm({**dict.fromkeys(CODES, 3), "S1": None}, std)


def test_no_common_competency_is_an_error():
    with pytest.raises(ValueError):
        jpm({"X": 1}, {"M1": 3})


@given(st.lists(st.integers(10, 50), min_size=9, max_size=9), st.integers(1, 5))
def test_jpm_is_the_mean_ratio(tenths, standard):
    levels = {c: Decimal(t) / 10 for c, t in zip(CODES, tenths, strict=True)}
    value = jpm(levels, dict.fromkeys(CODES, standard))
    assert value == Decimal(100) * sum(levels.values()) / (9 * standard)


def test_the_highest_jpm_is_every_level_at_5():
    # Nine competencies at standard 3 (BKN's mass test): 100 × 45 / 27; JPT Utama's standard 5: 100.
    assert ceiling(dict.fromkeys(CODES, 3)) == Decimal(100) * 45 / 27
    assert str(ceiling(dict.fromkeys(CODES, 3))).startswith("166.66666")
    assert ceiling(dict.fromkeys(CODES, 5)) == Decimal(100)
    assert ceiling({}) is None


@given(
    st.lists(st.integers(1, 5), min_size=1, max_size=9),
    st.lists(st.integers(10, 50), min_size=9, max_size=9),
)
def test_no_levels_give_more_than_the_ceiling_and_levels_of_5_give_it(standards, tenths):
    std = dict(zip(CODES, standards, strict=False))
    levels = {c: Decimal(t) / 10 for c, t in zip(std, tenths, strict=False)}
    assert jpm(levels, std) <= ceiling(std)
    assert jpm(dict.fromkeys(std, 5), std) == ceiling(std)


def test_terbilang_for_letters():
    from talenta.profiling.documents import terbilang

    assert [terbilang(n) for n in (1, 11, 12, 20, 47, 100, 115, 936, 1000, 3236)] == [
        "satu",
        "sebelas",
        "dua belas",
        "dua puluh",
        "empat puluh tujuh",
        "seratus",
        "seratus lima belas",
        "sembilan ratus tiga puluh enam",
        "seribu",
        "tiga ribu dua ratus tiga puluh enam",
    ]


@pytest.mark.parametrize(
    ("value", "category"),
    [
        ("85.50", "optimal"),  # exactly the campaign's Optimal bound
        ("85.49", "cukup_optimal"),
        ("70.00", "cukup_optimal"),  # exactly its Cukup Optimal bound
        ("69.99", "kurang_optimal"),
    ],
)
def test_a_campaign_s_bands_are_compared_at_their_exact_bounds(value, category):
    bands = mapping_bands("85.5", 70)
    assert mapping_category(Decimal(value), bands) == category
    assert mapping_category(Decimal(value), bands_of(bands_stored(bands))) == category  # as kept, replayed
