"""`{% load access %}` then `{% if user|can:"placement.decide" %}`: a button shows only when the policy
table allows its action (accounts/policy.py); templates never name a role."""

from __future__ import annotations

from typing import Any

from django import template

from talenta.accounts import policy

register = template.Library()


@register.filter
def can(user: Any, action: str) -> bool:
    return policy.can(user, action)


@register.simple_tag
def can_at(user: Any, action: str, stage: str | None) -> bool:
    """`{% can_at user "placement.decide" fp.stage as ok %}`: the action at a workflow stage."""
    return policy.can(user, action, stage=stage)
