"""NIP (Nomor Induk Pegawai) of a PNS, RULES.md §7.

18 digits: birth date yyyymmdd + TMT CPNS yyyymm + sex (1 male, 2 female) + serial nnn.
Never "subtract 40 from the day": that is the NIK rule for women, not the NIP rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MALE = "M"
FEMALE = "F"


@dataclass(frozen=True)
class NipCheck:
    nip: str
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    birth_date: date | None = None
    cpns_year: int | None = None
    cpns_month: int | None = None
    sex: str | None = None
    serial: int | None = None
    # Machine-readable codes of the errors/warnings, in the same order (for tests and translations).
    error_codes: tuple[str, ...] = field(default=(), repr=False)
    warning_codes: tuple[str, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors


def _valid_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def check_nip(
    nip: str,
    *,
    recorded_birth_date: date | None = None,
    recorded_sex: str | None = None,
) -> NipCheck:
    """Validate a NIP; errors reject it, warnings are the soft cases a human should look at."""
    raw = nip
    nip = (nip or "").strip()
    errors: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []

    if not (nip.isascii() and nip.isdigit()):
        return NipCheck(nip=raw, errors=(f"NIP {raw} hanya boleh berisi angka",), error_codes=("not_digits",))
    if len(nip) != 18:
        return NipCheck(
            nip=raw,
            errors=(f"NIP {nip} harus 18 digit (ada {len(nip)})",),
            error_codes=("length",),
        )

    by, bm, bd = int(nip[0:4]), int(nip[4:6]), int(nip[6:8])
    cy, cm = int(nip[8:12]), int(nip[12:14])
    sex_digit, serial = nip[14], int(nip[15:18])

    birth = None
    if not 1 <= bm <= 12:
        errors.append(("birth_month", f"NIP {nip}: bulan lahir {bm:02d} di luar 01–12"))
    else:
        birth = _valid_date(by, bm, bd)
        if birth is None:
            errors.append(("birth_date", f"NIP {nip}: tanggal lahir {by:04d}-{bm:02d}-{bd:02d} tidak ada"))
        elif by < 1900:
            errors.append(("birth_year", f"NIP {nip}: tahun lahir {by} tidak masuk akal"))
            birth = None
    if not 1 <= cm <= 12:
        errors.append(("cpns_month", f"NIP {nip}: bulan TMT CPNS {cm:02d} di luar 01–12"))
    elif cy < 1900:
        errors.append(("cpns_year", f"NIP {nip}: tahun TMT CPNS {cy} tidak masuk akal"))
    if birth is not None and 1 <= cm <= 12 and (cy, cm) < (birth.year, birth.month):
        errors.append(("cpns_before_birth", f"NIP {nip}: TMT CPNS {cy}-{cm:02d} sebelum tanggal lahir"))
    if sex_digit not in ("1", "2"):
        errors.append(
            ("sex_digit", f"NIP {nip}: digit jenis kelamin {sex_digit} harus 1 (pria) atau 2 (wanita)")
        )

    sex = {"1": MALE, "2": FEMALE}.get(sex_digit)
    if not errors:
        assert birth is not None
        age_at_cpns = cy - birth.year - ((cm, 1) < (birth.month, birth.day))
        if age_at_cpns < 18:
            warnings.append(("cpns_under_18", f"NIP {nip}: CPNS pada usia {age_at_cpns} tahun (di bawah 18)"))
        if serial == 0:
            warnings.append(("serial_000", f"NIP {nip}: nomor urut 000"))
        if recorded_sex and sex and recorded_sex != sex:
            warnings.append(
                (
                    "sex_mismatch",
                    f"NIP {nip}: jenis kelamin di NIP ({sex}) berbeda dengan data ({recorded_sex})",
                )
            )
        if recorded_birth_date and recorded_birth_date != birth:
            warnings.append(
                (
                    "birth_mismatch",
                    f"NIP {nip}: tanggal lahir di NIP ({birth.isoformat()}) berbeda dengan data "
                    f"({recorded_birth_date.isoformat()})",
                )
            )

    return NipCheck(
        nip=nip,
        errors=tuple(m for _, m in errors),
        warnings=tuple(m for _, m in warnings),
        error_codes=tuple(c for c, _ in errors),
        warning_codes=tuple(c for c, _ in warnings),
        birth_date=birth if not errors else None,
        cpns_year=cy if not errors else None,
        cpns_month=cm if not errors else None,
        sex=sex if not errors else None,
        serial=serial if not errors else None,
    )


def make_nip(*, birth_date: date, cpns_year: int, cpns_month: int, sex: str, serial: int) -> str:
    """Compose a NIP from its parts (the generator's inverse of check_nip)."""
    if not 0 <= serial <= 999:
        raise ValueError("serial must be 0..999")
    return f"{birth_date:%Y%m%d}{cpns_year:04d}{cpns_month:02d}{'1' if sex == MALE else '2'}{serial:03d}"
