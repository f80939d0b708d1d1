"""core.bulk.gc_paused: the cycle collector is off inside, and as it was afterwards. (The inserts are
tested through the SIASN import and the talent mapping, on both databases.)"""

from __future__ import annotations

import gc

import pytest

from talenta.core.bulk import gc_paused


def test_the_collector_is_paused_inside_and_resumes_after_even_on_an_error():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("x")
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
