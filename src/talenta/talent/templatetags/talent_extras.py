from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "") if mapping else ""


@register.filter
def alasan(stored: str | None) -> str:
    """Why a person is not mappable, in the reader's language (talent.texts.reason_text)."""
    from talenta.talent.texts import reason_text

    return reason_text(stored)


@register.filter
def step5(value: int | None) -> int:
    """A percentage rounded down to a multiple of 5 (the `tl-w-N` width classes)."""
    return max(0, min(100, int(value or 0) // 5 * 5))


@register.filter
def level_label(code: str | None) -> str:
    """'jpt_pratama' → 'JPT Pratama'."""
    from talenta.people.rules.jabatan import LEVEL_LABELS

    return LEVEL_LABELS.get(code or "", code or "–")  # type: ignore[call-overload]


@register.filter
def golongan_label(code: str | None) -> str:
    """'34' → 'III/d'."""
    from talenta.people.rules.jabatan import GOLONGAN

    return GOLONGAN.get(code or "", (code or "–", ""))[0]
