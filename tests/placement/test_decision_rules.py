"""Decision types derived from data, and the batch summary text."""

from __future__ import annotations

import pytest

from talenta.placement.rules import decision as dr

JPT = dr.PostRef(1, "jpt_pratama", 1)


@pytest.mark.parametrize(
    ("old", "new", "acting", "expected"),
    [
        (dr.PostRef(2, "administrator", 1), JPT, "", dr.PROMOSI),
        (dr.PostRef(3, "jpt_pratama", 1), JPT, "", dr.ROTASI),
        (dr.PostRef(4, "jpt_pratama", 2), JPT, "", dr.MUTASI),
        (JPT, JPT, "", dr.PENETAPAN_KEMBALI),
        (dr.PostRef(2, "administrator", 1), JPT, dr.PLT, dr.PLT),
        (dr.PostRef(2, "administrator", 1), JPT, dr.PLH, dr.PLH),
        (None, dr.PostRef(5, "pengawas", 1), "", dr.PROMOSI),
        (dr.PostRef(6, "jf_ahli_madya", 1), dr.PostRef(7, "administrator", 1), "", dr.ROTASI),
    ],
)
def test_decision_type(old, new, acting, expected):
    assert dr.decision_type(old, new, acting) == expected


def test_summary_of_26_january_2026():
    s = dr.summary(["rotasi"] * 6 + ["promosi"] * 3 + ["penetapan_kembali"])
    assert s["text"] == "10 pejabat: 6 rotasi, 3 promosi, 1 penetapan kembali"
    assert s["total"] == 10 and s["rotasi"] == 6 and s["mutasi"] == 0


def test_summary_largest_first_and_zero_counts_left_out():
    assert (
        dr.summary(["promosi", "promosi", "rotasi", "plt"])["text"] == "4 pejabat: 2 promosi, 1 rotasi, 1 Plt"
    )
    assert dr.summary([])["text"] == "0 pejabat"
