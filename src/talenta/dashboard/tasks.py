"""'Tugas saya': what waits for the signed-in user, by what the policy lets him do (never by role name):
calibrations to confirm (the chair), posts to propose for, to recommend, to decide, batches to apply,
SIASN imports to confirm, failed background jobs, posts falling vacant within six months.

A handful of COUNT queries, each only for an action the user may take, and cached per user for a
minute: the menu shows the counts on every page without slowing it down."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talenta.accounts import policy, scope
from talenta.core.models import Job
from talenta.placement.models import FillingPost, InstallationBatch
from talenta.siasn.models import ImportRun
from talenta.talent.models import Calibration, CommitteeMember

CACHE_SECONDS = 60


@dataclass(frozen=True)
class Task:
    key: str
    label: str
    count: int
    url: str


def _chair(user: Any) -> bool:
    return CommitteeMember.objects.filter(user=user, is_chair=True).exists()


def tasks_for(user: Any, *, today: date | None = None) -> list[Task]:
    """The user's waiting work, only the kinds with something waiting."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    out: list[tuple[str, Any, int, str]] = []
    if policy.can(user, "talent.calibrate") and _chair(user):
        n = scope.visible(user, Calibration).filter(status=Calibration.Status.PROPOSED).count()
        out.append(("calibrate", _("Calibrations to confirm"), n, reverse("talent:index")))
    posts = None
    for action, stage, key, label in (
        ("placement.propose", FillingPost.Stage.OPEN, "propose", _("Posts waiting for a proposal")),
        ("placement.recommend", FillingPost.Stage.PROPOSED, "recommend", _("Proposals to recommend")),
        ("placement.decide", FillingPost.Stage.RECOMMENDED, "decide", _("Decisions to sign")),
    ):
        if policy.can(user, action, stage=stage):
            posts = posts if posts is not None else scope.visible(user, FillingPost)
            n = posts.filter(stage=stage).count()
            out.append((key, label, n, reverse("placement:processes")))
    if policy.can(user, "placement.batch.apply"):
        n = scope.visible(user, InstallationBatch).filter(applied_at__isnull=True).count()
        out.append(("apply", _("Installation batches to apply"), n, reverse("placement:decisions")))
    if policy.can(user, "siasn.manage"):
        n = scope.visible(user, ImportRun).filter(status=ImportRun.Status.PREVIEW).count()
        out.append(("siasn", _("SIASN imports to confirm"), n, reverse("siasn:index")))
        since = timezone.now() - timedelta(days=7)
        n = scope.jobs_for(user).filter(status=Job.Status.FAILED, created_at__gte=since).count()
        out.append(("jobs", _("Background jobs that failed this week"), n, reverse("siasn:index")))
    if policy.can(user, "placement.process.open"):
        from talenta.people import selectors as people_selectors

        until = today + timedelta(days=183)
        n = people_selectors.retiring_between(
            scope.employees_for(user).filter(position__isnull=False, position__level__in=_structural()),
            today,
            until,
        ).count()
        out.append(("vacating", _("Posts falling vacant within 6 months"), n, reverse("placement:vacancies")))
    return [Task(k, str(label), n, url) for k, label, n, url in out if n]


def _structural() -> tuple[str, ...]:
    from talenta.people.rules.jabatan import STRUCTURAL_LEVELS

    return tuple(str(lv) for lv in STRUCTURAL_LEVELS)


def cached_tasks_for(user: Any) -> list[Task]:
    key = f"tugas:{user.pk}:{user.username}:{user.role}:{timezone.localdate()}"
    found = cache.get(key)
    if found is None:
        found = tasks_for(user)
        cache.set(key, found, CACHE_SECONDS)
    return found


def tasks_context(request: Any) -> dict[str, Any]:
    """Template context processor: the counts for the menu (cached a minute per user)."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    tasks = cached_tasks_for(user)
    return {"my_tasks": tasks, "my_tasks_total": sum(t.count for t in tasks)}
