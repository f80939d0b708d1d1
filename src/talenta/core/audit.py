"""The audit trail: append-only and hash-chained.

Each entry's hash is sha256 over its canonical JSON content and the previous entry's hash, so editing,
deleting or reordering any entry breaks every hash after it. Appends take a row lock on `AuditHead`
so concurrent writers (web requests, background tasks) still build one chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from talenta.core.models import AuditEntry, AuditHead
from talenta.core.request_id import current_request_id

GENESIS = "0" * 64


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def jsonable(value: Any) -> Any:
    """A JSON-safe copy of `value` (dates as ISO strings, Decimals as strings)."""
    return json.loads(json.dumps(value, default=_default))


def entry_content(e: AuditEntry) -> dict[str, Any]:
    content = {
        "at": e.at.isoformat(),
        "actor": e.actor_username,
        "role": e.actor_role,
        "instansi": e.instansi_id,
        "action": e.action,
        "target_type": e.target_type,
        "target_id": e.target_id,
        "target_repr": e.target_repr,
        "changes": e.changes,
        "reason": e.reason,
        "ip": e.ip,
    }
    # Hashed when present; entries written before request ids existed keep their hash.
    if e.request_id:
        content["request_id"] = e.request_id
    return content


def entry_hash(e: AuditEntry, prev_hash: str) -> str:
    canonical = json.dumps(entry_content(e), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields that changed."""
    return {
        k: [before.get(k), after.get(k)]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }


@transaction.atomic
def audit_record(
    *,
    actor: Any = None,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_repr: str = "",
    changes: dict[str, Any] | None = None,
    reason: str = "",
    ip: str | None = None,
    instansi_id: int | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry. `actor` is a user (or None for the system)."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_repr = target_repr or str(target)[:300]
        instansi_id = instansi_id or getattr(target, "instansi_id", None)
    if instansi_id is None and actor is not None:
        instansi_id = getattr(actor, "instansi_id", None)
    entry = AuditEntry(
        at=at or timezone.now(),
        actor_username=getattr(actor, "username", "") or "system",
        actor_role=getattr(actor, "role", "") or "",
        instansi_id=instansi_id,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        target_repr=target_repr[:300],
        changes=jsonable(changes or {}),
        reason=reason,
        ip=ip,
        request_id=current_request_id(),
        prev_hash=head.last_hash,
    )
    entry.hash = entry_hash(entry, head.last_hash)
    entry.save()
    head.last_hash = entry.hash
    head.count += 1
    head.save(update_fields=["last_hash", "count"])
    return entry


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    bad_id: int | None = None
    problem: str = ""


def audit_verify(batch_size: int = 5000) -> VerifyResult:
    """Walk the chain from the first entry; report the first entry whose stored hash does not match."""
    prev = GENESIS
    count = 0
    for e in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        if e.prev_hash != prev:
            return VerifyResult(False, count, e.pk, "prev_hash does not match the previous entry")
        if entry_hash(e, prev) != e.hash:
            return VerifyResult(False, count, e.pk, "content does not match its hash")
        prev = e.hash
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != prev or head.count != count):
        return VerifyResult(False, count, None, "entries were removed from the end of the chain")
    return VerifyResult(True, count)
