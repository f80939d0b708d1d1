"""Ids and digits written by a client: only ASCII digits count (issue #14's "no 500 on malformed input").

str.isdigit() accepts "¹", "٣" or "５"; int() refuses the first and reads the others, so a check with
isdigit() followed by int() was a server error waiting for a schemathesis example (it found "%20%C2%B9")."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talenta.core.hardening import MAX_ID, as_id, is_digits


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        ("007", 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("0", None),
        ("-3", None),
        ("¹", None),
        (" ¹", None),
        ("٣", None),
        ("５", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("9" * 400, None),
    ],
    ids=lambda v: repr(v),
)
def test_as_id_takes_ascii_digits_in_the_bigint_range_only(raw, expected):
    assert as_id(raw) == expected


@given(st.text(max_size=25))
def test_as_id_never_raises_and_accepts_only_what_int_reads_back(text):
    value = as_id(text)
    if value is not None:
        assert str(value) == text.strip().lstrip("0")
        assert 1 <= value <= MAX_ID


@given(st.text(max_size=10))
def test_is_digits_means_ascii_0_to_9(text):
    assert is_digits(text) == (text != "" and all(c in "0123456789" for c in text))
