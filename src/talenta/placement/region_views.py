"""Placement across the region (issue #18): a vacancy ranked with the shared pools, and the mutasi workflow.
Every view: policy.allows, rows through accounts.scope, writes through services (placement/mutasi.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from talenta.accounts import scope
from talenta.accounts.policy import allows
from talenta.core.hardening import as_id
from talenta.people.models import Employee
from talenta.placement import mutasi as svc
from talenta.placement.models import FillingPost, Mutasi
from talenta.placement.sharing import rank_with_shared_pools
from talenta.talent.sharing import audit_shared_view


@allows("placement.shared-ranking")
def post_candidates_shared(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking of one filling post with the region's shared pools; each shared record shown is audited
    in the viewer's instansi and in its own."""
    fp = get_object_or_404(
        scope.visible(request.user, FillingPost).select_related("position__instansi", "process"), pk=pk
    )
    ranking = rank_with_shared_pools(position=fp.position, on=fp.process.as_of, viewer=request.user)
    audit_shared_view(viewer=request.user, what=f"ranking {fp.position.name}", members=ranking.shared)
    return render(request, "placement/candidates_shared.html", {"fp": fp, "ranking": ranking})


def _moves(request: HttpRequest):
    return scope.visible(request.user, Mutasi).select_related(
        "employee", "from_instansi", "to_instansi", "province", "position__unit"
    )


@allows("mutasi.view")
def mutasi_list(request: HttpRequest) -> HttpResponse:
    vacant = scope.positions_for(request.user).filter(holder__isnull=True).select_related("unit")
    ctx = {"moves": _moves(request)[:200], "vacant": vacant.order_by("unit__path", "name", "pk")[:300]}
    return render(request, "placement/mutasi_list.html", ctx)


@allows("mutasi.view")
def mutasi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_object_or_404(_moves(request), pk=pk)
    svc.mutasi_viewed(mutasi=m, by=request.user)
    ctx = {"m": m, "evidence": svc.evidence_for(m, request.user), "step": svc.next_step(m, request.user)}
    return render(request, "placement/mutasi.html", ctx)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


def _done(request: HttpRequest, m: Mutasi | None, e: ValidationError | None = None) -> HttpResponse:
    if e is not None:
        messages.error(request, "; ".join(e.messages))
    response = redirect("placement:mutasi", pk=m.pk) if m is not None else redirect("placement:mutasi-list")
    response.status_code = 303
    return response


@require_POST
@allows("mutasi.propose")
def mutasi_propose(request: HttpRequest) -> HttpResponse:
    nip = (request.POST.get("nip") or "").strip()
    pid = request.POST.get("position") or ""
    position = (
        scope.positions_for(request.user).filter(pk=post_id).first() if (post_id := as_id(pid)) else None
    )
    # A person of another instansi of the region, named by NIP (from the shared pool or his application).
    employee = (
        Employee.objects.filter(nip=nip, instansi__in=scope.region_instansi(request.user))
        .exclude(instansi_id=request.user.instansi_id)
        .first()
    )
    if position is None or employee is None:
        return _done(
            request,
            None,
            ValidationError(_("Choose a vacant post and the NIP of an employee of the region.")),
        )
    try:
        m = svc.mutasi_propose(
            employee=employee,
            position=position,
            by=request.user,
            on=timezone.localdate(),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as e:
        return _done(request, None, e)
    return _done(request, m)


def _step(take: Callable[[Mutasi, HttpRequest], object]) -> Callable[..., HttpResponse]:
    """The view of one step of a move after the proposal: the move within the user's scope, the service
    (which checks that the step is the user's instansi's and open at this stage), back to the move."""

    def view(request: HttpRequest, pk: int) -> HttpResponse:
        m = get_object_or_404(_moves(request), pk=pk)
        try:
            take(m, request)
        except ValidationError as e:
            return _done(request, m, e)
        return _done(request, m)

    return view


mutasi_release = require_POST(
    allows("mutasi.release")(
        _step(
            lambda m, r: svc.mutasi_release(
                mutasi=m, by=r.user, agree=r.POST.get("agree") == "1", reason=r.POST.get("reason", "")
            )
        )
    )
)
mutasi_consider = require_POST(
    allows("mutasi.consider")(
        _step(
            lambda m, r: svc.mutasi_consider(
                mutasi=m, by=r.user, number=r.POST.get("bkn_number", ""), on=_date(r.POST.get("bkn_date"))
            )
        )
    )
)
mutasi_decide = require_POST(
    allows("mutasi.decide")(
        _step(
            lambda m, r: svc.mutasi_decide(
                mutasi=m,
                by=r.user,
                sk_nomor=r.POST.get("sk_nomor", ""),
                sk_date=_date(r.POST.get("sk_date")),
            )
        )
    )
)
mutasi_install = require_POST(
    allows("mutasi.install")(_step(lambda m, r: svc.mutasi_install(mutasi=m, by=r.user)))
)
