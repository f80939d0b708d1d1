"""`talenta schedule-waves`: the CSV interface exactly as the issue spells it."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def _write(path, rows):
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["nip", "unit", "unavailable"])
        w.writerows(rows)


def test_936_participants_in_10_waves_over_5_days(tmp_path):
    src, out = tmp_path / "p.csv", tmp_path / "s.csv"
    _write(
        src,
        [
            (
                f"1980010120050110{i:02d}"[:14] + f"{i:04d}",
                f"Dinas {i % 30}",
                "2025-11-17;2025-11-18" if i % 40 == 0 else "",
            )
            for i in range(936)
        ],
    )
    call_command(
        "schedule-waves",
        str(src),
        "--start",
        "2025-11-17",
        "--days",
        "5",
        "--waves",
        "10",
        "--max-per-opd-per-wave",
        "5",
        "--slots",
        "08:00-12:00,13:00-17:00",
        "--out",
        str(out),
    )
    with out.open() as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["nip", "wave", "date", "start", "end"]
    assert len(rows) == 936
    sizes = Counter(r["wave"] for r in rows)
    assert max(sizes.values()) - min(sizes.values()) <= 1
    assert {(r["wave"], r["date"], r["start"], r["end"]) for r in rows if r["wave"] in {"1", "2", "10"}} == {
        ("1", "2025-11-17", "08:00", "12:00"),
        ("2", "2025-11-17", "13:00", "17:00"),
        ("10", "2025-11-21", "13:00", "17:00"),
    }
    blocked = {r["nip"] for r in rows if r["date"] in {"2025-11-17", "2025-11-18"}}
    assert not any(int(n[-4:]) % 40 == 0 for n in blocked)


def test_the_command_is_deterministic(tmp_path):
    src = tmp_path / "p.csv"
    _write(src, [(f"{i:018d}", f"OPD {i % 7}", "") for i in range(95)])
    outs = []
    for k in range(2):
        out = tmp_path / f"s{k}.csv"
        call_command(
            "schedule-waves",
            str(src),
            "--start",
            "2025-11-17",
            "--days",
            "2",
            "--waves",
            "4",
            "--out",
            str(out),
        )
        outs.append(out.read_text())
    assert outs[0] == outs[1]


def test_infeasible_capacity_is_a_clear_command_error(tmp_path):
    src = tmp_path / "p.csv"
    _write(src, [(f"{i:018d}", "OPD", "") for i in range(936)])
    with pytest.raises(CommandError, match="kurang 36 kursi"):
        call_command(
            "schedule-waves",
            str(src),
            "--start",
            "2025-11-17",
            "--days",
            "5",
            "--waves",
            "10",
            "--capacity",
            "90",
            "--out",
            str(tmp_path / "s.csv"),
        )
    assert not (tmp_path / "s.csv").exists()


def test_bad_date_names_row_and_column(tmp_path):
    src = tmp_path / "p.csv"
    _write(src, [("198001012005011001", "OPD", ""), ("198001012005011002", "OPD", "17-11-2025")])
    with pytest.raises(CommandError, match="Baris 3, kolom unavailable"):
        call_command(
            "schedule-waves",
            str(src),
            "--start",
            "2025-11-17",
            "--days",
            "1",
            "--out",
            str(tmp_path / "s.csv"),
        )
