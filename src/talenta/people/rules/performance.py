"""Predikat kinerja from the two ratings (PermenPANRB 6/2022), RULES.md §2."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

DI_ATAS, SESUAI, DI_BAWAH = "di_atas", "sesuai", "di_bawah"
SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG = (
    "sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang",
)  # fmt: skip

# (hasil kerja, perilaku kerja) → predikat.
PREDIKAT: dict[tuple[str, str], str] = {
    (DI_ATAS, DI_BAWAH): KURANG,
    (DI_ATAS, SESUAI): BAIK,
    (DI_ATAS, DI_ATAS): SANGAT_BAIK,
    (SESUAI, DI_BAWAH): KURANG,
    (SESUAI, SESUAI): BAIK,
    (SESUAI, DI_ATAS): BAIK,
    # Work results below expectation never yield Baik, whatever the behaviour.
    (DI_BAWAH, DI_BAWAH): SANGAT_KURANG,
    (DI_BAWAH, SESUAI): BUTUH_PERBAIKAN,
    (DI_BAWAH, DI_ATAS): BUTUH_PERBAIKAN,
}


def predikat(hasil_kerja: str, perilaku: str) -> str:
    return PREDIKAT[(hasil_kerja, perilaku)]


# BKN codes: perilakuDanKinerja 1 DIATAS, 2 SESUAI, 3 DIBAWAH; kuadranNilai 1..5.
RATING_BY_BKN_CODE = {"1": DI_ATAS, "2": SESUAI, "3": DI_BAWAH}
BKN_CODE_BY_RATING = {v: k for k, v in RATING_BY_BKN_CODE.items()}
PREDIKAT_BY_BKN_CODE = {"1": SANGAT_BAIK, "2": BAIK, "3": BUTUH_PERBAIKAN, "4": KURANG, "5": SANGAT_KURANG}
BKN_CODE_BY_PREDIKAT = {v: k for k, v in PREDIKAT_BY_BKN_CODE.items()}
BKN_RATING_TEXT = {DI_ATAS: "DIATAS ESPEKTASI", SESUAI: "SESUAI ESPEKTASI", DI_BAWAH: "DIBAWAH ESPEKTASI"}
BKN_PREDIKAT_TEXT = {
    SANGAT_BAIK: "SANGAT BAIK", BAIK: "BAIK", BUTUH_PERBAIKAN: "BUTUH PERBAIKAN",
    KURANG: "KURANG", SANGAT_KURANG: "SANGAT KURANG",
}  # fmt: skip


def rating_from_text(text: str) -> str | None:
    """'DIATAS ESPEKTASI' / 'DI ATAS EKSPEKTASI' / 'Sesuai Ekspektasi' → rating; None when unknown."""
    t = " ".join((text or "").upper().replace("EKSPEKTASI", "ESPEKTASI").split()).replace("DI ", "DI")
    return {"DIATAS ESPEKTASI": DI_ATAS, "SESUAI ESPEKTASI": SESUAI, "DIBAWAH ESPEKTASI": DI_BAWAH}.get(t)


def skp_of_each_year(
    records: Iterable[T], year: Callable[[T], Hashable], record_id: Callable[[T], int | None]
) -> dict[Any, T]:
    """Each year's SKP (RULES.md §2): the year's last-entered record, the one with the highest id, whatever
    order the records come in. A year with two records is a corrected SKP: the correction replaces the first
    in the nine-box, eligibility, the ranking, the merit evidence and the data-quality checks alike. `year`
    gives a record's year, or (person, year) for many people's records at once. Records without an id
    (built in memory, not stored) count in the order given, the later one winning."""
    out: dict[Any, T] = {}
    best: dict[Any, int] = {}
    for r in records:
        y, rid = year(r), record_id(r) or 0
        if y not in out or rid >= best[y]:
            out[y], best[y] = r, rid
    return out
