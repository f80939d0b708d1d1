"""The pure rules: the grid and its labels, performance combination, potential formula and bands,
assessment validity, readiness, configuration."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from talenta.talent.rules import potential as pr
from talenta.talent.rules.config import PRESETS, ConfigError, MappingConfig, config_from_dict, preset
from talenta.talent.rules.mapping import MappingInputs, map_one
from talenta.talent.rules.ninebox import (
    GRID,
    LABELS,
    PERFORMANCE_VALUE,
    POTENTIAL_VALUE,
    RECOMMENDATIONS,
    SCREEN_ROWS,
    SUCCESSION_GROUP,
    axes,
    box,
    readiness,
)
from talenta.talent.rules.performance import combine, performance, window, year_level

# RULES.md §5, row by row: (kinerja, potensial) → box.
EXPECTED_BOXES = {
    ("di_atas", "rendah"): 4,
    ("di_atas", "menengah"): 7,
    ("di_atas", "tinggi"): 9,
    ("sesuai", "rendah"): 2,
    ("sesuai", "menengah"): 5,
    ("sesuai", "tinggi"): 8,
    ("di_bawah", "rendah"): 1,
    ("di_bawah", "menengah"): 3,
    ("di_bawah", "tinggi"): 6,
}
EXPECTED_LABELS = {
    9: "Kinerja di atas ekspektasi dan potensial tinggi",
    8: "Kinerja sesuai ekspektasi dan potensial tinggi",
    7: "Kinerja di atas ekspektasi dan potensial menengah",
    6: "Kinerja di bawah ekspektasi dan potensial tinggi",
    5: "Kinerja sesuai ekspektasi dan potensial menengah",
    4: "Kinerja di atas ekspektasi dan potensial rendah",
    3: "Kinerja di bawah ekspektasi dan potensial menengah",
    2: "Kinerja sesuai ekspektasi dan potensial rendah",
    1: "Kinerja di bawah ekspektasi dan potensial rendah",
}


@pytest.mark.parametrize(("axes_", "expected"), EXPECTED_BOXES.items())
def test_every_box_of_the_grid(axes_, expected):
    assert box(*axes_) == expected
    assert axes(expected) == axes_


def test_labels_are_verbatim_and_match_the_axes():
    assert LABELS == EXPECTED_LABELS
    for b, label in LABELS.items():
        perf, pot = axes(b)
        assert label == f"Kinerja {perf.replace('_', ' ')} ekspektasi dan potensial {pot}"


def test_screen_layout_has_nine_top_right_and_one_bottom_left():
    assert SCREEN_ROWS[0][2] == 9 and SCREEN_ROWS[2][0] == 1
    assert sorted(b for row in SCREEN_ROWS for b in row) == list(range(1, 10))
    assert (
        tuple(
            tuple(GRID[p][q] for q in ("rendah", "menengah", "tinggi"))
            for p in ("di_atas", "sesuai", "di_bawah")
        )
        == SCREEN_ROWS
    )


def test_every_box_has_a_recommendation_and_the_succession_group_is_7_8_9():
    assert set(RECOMMENDATIONS) == set(range(1, 10))
    assert {7, 8, 9} == SUCCESSION_GROUP
    assert any(k == "succession" for k, _ in RECOMMENDATIONS[7])
    assert not any(k == "succession" for b in range(1, 7) for k, _ in RECOMMENDATIONS[b])


@given(
    perf=st.sampled_from(list(PERFORMANCE_VALUE)),
    a=st.sampled_from(list(POTENTIAL_VALUE)),
    b=st.sampled_from(list(POTENTIAL_VALUE)),
)
def test_higher_potential_never_lowers_box(perf, a, b):
    assume(POTENTIAL_VALUE[a] <= POTENTIAL_VALUE[b])
    assert box(perf, a) <= box(perf, b)


@pytest.mark.parametrize(
    ("b", "expected"),
    [
        (9, "siap_sekarang"),
        (8, "siap_sekarang"),
        (7, "1_2_tahun"),
        (6, "potensi_masa_depan"),
        (5, "potensi_masa_depan"),
        (4, "potensi_masa_depan"),
        (3, "potensi_masa_depan"),
        (2, "bukan_kandidat"),
        (1, "bukan_kandidat"),
        (None, "bukan_kandidat"),
    ],
)
def test_successor_readiness_from_box(b, expected):
    assert readiness(b) == expected


def test_readiness_mapping_is_configurable():
    cfg = config_from_dict(
        {"readiness": {**{str(k): v for k, v in MappingConfig().readiness.items()}, "7": "siap_sekarang"}}
    )
    assert readiness(7, cfg.readiness) == "siap_sekarang"


# Performance -------------------------------------------------------------------------------------------


def test_window_is_the_calendar_years_before_the_as_of_year():
    assert window(2026, 2) == [2024, 2025]
    assert window(2026, 3) == [2023, 2024, 2025]


@pytest.mark.parametrize(
    ("predikat", "level"),
    [
        ("sangat_baik", "di_atas"),
        ("baik", "sesuai"),
        ("butuh_perbaikan", "di_bawah"),
        ("kurang", "di_bawah"),
        ("sangat_kurang", "di_bawah"),
    ],
)
def test_predikat_to_level(predikat, level):
    assert year_level(predikat=predikat, rating_hasil_kerja=None) == level


def test_source_rating_hasil_kerja_ignores_the_predikat():
    # di atas work results with di bawah behaviour: predikat Kurang, rating di atas.
    assert (
        year_level(predikat="kurang", rating_hasil_kerja="di_atas", source="rating_hasil_kerja") == "di_atas"
    )
    assert year_level(predikat="kurang", rating_hasil_kerja="di_atas") == "di_bawah"


@pytest.mark.parametrize(
    ("levels", "mode", "expected"),
    [
        (["di_atas", "sesuai"], "latest", "sesuai"),
        (["sesuai", "di_atas"], "latest", "di_atas"),
        (["di_atas", "sesuai"], "lowest", "sesuai"),
        (["di_atas", "di_bawah"], "lowest", "di_bawah"),
        (["di_atas", "di_atas"], "lowest", "di_atas"),
        (["di_atas", "sesuai"], "mean", "sesuai"),  # (3+2)/2 = 2.5 → 2
        (["di_atas", "di_bawah"], "mean", "sesuai"),  # (3+1)/2 = 2
        (["sesuai", "di_bawah"], "mean", "di_bawah"),  # 1.5 → 1
        (["di_atas", "di_atas", "sesuai"], "mean", "sesuai"),  # 8/3 → 2
        (["di_atas"], "mean", "di_atas"),
    ],
)
def test_combine_modes(levels, mode, expected):
    assert combine(levels, mode) == expected


@pytest.mark.parametrize("mode", ["latest", "lowest", "mean"])
def test_missing_year_is_not_a_pass_in_every_mode(mode):
    result = performance({2025: {"predikat": "sangat_baik"}}, as_of_year=2026, years=2, combine_mode=mode)
    assert result.level is None
    assert result.missing_years == (2024,)
    assert result.reason == "SKP 2024 belum ada"


def test_all_years_missing_lists_each_year():
    result = performance({}, as_of_year=2026, years=2)
    assert result.reason == "SKP 2024 belum ada; SKP 2025 belum ada"


def test_years_outside_the_window_do_not_count():
    skp = {2023: {"predikat": "sangat_kurang"}, 2024: {"predikat": "baik"}, 2025: {"predikat": "sangat_baik"}}
    assert performance(skp, as_of_year=2026, years=2).level == "sesuai"
    assert performance(skp, as_of_year=2026, years=3).level == "di_bawah"


# Potential ---------------------------------------------------------------------------------------------

W = {"jpm": 0.5, "potential": 0.4, "track_record": 0.1}
BANDS = {"tinggi": 90.0, "menengah": 78.0}


def test_default_formula_worked_example():
    # 0.5 × 84.2 + 0.4 × 80 + 0.1 × (100 + 50 + 75 + 100)/4 = 42.1 + 32 + 8.125 = 82.225
    s = pr.potential_score(jpm=84.2, potential=80, parts=(100, 50, 75, 100), weights=W)
    assert s == 82.225
    assert pr.potential_level(s, BANDS) == "menengah"


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (77.99, "rendah"),
        (78, "menengah"),
        (89.99, "menengah"),
        (90, "tinggi"),
        (0, "rendah"),
        (100, "tinggi"),
    ],
)
def test_bands_at_the_boundaries(score, level):
    assert pr.potential_level(score, BANDS) == level


def test_score_exactly_on_a_band_is_not_lost_to_float_noise():
    s = pr.potential_score(jpm=90, potential=90, parts=(90, 90, 90, 90), weights=W)
    assert s == 90.0 and pr.potential_level(s, BANDS) == "tinggi"
    s = pr.potential_score(jpm=78, potential=78, parts=(78, 78, 78, 78), weights=W)
    assert pr.potential_level(s, BANDS) == "menengah"


def test_a_score_just_below_a_band_is_banded_on_its_exact_value():
    # Issue 13: 0.5 × 89.99992 + 0.4 × 90 + 0.1 × 90 = 89.99996, which rounded to 4 decimals became 90.0
    # (tinggi, box 8 with "sesuai") instead of menengah (box 5).
    s = pr.potential_score(jpm=89.99992, potential=90, parts=(90, 90, 90, 90), weights=W)
    assert pr.potential_level(s, BANDS) == "menengah"
    assert s < 90


def test_kepka411_is_a_stored_preset_not_the_default():
    assert "kepka411" in PRESETS
    cfg = preset("kepka411")
    assert cfg.weights == {"jpm": 0.40, "potential": 0.25, "qualification": 0.20, "integrity": 0.15}
    assert MappingConfig().weights == W
    # 0.4 × 80 + 0.25 × 80 + 0.2 × 100 + 0.15 × 0 = 72
    assert pr.potential_score(jpm=80, potential=80, parts=(100, 0, 0, 0), weights=cfg.weights) == 72


@pytest.mark.parametrize(
    ("assessed_on", "as_of", "usable", "reason"),
    [
        (None, date(2026, 1, 31), False, "belum ada hasil asesmen"),
        (date(2019, 3, 1), date(2026, 1, 31), False, "hasil asesmen kedaluwarsa 2022-03-02"),
        # RULES §4: "older than its validity does not count": exactly three years old still counts.
        (date(2023, 1, 30), date(2026, 1, 31), False, "hasil asesmen kedaluwarsa 2026-01-31"),
        (date(2023, 1, 31), date(2026, 1, 31), True, ""),
        (date(2023, 2, 1), date(2026, 1, 31), True, ""),
        (date(2025, 6, 1), date(2026, 1, 31), True, ""),
    ],
)
def test_assessment_validity(assessed_on, as_of, usable, reason):
    assert pr.assessment_status(assessed_on, as_of=as_of, validity_years=3) == (usable, reason)


def test_track_record_parts():
    assert pr.education_fit("40", "administrator") == 100
    assert pr.education_fit("30", "administrator") == 50
    assert pr.education_fit("15", "administrator") == 0
    assert pr.education_fit("", "administrator") == 0
    assert pr.education_fit("30", "pengawas") == 100
    assert pr.training_score([(2023, 20), (2024, 10), (2022, 500)], as_of_year=2026, years=3, target=60) == 50
    assert pr.training_score([(2025, 100)], as_of_year=2026, years=3, target=60) == 100
    assert pr.experience_score(2, target=4) == 50
    assert pr.experience_score(None, target=4) == 0
    as_of = date(2026, 1, 31)
    assert pr.integrity_score([], as_of=as_of, years=3) == 100
    assert pr.integrity_score([("R", date(2024, 1, 1), date(2024, 6, 1))], as_of=as_of, years=3) == 50
    assert pr.integrity_score([("B", date(2018, 1, 1), date(2019, 1, 1))], as_of=as_of, years=3) == 100
    assert pr.integrity_score([("S", date(2018, 1, 1), None)], as_of=as_of, years=3) == 0  # still in force


def test_integrity_counts_a_sentence_in_force_at_any_time_in_the_window():
    as_of = date(2026, 3, 31)  # the window opens on 31 March 2023
    # Began before the window, ended inside it: in force during the window (as placement's rule says).
    assert pr.integrity_score([("S", date(2022, 1, 1), date(2025, 6, 30))], as_of=as_of, years=3) == 0
    # Ended three days before the window opened: outside it, whatever day of the month the as-of is.
    assert pr.integrity_score([("S", date(2023, 3, 28), date(2023, 3, 28))], as_of=as_of, years=3) == 100
    # Ended on the day the window opens: outside; the day after: inside.
    assert pr.integrity_score([("B", date(2020, 1, 1), date(2023, 3, 31))], as_of=as_of, years=3) == 100
    assert pr.integrity_score([("B", date(2020, 1, 1), date(2023, 4, 1))], as_of=as_of, years=3) == 0
    # Not yet begun on the as-of date: not part of that day's record.
    assert pr.integrity_score([("B", date(2026, 4, 1), None)], as_of=as_of, years=3) == 100


_maybe_day = st.none() | st.dates(min_value=date(2015, 1, 1), max_value=date(2027, 12, 31))


@given(
    level=st.sampled_from(["S", "B"]),
    start=_maybe_day,
    end=_maybe_day,
    as_of=st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 12, 31)),
    years=st.integers(1, 5),
)
def test_integrity_and_the_discipline_requirement_read_one_window(level, start, end, as_of, years):
    from talenta.placement.rules import eligibility as el

    assume(start is None or start <= as_of)
    blocks = el.discipline_blocks(el.Sentence(level, start, end), as_of, years)
    assert (pr.integrity_score([(level, start, end)], as_of=as_of, years=years) == 0) == blocks


def test_config_rejects_unknown_keys_and_bad_weights():
    with pytest.raises(ConfigError, match="tidak dikenal"):
        config_from_dict({"weight": {}})
    with pytest.raises(ConfigError, match="berjumlah 1"):
        config_from_dict({"weights": {"jpm": 0.5, "potential": 0.4}})
    with pytest.raises(ConfigError):
        config_from_dict({"performance_combine": "median"})
    with pytest.raises(ConfigError):
        config_from_dict({"performance_years": 4})


@pytest.mark.parametrize(
    ("setting", "accepted"),
    [
        ({"performance_years": 1}, True),
        ({"performance_years": 3}, True),
        ({"performance_years": 0}, False),
        ({"performance_years": 4}, False),
        ({"distribution_max_baik_share": 1.0}, True),
        ({"distribution_max_baik_share": 0.0}, False),
        ({"distribution_max_baik_share": 1.01}, False),
        ({"assessment_validity_years": 1}, True),
        ({"assessment_validity_years": 0}, False),
        ({"potential_bands": {"tinggi": 78.0, "menengah": 78.0}}, True),
        ({"potential_bands": {"tinggi": 78.0, "menengah": 78.01}}, False),
        ({"weights": {"jpm": 0.5, "potential": 0.4, "track_record": 0.1000000001}}, True),
        ({"weights": {"jpm": 0.5, "potential": 0.4, "track_record": 0.11}}, False),
        ({"weights": {"jpm": 1.1, "potential": -0.1}}, False),
    ],
    ids=lambda v: str(v),
)
def test_config_bounds_are_inclusive_where_the_rule_says(setting, accepted):
    if accepted:
        config_from_dict(setting)
    else:
        with pytest.raises(ConfigError):
            config_from_dict(setting)


def test_a_config_error_names_the_setting_in_words_and_its_value_in_the_readers_language():
    from django.utils import translation

    with pytest.raises(ConfigError) as err:
        config_from_dict({"potential_bands": {"tinggi": 78.0, "menengah": 80.5}})
    assert err.value.key == "potential_bands"
    with translation.override("id"):
        assert err.value.message == (
            "Batas bawah potensial menengah (80,50) tidak boleh di atas batas potensial tinggi (78,00)."
        )
    with translation.override("en"):
        assert str(err.value) == (
            "The lower bound of medium potential (80.50) must not be above that of high potential (78.00)."
        )


def test_config_round_trips():
    cfg = config_from_dict({"performance_combine": "mean", "potential_bands": {"tinggi": 85, "menengah": 70}})
    assert config_from_dict(cfg.to_dict()) == cfg


# One person, all the way ---------------------------------------------------------------------------------


def _inputs(**kw):
    base = dict(
        employee_id=1,
        nip="198005172006031001",
        skp={2024: {"id": 1, "predikat": "sangat_baik"}, 2025: {"id": 2, "predikat": "sangat_baik"}},
        assessment={
            "id": 9,
            "assessed_on": "2024-06-01",
            "levels": dict.fromkeys(["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "S1"], 3.0),
            "standard": {},
            "potential_score": 95.0,
        },
        post_level="administrator",
        post_standard=dict.fromkeys(["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "S1"], 3),
        education_level="40",
        training=[[1, 2024, 60]],
        tmt_jabatan="2020-01-01",
        discipline=[],
    )
    base.update(kw)
    return MappingInputs(**base)


def test_map_one_top_box():
    out = map_one(_inputs(), MappingConfig(), date(2026, 1, 31))
    # JPM 100, potential 95, track record 100 → 50 + 38 + 10 = 98 → tinggi; di atas → box 9.
    assert (out.jpm, out.potential_score, out.potential_level, out.box) == (100.0, 98.0, "tinggi", 9)
    assert out.mappable and out.reason == ""


def test_jpm_uses_the_current_post_standard_by_default():
    inputs = _inputs(assessment={**_inputs().assessment, "standard": dict.fromkeys(["M1", "M2"], 4)})
    assert map_one(inputs, MappingConfig(), date(2026, 1, 31)).jpm == 100.0
    assert map_one(inputs, config_from_dict({"jpm_standard": "assessment"}), date(2026, 1, 31)).jpm == 75.0


@pytest.mark.parametrize(
    ("kw", "reason"),
    [
        ({"skp": {2024: {"id": 1, "predikat": "baik"}}}, "SKP 2025 belum ada"),
        ({"assessment": None}, "belum ada hasil asesmen"),
        (
            {"assessment": {**_inputs().assessment, "assessed_on": "2019-03-01"}},
            "hasil asesmen kedaluwarsa 2022-03-02",
        ),
        (
            {"assessment": {**_inputs().assessment, "potential_score": None}},
            "hasil asesmen tanpa skor potensial",
        ),
        ({"skp": {}, "assessment": None}, "SKP 2024 belum ada; SKP 2025 belum ada; belum ada hasil asesmen"),
    ],
)
def test_not_mappable_reasons(kw, reason):
    out = map_one(_inputs(**kw), MappingConfig(), date(2026, 1, 31))
    assert not out.mappable and out.box is None
    assert out.reason == reason


def test_an_assessment_counts_for_the_shorter_of_the_period_s_validity_and_its_own():
    """As placement's eligibility counts it: a campaign's result valid for one year does not count in a
    period mapping with three, once it is older than a year."""
    inputs = _inputs(assessment={**_inputs().assessment, "assessed_on": "2024-06-01", "validity_years": 1})
    out = map_one(inputs, MappingConfig(), date(2026, 1, 31))
    assert not out.mappable and out.reason == "hasil asesmen kedaluwarsa 2025-06-02"
    older_result = {k: v for k, v in inputs.assessment.items() if k != "validity_years"}  # stored before
    assert map_one(_inputs(assessment=older_result), MappingConfig(), date(2026, 1, 31)).mappable
