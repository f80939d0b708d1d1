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


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> str:
    """The sidebar menu (accounts/nav.py keeps each distinct one)."""
    from talenta.accounts.nav import main_nav as render_nav

    return render_nav(
        context.get("request"), context.get("user"), context.get("my_tasks"), context.get("my_tasks_total")
    )
