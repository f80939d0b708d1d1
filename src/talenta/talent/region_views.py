"""The regional talent pool screens (issue #18): what this instansi shares, and what the others share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from talenta.accounts import scope
from talenta.accounts.policy import allows
from talenta.talent import sharing
from talenta.talent.models import PoolSharing


@allows("talent.sharing.manage")
def sharing_settings(request: HttpRequest) -> HttpResponse:
    instansi = scope.instansi_for(request.user).get()
    if request.method == "POST":
        try:
            sharing.sharing_update(instansi=instansi, level=request.POST.get("level", ""), by=request.user)
        except ValidationError as e:
            ctx = {
                "current": sharing.sharing_of(instansi),
                "levels": PoolSharing.Level.choices,
                "errors": e.messages,
            }
            return render(request, "talent/sharing.html", ctx, status=422)
        return redirect("talent:sharing")
    ctx = {"current": sharing.sharing_of(instansi), "levels": PoolSharing.Level.choices}
    return render(request, "talent/sharing.html", ctx)


@allows("talent.shared-pools")
def shared_pools(request: HttpRequest) -> HttpResponse:
    """The pools the other instansi of the region share; every record shown is audited in both instansi."""
    pools = sharing.shared_pools(request.user)
    sharing.audit_shared_view(
        viewer=request.user, what="kelompok talenta regional", members=[m for p in pools for m in p.members]
    )
    return render(request, "talent/shared_pools.html", {"pools": pools})
