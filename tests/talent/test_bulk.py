"""The numpy mapping gives exactly the scalar rule's results on random inputs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talenta.talent.rules.bulk import arrays_from_inputs, map_bulk, reason_of
from talenta.talent.rules.config import MappingConfig, config_from_dict
from talenta.talent.rules.mapping import MappingInputs, map_one
from talenta.talent.rules.ninebox import PERFORMANCE_BY_VALUE, POTENTIAL_BY_VALUE

CODES = ["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "S1"]
PREDIKAT = ["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"]
RATING = ["di_atas", "sesuai", "di_bawah"]
LEVELS = ["jpt_pratama", "administrator", "pengawas", "jf_ahli_muda", "pelaksana", None]

levels_st = st.floats(min_value=1, max_value=5).map(lambda x: round(x, 1))
_skp_row = st.fixed_dictionaries(
    {
        "id": st.integers(1, 99),
        "predikat": st.sampled_from(PREDIKAT),
        "rating_hasil_kerja": st.sampled_from(RATING),
    }
)
# Every year 2020–2026 present with a high probability: complete windows (every combine mode) are common.
skp_st = st.fixed_dictionaries(
    {y: st.one_of(_skp_row, _skp_row, _skp_row, _skp_row, st.none()) for y in range(2020, 2027)}
).map(lambda d: {y: row for y, row in d.items() if row is not None})
assessment_st = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "id": st.integers(1, 99),
            "assessed_on": st.dates(date(2018, 1, 1), date(2026, 1, 31)).map(date.isoformat),
            # Its own validity (shorter than the period's counts), or none in a result stored before.
            "validity_years": st.one_of(st.none(), st.integers(1, 5)),
            "levels": st.fixed_dictionaries({c: st.one_of(st.none(), levels_st) for c in CODES}),
            "standard": st.fixed_dictionaries({c: st.integers(1, 5) for c in CODES}),
            "potential_score": st.one_of(st.none(), st.floats(0, 100).map(lambda x: round(x, 2))),
        }
    ),
)
inputs_st = st.builds(
    MappingInputs,
    employee_id=st.integers(1, 10**6),
    nip=st.just("198005172006031001"),
    skp=skp_st,
    assessment=assessment_st,
    post_level=st.sampled_from(LEVELS),
    post_standard=st.one_of(st.none(), st.fixed_dictionaries({c: st.integers(1, 5) for c in CODES})),
    education_level=st.sampled_from(["", "15", "30", "40", "45"]),
    training=st.lists(
        st.tuples(st.integers(1, 9), st.integers(2020, 2025), st.integers(0, 80)).map(list), max_size=4
    ),
    tmt_jabatan=st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2025, 12, 31)).map(date.isoformat)),
    discipline=st.lists(
        st.tuples(
            st.integers(1, 9),
            st.sampled_from("RSB"),
            st.dates(date(2015, 1, 1), date(2026, 1, 1)).map(date.isoformat),
            st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2028, 1, 1)).map(date.isoformat)),
        ).map(list),
        max_size=2,
    ),
)
config_st = st.builds(
    lambda combine, years, source, std, preset: config_from_dict(
        {
            "performance_combine": combine,
            "performance_years": years,
            "performance_source": source,
            "jpm_standard": std,
            **(
                {"weights": {"jpm": 0.4, "potential": 0.25, "qualification": 0.2, "integrity": 0.15}}
                if preset
                else {}
            ),
        }
    ),
    st.sampled_from(["lowest", "latest", "mean"]),
    st.integers(1, 3),
    st.sampled_from(["predikat", "rating_hasil_kerja"]),
    st.sampled_from(["current_post", "assessment"]),
    st.booleans(),
)


@settings(max_examples=100, deadline=None)
@given(
    inputs=st.lists(inputs_st, min_size=1, max_size=12),
    config=config_st,
    as_of=st.dates(date(2023, 1, 1), date(2027, 12, 31)),
)
def test_bulk_equals_scalar(inputs: list[MappingInputs], config: MappingConfig, as_of: date):
    arr = arrays_from_inputs(inputs, config, as_of)
    res = map_bulk(arr, config, as_of)
    for i, x in enumerate(inputs):
        one = map_one(x, config, as_of)
        assert (int(res.box[i]) or None) == one.box
        assert bool(res.mappable[i]) == one.mappable
        assert reason_of(i, arr, res) == one.reason
        assert (PERFORMANCE_BY_VALUE.get(int(res.performance[i]))) == one.performance_level
        assert POTENTIAL_BY_VALUE.get(int(res.potential_level[i])) == one.potential_level
        if one.potential_score is not None:
            assert float(res.potential_score[i]) == pytest.approx(one.potential_score, rel=1e-12)


def test_bulk_equals_scalar_on_every_performance_combination():
    """Exhaustive over 1–3 years × every predikat per year × every combine mode (what sampling may miss)."""
    import itertools

    as_of = date(2026, 1, 31)
    for years, mode in itertools.product((1, 2, 3), ("lowest", "latest", "mean")):
        config = config_from_dict({"performance_years": years, "performance_combine": mode})
        inputs = [
            MappingInputs(
                employee_id=i,
                nip=str(i),
                skp={2026 - years + j: {"id": j, "predikat": p} for j, p in enumerate(combo)},
            )
            for i, combo in enumerate(itertools.product(PREDIKAT, repeat=years))
        ]
        res = map_bulk(arrays_from_inputs(inputs, config, as_of), config, as_of)
        for i, x in enumerate(inputs):
            assert (
                PERFORMANCE_BY_VALUE.get(int(res.performance[i]))
                == map_one(x, config, as_of).performance_level
            )


def test_bulk_and_scalar_band_89_99996_as_menengah():
    """Issue 13 item 7: a potential score of 89.99996 is menengah (box 5 with "sesuai"), not 90.0 (box 8)."""
    config = config_from_dict({"weights": {"jpm": 0.5, "potential": 0.5}})
    x = MappingInputs(
        employee_id=1,
        nip="198005172006031001",
        skp={2024: {"id": 1, "predikat": "baik"}, 2025: {"id": 2, "predikat": "baik"}},
        assessment={
            "id": 1,
            "assessed_on": "2025-06-02",
            "levels": dict.fromkeys(CODES, 4.5),
            "standard": dict.fromkeys(CODES, 5),
            "potential_score": 89.99992,
        },
        post_level="administrator",
        post_standard=None,
        education_level="40",
        training=[],
        tmt_jabatan=None,
        discipline=[],
    )
    as_of = date(2026, 1, 31)
    one = map_one(x, config, as_of)
    res = map_bulk(arrays_from_inputs([x], config, as_of), config, as_of)
    assert (one.potential_level, one.box) == ("menengah", 5)
    assert (POTENTIAL_BY_VALUE[int(res.potential_level[0])], int(res.box[0])) == ("menengah", 5)


@settings(max_examples=100, deadline=None)
@given(
    inputs=st.lists(inputs_st, min_size=1, max_size=12),
    config=config_st,
    as_of=st.dates(date(2023, 1, 1), date(2027, 12, 31)),
)
def test_compute_rows_are_the_scalar_outcome(inputs: list[MappingInputs], config: MappingConfig, as_of: date):
    """The rows a run writes (columns taken from the arrays whole, the JSON texts, the digest) say for each
    person what the scalar rule says, and store his inputs as `MappingInputs.to_json` gives them."""
    from talenta.talent.digests import row_digest
    from talenta.talent.services import compute, result_fields

    rows = compute(inputs, config, as_of)
    assert len(rows) == len(inputs)
    for x, row in zip(inputs, rows, strict=True):
        one = map_one(x, config, as_of)
        f = result_fields(row)
        assert f["employee_id"] == x.employee_id
        assert f["inputs"] == x.to_json()
        assert MappingInputs.from_json(f["inputs"]) == x
        assert (f["box"], f["mappable"], f["reason"]) == (one.box, one.mappable, one.reason)
        assert f["performance_level"] == (one.performance_level or "")
        assert f["performance_evidence"] == {str(y): v for y, v in one.per_year.items()}
        assert f["potential_level"] == (one.potential_level or "")
        assert (f["tr_education"], f["tr_training"], f["tr_experience"], f["tr_integrity"]) == one.parts
        assert f["track_record"] == pytest.approx(one.track_record, rel=1e-12)
        assert f["potential_aspect"] == one.potential_aspect
        assert f["standard_source"] == (one.standard_source if x.assessment else "")
        for name in ("jpm", "potential_score"):
            expected = getattr(one, name)
            assert (f[name] is None) == (expected is None)
            if expected is not None:
                assert f[name] == pytest.approx(expected, rel=1e-12)
        assert f["digest"] == row_digest(row[:-1])


@settings(max_examples=200, deadline=None)
@given(x=inputs_st)
def test_inputs_text_is_the_json_of_to_json(x: MappingInputs):
    import orjson

    assert orjson.loads(x.to_json_text()) == x.to_json()
    assert x.to_json_text() == orjson.dumps(x.to_json()).decode()


@pytest.mark.parametrize(
    ("assessed_on", "as_of", "valid"),
    [
        (date(2023, 3, 1), date(2026, 3, 1), True),  # exactly three years old: not older, still counts
        (date(2023, 3, 1), date(2026, 3, 2), False),  # the day it expires
        (date(2024, 2, 29), date(2027, 3, 1), True),  # a leap day: its anniversary is 1 March
        (date(2024, 2, 29), date(2027, 3, 2), False),  # and it expires the day after
    ],
    ids=["day-before-expiry", "expiry-day", "leap-day-valid", "leap-day-expired"],
)
def test_a_valid_assessment_without_potential_keeps_its_jpm_to_the_day(assessed_on, as_of, valid):
    """The stored JPM and potential aspect of an incomplete assessment follow its validity to the day."""
    from talenta.talent.services import compute, result_fields

    config = config_from_dict({})
    assert config.assessment_validity_years == 3
    x = MappingInputs(
        employee_id=1,
        nip="198005172006031001",
        skp={as_of.year - 1: {"id": 1, "predikat": "baik", "rating_hasil_kerja": "sesuai"}},
        assessment={
            "id": 1,
            "assessed_on": assessed_on.isoformat(),
            "levels": dict.fromkeys(CODES, 3.0),
            "standard": dict.fromkeys(CODES, 3),
            "potential_score": None,
        },
        post_level="administrator",
        post_standard=dict.fromkeys(CODES, 3),
    )
    f = result_fields(compute([x], config, as_of)[0])
    assert f["mappable"] is False and f["potential_score"] is None and f["potential_aspect"] is None
    assert f["jpm"] == (100.0 if valid else None)
    assert ("tanpa skor potensial" in f["reason"]) == valid
