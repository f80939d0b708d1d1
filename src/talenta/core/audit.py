"""The audit trail: append-only, hash-chained with a key, and anchored outside the database.

Each entry's hash is HMAC-SHA256, keyed with AUDIT_KEY (kept outside the database: the environment or
var/audit/key, which the database backup does not hold), over its canonical JSON content and the
previous entry's hash. Editing, deleting or reordering any entry breaks every hash after it, and someone
with only the database cannot recompute them. Removing entries from the end and rewinding the head
leaves a shorter valid chain: the anchors catch that. `talenta audit-anchor` appends the head (count,
last id, hash) with an HMAC signature to an append-only file outside the database (or prints it for a
paper register); `audit_verify` checks that the chain still contains every anchored head.

Appends take a row lock on `AuditHead` so concurrent writers (web requests, background tasks) still
build one chain.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
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


def _no_nul(value: Any) -> Any:
    # PostgreSQL's text and jsonb cannot hold U+0000: a NUL typed into a query string is dropped, not a 500.
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_no_nul(k): _no_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nul(v) for v in value]
    return value


def jsonable(value: Any) -> Any:
    """A JSON-safe copy of `value` (dates as ISO strings, Decimals as strings, no NUL characters)."""
    return _no_nul(json.loads(json.dumps(value, default=_default)))


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


def audit_key() -> bytes:
    """The chain's HMAC key: AUDIT_KEY from the environment, else var/audit/key (created once, 0600)."""
    if key := getattr(settings, "AUDIT_KEY", ""):
        return key.encode()
    return _key_file(str(settings.AUDIT_KEY_FILE))


@functools.lru_cache(maxsize=8)
def _key_file(name: str) -> bytes:
    path = Path(name)
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def _mac(message: str, key: bytes | None = None) -> str:
    return hmac.new(key or audit_key(), message.encode(), hashlib.sha256).hexdigest()


def entry_hash(e: AuditEntry, prev_hash: str, key: bytes | None = None) -> str:
    canonical = json.dumps(entry_content(e), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _mac(f"{prev_hash}|{canonical}", key)


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


def audit_verify(batch_size: int = 5000, anchors: list[dict[str, Any]] | None = None) -> VerifyResult:
    """Walk the chain from the first entry; report the first entry whose stored hash does not match, then
    check that every anchored head (count, last id, hash) is still in the chain."""
    anchors = anchors_read() if anchors is None else anchors
    bad = [a for a in anchors if not a.get("ok")]
    if bad:
        return VerifyResult(False, 0, bad[0].get("last_id"), "an anchor's signature does not match (forged)")
    by_count = {a["count"]: a for a in anchors}
    key = audit_key()
    prev = GENESIS
    count = 0
    for e in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        if e.prev_hash != prev:
            return VerifyResult(False, count, e.pk, "prev_hash does not match the previous entry")
        if entry_hash(e, prev, key) != e.hash:
            return VerifyResult(False, count, e.pk, "content does not match its hash")
        prev = e.hash
        count += 1
        a = by_count.get(count)
        if a is not None and (a["head"] != e.hash or a["last_id"] != e.pk):
            return VerifyResult(
                False, count, a["last_id"], f"the anchor of {a['at']} names another entry here"
            )
    missing = [a for a in anchors if a["count"] > count]
    if missing:
        a = max(missing, key=lambda a: a["count"])
        return VerifyResult(
            False,
            count,
            a["last_id"],
            f"entries were removed: the anchor of {a['at']} covers {a['count']} entries,"
            f" the chain has {count}",
        )
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != prev or head.count != count):
        return VerifyResult(False, count, None, "entries were removed from the end of the chain")
    return VerifyResult(True, count)


def _anchor_message(a: dict[str, Any]) -> str:
    return f"talenta-audit-anchor|{a['at']}|{a['count']}|{a['last_id']}|{a['head']}"


def audit_anchor(*, write: bool = True, now: datetime | None = None) -> dict[str, Any]:
    """The chain's head, signed: {"at", "count", "last_id", "head", "sig"}. Appended as one JSON line to
    AUDIT_ANCHOR_FILE (opened for append only) when `write`. Refuses a chain that does not verify."""
    result = audit_verify()
    if not result.ok:
        raise ValueError(f"the chain does not verify (entry {result.bad_id}: {result.problem})")
    last = AuditEntry.objects.order_by("-id").only("id", "hash").first()
    a = {
        "at": (now or timezone.now()).isoformat(timespec="seconds"),
        "count": result.count,
        "last_id": last.pk if last else 0,
        "head": last.hash if last else GENESIS,
    }
    a["sig"] = _mac(_anchor_message(a))
    if write:
        path = Path(settings.AUDIT_ANCHOR_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(a, sort_keys=True) + "\n")
    return a


def anchors_read(path: Path | None = None) -> list[dict[str, Any]]:
    """The anchors of AUDIT_ANCHOR_FILE, each with "ok" saying whether its signature matches."""
    path = Path(path or settings.AUDIT_ANCHOR_FILE)
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            a = json.loads(line)
            a["ok"] = hmac.compare_digest(a.get("sig", ""), _mac(_anchor_message(a)))
        except (ValueError, KeyError, TypeError):
            a = {"ok": False, "count": 0, "last_id": None, "at": "", "head": ""}
        out.append(a)
    return out


def audit_bulk_read(
    request: Any, *, action: str, rows: int, target: models.Model | None = None
) -> AuditEntry:
    """Who took a file or a page of personal data out, how many rows, with which filters (issue #14)."""
    user = getattr(request, "auth", None) or request.user
    query = {k: v[:200] for k, v in request.GET.items()}
    return audit_record(
        actor=user,
        action=action,
        target=target,
        target_repr="" if target is not None else request.path[:300],
        changes={"rows": rows, "query": query},
        ip=request.META.get("REMOTE_ADDR") or None,
    )
