"""`display.angka` formats as Django's number_format does (the fast path must not change a single text)."""

from decimal import Decimal

import pytest
from django.utils import formats, translation
from hypothesis import given
from hypothesis import strategies as st

from talenta.core.display import angka, rounded


@pytest.mark.parametrize(
    ("language", "value", "digits", "expected"),
    [
        ("id", 1234.5, 1, "1.234,5"),
        ("id", 1234567, 0, "1.234.567"),
        ("id", Decimal("98.148"), 2, "98,15"),
        ("id", -0.5, 0, "-1"),
        ("id", "12", 0, "12"),
        ("en", 1234.5, 1, "1,234.5"),
        ("en", 0, 2, "0.00"),
    ],
)
def test_worked_examples(language, value, digits, expected):
    with translation.override(language):
        assert angka(value, digits) == expected


@given(
    value=st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False, places=4),
    digits=st.integers(min_value=0, max_value=3),
    language=st.sampled_from(["id", "en"]),
)
def test_same_text_as_django(value, digits, language):
    with translation.override(language):
        expected = formats.number_format(
            rounded(value, digits), decimal_pos=digits, use_l10n=True, force_grouping=True
        )
        assert angka(value, digits) == expected
