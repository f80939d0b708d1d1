from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "") if mapping else ""


@register.filter
def step5(value: int | None) -> int:
    """A percentage rounded down to a multiple of 5 (the `tl-w-N` width classes)."""
    return max(0, min(100, int(value or 0) // 5 * 5))
