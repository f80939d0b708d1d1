"""Eligibility rows in the reader's language (placement/evidence.py), for stored snapshots too."""

from __future__ import annotations

from typing import Any

from django import template

from talenta.placement import evidence

register = template.Library()


@register.filter
def evidence_rows(rows: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return evidence.localized(rows)
