"""The audit log screen (Auditor and Admin): filter, paginate, export, verify the chain. Read-only:
there is no route that edits or deletes an entry, and the model and database refuse it anyway."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from talenta.accounts import scope
from talenta.accounts.forms import AuditFilterForm
from talenta.accounts.policy import allows
from talenta.core import display, xlsx
from talenta.core.audit import audit_verify
from talenta.core.cells import safe_cell
from talenta.core.models import AuditEntry

COLUMNS = [
    "id",
    "at",
    "actor_username",
    "actor_role",
    "action",
    "target_type",
    "target_id",
    "target_repr",
    "changes",
    "reason",
    "ip",
    "hash",
]
EXPORT_LIMIT = 200_000


def entries_for(user: object) -> QuerySet[AuditEntry]:
    # An instansi's auditor sees its own instansi's entries only.
    return scope.audit_for(user).order_by("-id")


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEntry]]:
    form = AuditFilterForm(request.GET or None)
    qs = entries_for(request.user)
    return form, (form.filter(qs) if request.GET else qs)


@dataclass
class AuditRow:
    """One entry as a sentence: who did what to which record, and each field's before → after."""

    entry: AuditEntry
    action: str
    target_kind: str
    changes: list[tuple[str, str, str | None]]


def _rows(entries: list[AuditEntry]) -> list[AuditRow]:
    # Ids named in the changes (a post, a unit) are read by name in one query per model, not per row.
    names: dict[tuple[str, int], str] = {}
    for model_name, ids in display.referenced_ids(e.changes for e in entries).items():
        model = apps.get_model(model_name)
        for obj in model.objects.filter(pk__in=ids):
            names[(model_name, obj.pk)] = str(obj)
    return [
        AuditRow(
            entry=e,
            action=display.action_label(e.action),
            target_kind=display.model_label(e.target_type),
            changes=display.audit_changes(e.target_type, e.changes, names),
        )
        for e in entries
    ]


@allows("audit.view")
def audit_log(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": _rows(list(page)), "query": query.urlencode()}
    template = "accounts/_audit_rows.html" if request.htmx else "accounts/audit_log.html"
    return render(request, template, context)


def _row(e: AuditEntry) -> list[str]:
    at = timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S")
    changes = json.dumps(e.changes, ensure_ascii=False, sort_keys=True) if e.changes else ""
    return [
        str(e.pk),
        at,
        e.actor_username,
        e.actor_role,
        e.action,
        e.target_type,
        e.target_id,
        e.target_repr,
        changes,
        e.reason,
        e.ip or "",
        e.hash,
    ]


def _safe_cell(value: str) -> str:
    return safe_cell(value)  # core.cells: the one formula guard


@allows("audit.view")
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, qs = _filtered(request)
    entries = qs[:EXPORT_LIMIT].iterator(chunk_size=2000)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":

        def rows() -> Iterator[str]:
            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(COLUMNS)
            for e in entries:
                writer.writerow([_safe_cell(v) for v in _row(e)])
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
            yield buf.getvalue()

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        return response
    if not qs.exists():
        return xlsx.nothing_to_export(
            request,
            _("No audit entry matches the filter: there is nothing to export."),
            back=reverse("accounts:audit-log"),
        )
    return xlsx.response("audit", _("Audit log"), COLUMNS, (_xlsx_row(e) for e in entries))


def _xlsx_row(e: AuditEntry) -> list[object]:
    """The Excel row: the time as a real date cell (WIB), the rest as in the CSV."""
    row: list[object] = list(_row(e))
    row[1] = e.at
    return row


@require_POST
@allows("audit.view")
def audit_verify_view(request: HttpRequest) -> HttpResponse:
    """The chain is one for the deployment, so the whole of it is checked; what the page says stays within
    the viewer's instansi: how many of its entries the chain holds, and which entry broke only when it is
    one of them (another instansi's entry is not named to him)."""
    result = audit_verify()
    own = entries_for(request.user)
    context = {
        "result": result,
        "own_count": own.count(),
        "own_bad": result.bad_id is not None and own.filter(pk=result.bad_id).exists(),
    }
    return render(request, "accounts/_audit_verify.html", context)
