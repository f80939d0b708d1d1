"""Writes about the organisation and its people."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.db import transaction
from django.dispatch import Signal

from talenta.people.models import EmployeeChange, EmployeeChangesPruned, Instansi, Unit


@transaction.atomic
def unit_create(*, instansi: Instansi, name: str, parent: Unit | None = None, **fields: object) -> Unit:
    """Create a unit and set its materialised path and OPD (the root of its tree)."""
    unit = Unit.objects.create(instansi=instansi, parent=parent, name=name, path="", **fields)
    unit.path, unit.depth, unit.opd_id = Unit.place(unit.pk, parent.placed if parent else None)
    unit.save(update_fields=["path", "depth", "opd"])
    return unit


@transaction.atomic
def unit_rebuild_paths(*, instansi: Instansi) -> int:
    """Recompute path, depth and OPD of every unit of an instansi from the parent links."""
    units = list(Unit.objects.filter(instansi=instansi).order_by("id"))
    by_id = {u.pk: u for u in units}
    done: dict[int, Unit] = {}

    def resolve(u: Unit) -> Unit:
        if u.pk in done:
            return u
        chain = []
        node = u
        while node.parent_id and node.parent_id not in done and node.parent_id in by_id:
            chain.append(node)
            node = by_id[node.parent_id]
            if len(chain) > 64:
                raise ValueError(f"cycle in the unit tree at unit {u.pk}")
        chain.append(node)
        for n in reversed(chain):
            parent = done.get(n.parent_id) if n.parent_id else None
            n.path, n.depth, n.opd_id = Unit.place(n.pk, parent.placed if parent else None)
            done[n.pk] = n
        return u

    for u in units:
        resolve(u)
    Unit.objects.bulk_update(units, ["path", "depth", "opd"], batch_size=1000)
    return len(units)


# --- Change marks (issue 17) ---------------------------------------------------------------------------
# Writers mark whom they changed; readers keeping a derived copy (the candidate pool) refresh those rows.
# Single saves and deletes are marked by signals (`people.apps`); bulk writers (imports, a batch apply, a
# finalised period) call `mark_changed` themselves.

MARK_EACH_UP_TO = 2_000  # more people than this in one change: one mark for the whole instansi
# Sent after a whole-instansi mark (`instansi_id` None: every instansi), e.g. for placement to prepare the
# candidate pools its open filling processes rank with, in the background.
instansi_changed = Signal()
_collecting: ContextVar[set[int] | None] = ContextVar("people_marks_collecting", default=None)


def mark_changed(*, instansi_id: int | None = None, employee_ids: Iterable[int] | None = None) -> None:
    """Mark `employee_ids` as changed, whichever instansi they are in now or were in before (a move is a
    change for both); without ids, every employee of `instansi_id` (without either, everyone)."""
    ids = None if employee_ids is None else sorted({int(e) for e in employee_ids})
    if ids is not None and not ids:
        return
    pending = _collecting.get()
    if pending is not None and ids is not None:
        pending.update(ids)
        return
    if ids is None or len(ids) > MARK_EACH_UP_TO:
        marks = [EmployeeChange(instansi_id=instansi_id)]
    else:
        marks = [EmployeeChange(employee_id=e) for e in ids]
    EmployeeChange.objects.bulk_create(marks)
    if ids is None or len(ids) > MARK_EACH_UP_TO:
        instansi_changed.send(sender=EmployeeChange, instansi_id=instansi_id)


def pruned_upto() -> int:
    """The highest mark id `changes_prune` may have removed (0: none ever removed)."""
    return EmployeeChangesPruned.objects.filter(pk=1).values_list("upto", flat=True).first() or 0


@transaction.atomic
def changes_prune(*, before: datetime) -> int:
    """Remove the change marks made before `before`, except the newest mark of all (the highest id never
    drops: a reader takes a lower one for a rolled-back transaction), and record how far it went, so a
    reader holding a copy older than that reads it whole rather than miss a change (placement.selectors).
    Returns how many marks went."""
    newest = EmployeeChange.objects.order_by("-pk").values_list("pk", flat=True).first()
    if newest is None:
        return 0
    old = EmployeeChange.objects.filter(at__lt=before, pk__lt=newest)
    upto = old.order_by("-pk").values_list("pk", flat=True).first()
    if upto is None:
        return 0
    # The watermark first, in the same transaction: a reader sees both or neither.
    row, _created = EmployeeChangesPruned.objects.select_for_update().get_or_create(pk=1)
    row.upto = max(row.upto, upto)
    row.save(update_fields=["upto", "at"])
    gone, _per_model = EmployeeChange.objects.filter(pk__lte=upto).delete()
    return gone


@contextmanager
def marks_collected(*, instansi_id: int | None = None) -> Iterator[None]:
    """Within: the people marked one by one (the signals of an ORM delete of many rows) are written as one
    set of marks at the end (one for the whole `instansi_id` when they are many)."""
    token = _collecting.set(set())
    try:
        yield
        ids = _collecting.get() or set()
    finally:
        _collecting.reset(token)
    mark_changed(instansi_id=instansi_id, employee_ids=ids)
