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


@pytest.mark.parametrize(
    ("n", "fits"),
    [(2**63 - 1, True), (2**63, False), (-(2**63), True), (-(2**63) - 1, False), (0, True)],
    ids=["largest", "one-past", "smallest", "one-below", "zero"],
)
def test_a_bigint_fits_to_the_exact_bound(n, fits):
    from talenta.core.hardening import fits_bigint

    assert fits_bigint(n) is fits


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "valid"),
    [
        ("9223372036854775807", False),
        ("9223372036854775808", False),
        ("--5", False),
        ("¹", False),
        ("", True),
    ],
    ids=["largest-unknown", "one-past", "double-minus", "superscript", "none"],
)
def test_a_multiple_id_choice_never_reaches_the_database_with_what_it_cannot_take(typed, valid):
    # At the bound the id is asked of the database (no such row); past it, or not digits, it is the form's
    # error without a query that fails. Either way: an invalid choice, never an exception.
    from django import forms

    from talenta.core.forms import ModelMultipleIdsField
    from talenta.people.models import Unit

    class F(forms.Form):
        units = ModelMultipleIdsField(queryset=Unit.objects.all(), required=False)

    form = F({"units": [typed] if typed else []})
    assert form.is_valid() is valid
    if not valid:
        assert form.errors["units"]


def test_a_repeated_heading_is_found_with_both_columns():
    from talenta.core.uploads import repeated_heading

    assert repeated_heading(["nip", "", "nama", "", "nama"]) == (3, 5)
    assert repeated_heading(["nip", "", "nama", ""]) is None  # empty headings are no columns
    assert repeated_heading([]) is None
