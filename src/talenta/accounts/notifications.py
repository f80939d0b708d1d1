"""In-app notifications: what is handed to whom.

The services call these at their hand-over points (a calibration proposed → the committee's chair; a
recommendation made → whoever may sign the decision; an import checked → who uploaded it; a background job
failed → who started it). The recipients of a hand-over are found through the policy (who may take the
next action), never by a role's name. A user reads only his own notifications (`for_user`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from talenta.accounts import policy, scope
from talenta.accounts.models import Notification, User

Kind = Notification.Kind

# What each kind says; the parameters are names and labels (never ids), filled in when it is shown.
TEXT = {
    Kind.CALIBRATION: _(
        "%(proposer)s proposes moving %(name)s from box %(from_box)s to box %(to_box)s in %(period)s: "
        "confirm or reject it."
    ),
    Kind.DECISION: _(
        "The Talent Committee recommends %(name)s for %(post)s: the decision waits for your signature."
    ),
    Kind.IMPORT: _("Your SIASN import %(files)s has been checked: look at the preview and confirm it."),
    Kind.JOB_FAILED: _("The background job “%(label)s” failed: %(error)s"),
}


def text(notification: Notification) -> str:
    try:
        return gettext(str(TEXT[Kind(notification.kind)])) % notification.params
    except (KeyError, ValueError, TypeError):
        return str(Kind(notification.kind).label) if notification.kind in Kind.values else ""


def notify(*, users: Iterable[User], kind: Kind, params: dict[str, Any], url: str = "") -> list[Notification]:
    """One notification per active user of an instansi (a user without one cannot be handed work)."""
    rows = [
        Notification(user=u, instansi_id=u.instansi_id, kind=kind, params=params, url=url)
        for u in {u.pk: u for u in users}.values()
        if u.is_active and u.instansi_id
    ]
    created = Notification.objects.bulk_create(rows)
    _forget_counts([n.user for n in created])
    return created


def users_who_may(action: str, *, instansi_id: int, stage: str | None = None) -> QuerySet[User]:
    """The active users of an instansi whose role may take `action` (at `stage`)."""
    roles = [r for r in policy.roles_for(action) if policy.rule(action).allows(r, stage)]
    return User.objects.filter(instansi_id=instansi_id, is_active=True, role__in=roles)


def for_user(user: Any) -> QuerySet[Notification]:
    """His own notifications, within the tenant boundary: nobody reads another's."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return scope.visible(user, Notification).filter(user_id=user.pk)


# The bell's count is kept this long per user (seconds); notify() and mark_read() drop it when they change
# it, so the time only bounds a change made elsewhere (a row deleted with its user or instansi).
UNREAD_SECONDS = 60


def _unread_key(user: Any) -> str:
    # The creation time tells apart two users who got the same id (a test database rolled back).
    joined = user.date_joined.timestamp() if user.date_joined else 0
    return f"talenta:unread:{user.pk}:{user.instansi_id}:{joined:.6f}"


def _forget_counts(users: Iterable[Any]) -> None:
    keys = [_unread_key(u) for u in users]
    if keys:
        cache.delete_many(keys)
        # Again after the commit: a page read between the two would have kept the count from before it.
        transaction.on_commit(lambda: cache.delete_many(keys))


def unread_count(user: Any) -> int:
    """His unread notifications (the bell on every page): one indexed COUNT, then kept in the cache until
    it changes."""
    key = _unread_key(user)
    found = cache.get(key)
    if found is None:
        found = for_user(user).filter(read_at__isnull=True).count()
        cache.set(key, found, UNREAD_SECONDS)
    return found


@transaction.atomic
def mark_read(*, user: Any, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or, without `pk`, all of them) as read."""
    qs = for_user(user).filter(read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    changed = qs.update(read_at=timezone.now())
    _forget_counts([user])
    return changed


def job_failed(job_ids: list[int]) -> None:
    """core/jobs.py's hook: tell the owner of each failed job."""
    from django.urls import reverse

    from talenta.core.models import Job

    jobs = list(Job.objects.filter(pk__in=job_ids))
    owners = {u.username: u for u in User.objects.filter(username__in=[j.created_by for j in jobs])}
    for job in jobs:
        owner = owners.get(job.created_by)
        if owner is None or owner.instansi_id != job.instansi_id:
            continue
        notify(
            users=[owner],
            kind=Kind.JOB_FAILED,
            params={"label": job.label, "error": (job.error or "")[:300]},
            url=reverse("accounts:notifications"),
        )


def context(request: Any) -> dict[str, Any]:
    """Template context processor: the bell's unread count (one indexed COUNT)."""
    user = getattr(request, "user", None)
    if user is None or not policy.can(user, "notifications.view"):
        return {}
    return {"unread_notifications": unread_count(user)}
