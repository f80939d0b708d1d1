"""Stored talent-mapping texts said in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from talenta.core import display
from talenta.talent.rules import reasons

REASON_TEXT = {
    "skp_missing": gettext_noop("no SKP for %(year)s"),
    "no_assessment": gettext_noop("no assessment result yet"),
    "expired": gettext_noop("the assessment result expired on %(expiry)s"),
    "no_competency": gettext_noop("the assessment result has no competency score"),
    "no_potential": gettext_noop("the assessment result has no potential score"),
}


def reason_text(stored: str | None) -> str:
    """Why a person is not mappable (`MappingResult.reason`, stored in BKD's words) in the active language,
    a date as '3 November 2025': "SKP 2024 belum ada; hasil asesmen kedaluwarsa 2025-11-03" reads "no SKP
    for 2024; the assessment result expired on 3 November 2025" in English."""
    parts = []
    for code, values in reasons.parse(stored or ""):
        if code == "other":
            parts.append(str(values["text"]))
            continue
        if code == "expired":
            values = {"expiry": display.tanggal(values["expiry"])}
        parts.append(_(REASON_TEXT[code]) % values)
    return reasons.SEP.join(parts)
