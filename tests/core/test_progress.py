"""Progress written to a log: every stage gets its line, even right after another one (issue #17: a
million-person demo ran its apps' stages for half an hour after a full bar without saying what it did)."""

from __future__ import annotations

import io

from talenta.core.jobs import Progress


def test_every_stage_message_reaches_the_log_at_once():
    out = io.StringIO()
    p = Progress(3, "demo", stream=out, min_interval=3600)
    p.advance(3)
    p.advance(0, "profiling 1.234 peserta")
    p.advance(0, "pemetaan talenta 2025")
    p.advance(0, "pemetaan talenta 2025")
    lines = out.getvalue().splitlines()
    assert any(line.endswith("profiling 1.234 peserta") for line in lines)
    assert sum(line.endswith("pemetaan talenta 2025") for line in lines) == 1


def test_a_log_is_not_flooded_between_stages():
    out = io.StringIO()
    p = Progress(100_000, "demo", stream=out, min_interval=3600)
    for _ in range(100_000):
        p.advance(1)
    assert len(out.getvalue().splitlines()) <= 2
