"""The one access marker core itself needs: the access policy lives above core (accounts/policy.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Declare a view open to anyone, signed in or not (login, language switch, health check).

    The access matrix test refuses any route that is neither `public` nor `policy.allows(...)`."""
    view.access_public = True  # type: ignore[attr-defined]
    return view
