"""The not-mappable reasons: one vocabulary (talent.rules.reasons) stored in BKD's words, said on a screen in
the reader's language with the date as a date (talent.texts.reason_text)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from talenta.talent.rules import reasons
from talenta.talent.texts import reason_text


def test_worked_examples_of_the_stored_form_and_its_parts():
    stored = reasons.join([*reasons.skp_missing([2024, 2025]), reasons.expired(date(2025, 11, 3))])
    assert stored == "SKP 2024 belum ada; SKP 2025 belum ada; hasil asesmen kedaluwarsa 2025-11-03"
    assert reasons.parse(stored) == [
        ("skp_missing", {"year": 2024}),
        ("skp_missing", {"year": 2025}),
        ("expired", {"expiry": date(2025, 11, 3)}),
    ]
    both = reasons.join([reasons.NO_COMPETENCY, reasons.NO_POTENTIAL])
    assert reasons.parse(both) == [("no_competency", {}), ("no_potential", {})]
    assert reasons.parse("") == [] and reasons.join([]) == ""


def test_a_part_in_no_known_form_is_kept_as_it_was_stored():
    # An older run's wording, or a date that is no date: shown as stored, never dropped.
    assert reasons.parse("belum ada hasil asesmen; data lama; hasil asesmen kedaluwarsa 2025-02-30") == [
        ("no_assessment", {}),
        ("other", {"text": "data lama"}),
        ("other", {"text": "hasil asesmen kedaluwarsa 2025-02-30"}),
    ]


@given(
    years=st.lists(st.integers(min_value=1900, max_value=2999), max_size=4),
    assessment=st.one_of(
        st.none(),
        st.just(reasons.NO_ASSESSMENT),
        st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)).map(reasons.expired),
        st.sampled_from(
            [[reasons.NO_COMPETENCY], [reasons.NO_POTENTIAL], [reasons.NO_COMPETENCY, reasons.NO_POTENTIAL]]
        ).map(reasons.join),
    ),
)
def test_every_stored_reason_parses_back_to_known_parts(years, assessment):
    stored = reasons.join([*reasons.skp_missing(years), assessment or ""])
    parts = reasons.parse(stored)
    assert [c for c, _v in parts if c == "other"] == []
    assert [v["year"] for c, v in parts if c == "skp_missing"] == years
    # Said back in BKD's words, the parts are the stored text again.
    again = []
    for code, values in parts:
        if code == "skp_missing":
            again += reasons.skp_missing([values["year"]])
        elif code == "expired":
            again.append(reasons.expired(values["expiry"]))
        else:
            again.append({v: k for k, v in reasons._FIXED.items()}[code])
    assert reasons.join(again) == stored


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("id", "SKP 2024 belum ada; hasil asesmen kedaluwarsa 3 November 2025"),
        ("en", "no SKP for 2024; the assessment result expired on 3 November 2025"),
    ],
)
def test_a_reason_is_said_in_the_readers_language_with_the_date_as_a_date(lang, said):
    stored = reasons.join([*reasons.skp_missing([2024]), reasons.expired(date(2025, 11, 3))])
    with translation.override(lang):
        assert reason_text(stored) == said
        assert reason_text("") == ""


def test_an_assessment_of_a_leap_day_expires_on_2_march_and_is_said_so():
    """RULES §4: an assessment older than its validity does not count. 29 February 2024's third anniversary
    is 1 March 2027 (as every duration is counted): exactly three years old that day, older the next."""
    from talenta.talent.rules.potential import assessment_status

    on = date(2024, 2, 29)
    assert assessment_status(on, as_of=date(2027, 3, 1), validity_years=3) == (True, "")
    usable, why = assessment_status(on, as_of=date(2027, 3, 2), validity_years=3)
    assert not usable and why == "hasil asesmen kedaluwarsa 2027-03-02"
    with translation.override("id"):
        assert reason_text(why) == "hasil asesmen kedaluwarsa 2 Maret 2027"
    with translation.override("en"):
        assert reason_text(why) == "the assessment result expired on 2 March 2027"
