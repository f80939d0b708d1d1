"""Properties of the eligibility table and the decision type (issue 13): monotonic in years and age, never
"met" on missing data, the decision type unmoved by what does not matter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from talenta.people.rules import jabatan as jr
from talenta.placement.rules import decision as dr
from talenta.placement.rules import eligibility as el
from tests.placement.builders import ON, candidate, post, req

ORDER = {el.NOT_MET: 0, el.MANUAL: 1, el.WARNING: 1, el.INFO: 1, el.MET: 2}
LEVELS = ["pengawas", "administrator", "jpt_pratama", "jpt_madya", "jpt_utama"]
ESELON = {"pengawas": "41", "administrator": "31", "jpt_pratama": "21", "jpt_madya": "12", "jpt_utama": "10"}
starts = st.dates(min_value=date(2000, 1, 1), max_value=ON)
births = st.dates(min_value=date(1960, 1, 1), max_value=date(2000, 12, 31))


def _post(level: str) -> el.Post:
    return post(level=level, eselon=ESELON[level], bup=jr.bup_age(level), position_id=900)


def _status(result: el.Result, code: str) -> int | None:
    return next((ORDER[r.status] for r in result.rows if r.code == code), None)


@settings(max_examples=80, deadline=None)
@given(level=st.sampled_from(LEVELS), start=starts, shift=st.integers(0, 4000), prior=st.sampled_from(LEVELS))
def test_more_years_never_turn_a_row_from_met_to_not_met(level, start, shift, prior):
    def c(since: date) -> el.Candidate:
        return candidate(
            stints=(el.PostStint(prior, since, None, 10, 50),),
            position_level=prior,
            position_since=since,
            position_id=50,
        )

    earlier = start - timedelta(days=shift)
    a = el.evaluate(c(start), _post(level), req(level), on=ON)
    b = el.evaluate(c(earlier), _post(level), req(level), on=ON)
    for code in ("prior_post", "field"):
        if _status(a, code) is not None:
            assert _status(b, code) >= _status(a, code)


@settings(max_examples=80, deadline=None)
@given(level=st.sampled_from(LEVELS), birth=births, older_by=st.integers(0, 8000))
def test_an_older_candidate_never_passes_the_age_rule_a_younger_one_fails(level, birth, older_by):
    young = el.evaluate(candidate(birth_date=birth), _post(level), req(level), on=ON)
    old = el.evaluate(candidate(birth_date=birth - timedelta(days=older_by)), _post(level), req(level), on=ON)
    if _status(young, "age") is not None:
        assert _status(old, "age") <= _status(young, "age")


@settings(max_examples=80, deadline=None)
@given(level=st.sampled_from(LEVELS), birth=births, holds=st.sampled_from([None, *LEVELS]))
def test_no_row_is_met_on_missing_data(level, birth, holds):
    c = candidate(
        birth_date=birth,
        golongan="",
        education_level="",
        education_record_id=None,
        position_level=holds,
        position_id=50 if holds else None,
        position_since=None,
        skp=(),
        sentences=(),
        stints=(),
        trainings=(),
        assessment=None,
        box=None,
        mapping_finalised=False,
        discipline_checked=False,
    )
    rows = el.evaluate(c, _post(level), req(level, min_years_before_bup=0), on=ON).rows
    # Left: the birth date (always recorded, it is in the NIP) and the level of the post held.
    assert [r.code for r in rows if r.status == el.MET and r.code not in {"age", "jpt_classification"}] == []


posts = st.builds(
    dr.PostRef,
    position_id=st.integers(1, 50),
    level=st.sampled_from([lv.value for lv in jr.Level]),
    instansi_id=st.integers(1, 3),
)


@given(
    old=st.one_of(st.none(), posts), new=posts, bump=st.integers(100, 200), acting=st.sampled_from(["", "x"])
)
def test_decision_type_is_unmoved_by_ids_and_non_acting_flags(old, new, bump, acting):
    """Renumbering posts (keeping "same post" as it was) or passing a non-acting flag changes nothing."""
    base = dr.decision_type(old, new)
    same = old is not None and old.position_id == new.position_id
    old2 = replace(old, position_id=old.position_id + bump) if old is not None else None
    new2 = replace(new, position_id=(old2.position_id if same else new.position_id + 2 * bump + 1))
    assert dr.decision_type(old2, new2, acting) == base


@given(old=posts, new=posts)
def test_a_move_to_a_higher_level_of_the_same_instansi_is_always_promosi(old, new):
    if old.instansi_id == new.instansi_id and old.position_id != new.position_id:
        assert (dr.decision_type(old, new) == dr.PROMOSI) == dr.is_higher(new.level, old.level)


sentences = st.builds(
    el.Sentence,
    st.sampled_from("RSB"),
    st.one_of(st.none(), starts),
    st.one_of(st.none(), starts),
    st.integers(1, 10_000),
    st.sampled_from(["Teguran tertulis", "Penurunan jabatan", "Pembebasan dari jabatan"]),
)
trainings = st.tuples(st.sampled_from(list(jr.LEADERSHIP_TRAINING)), st.integers(1, 10_000))
skps = st.builds(el.SkpYear, st.integers(ON.year - 4, ON.year - 1), st.sampled_from(list(el.PREDIKAT_ORDER)))


@settings(max_examples=120, deadline=None)
@given(
    s=st.lists(sentences, max_size=4, unique_by=lambda s: s.record_id),
    t=st.lists(trainings, max_size=4, unique_by=lambda t: t[1]),
    k=st.lists(skps, max_size=6),
    training=st.sampled_from(list(jr.LEADERSHIP_TRAINING)),
    rnd=st.randoms(),
)
def test_the_table_does_not_depend_on_the_order_the_records_come_in(s, t, k, training, rnd):
    """The pool reads histories in whatever order the database returns them: the same records in another
    order give the same table, evidence included (the record each row names)."""
    k = [el.SkpYear(x.year, x.predikat, i + 1) for i, x in enumerate(k)]  # ids: the order entered
    r = req(leadership_training=training, training_missing=el.INFO)

    def table(sent, tr, sk) -> list[tuple]:
        c = candidate(sentences=tuple(sent), trainings=tuple(tr), skp=tuple(sk))
        return [
            (x.code, x.status, x.reason, sorted(x.params.items()))
            for x in el.evaluate(c, post(), r, on=ON).rows
        ]

    first = table(s, t, k)
    for seq in (s, t, k):
        rnd.shuffle(seq)
    assert table(s, t, k) == first
