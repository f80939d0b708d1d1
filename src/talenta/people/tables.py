"""Small BKN code tables the screens label with, read once from the packaged reference files (the same
files `talenta load-reference` loads), so a list page needs no extra query to name a code."""

from __future__ import annotations

import json
from functools import cache

from django.conf import settings

from talenta.people.rules.jabatan import GOLONGAN, LEVEL_LABELS, Level


@cache
def _table(name: str) -> dict[str, str]:
    path = settings.TALENTA_REFERENCE_DIR / name
    rows = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(rows, dict):
        rows = rows.get("data", [])
    return {str(r.get("id")): str(r.get("nama") or r.get("jenis") or "") for r in rows}


def education_levels() -> dict[str, str]:
    return _table("tingkatPendidikan_DERIVED.json")


def education_label(code: str) -> str:
    return education_levels().get(code, code or "–")


def golongan_label(code: str) -> str:
    return GOLONGAN[code][0] if code in GOLONGAN else (code or "–")


def pangkat_label(code: str) -> str:
    return GOLONGAN[code][1] if code in GOLONGAN else ""


def level_label(code: str | None) -> str:
    """'jf_ahli_muda' → 'JF Ahli Muda' (Position.get_level_display shows the raw code: see forms.py)."""
    try:
        return LEVEL_LABELS[Level(code)]
    except ValueError:
        return code or "–"
