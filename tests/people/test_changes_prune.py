"""Pruning the change marks: old ones go, the newest stays, and how far it went is recorded."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from talenta.people.models import EmployeeChange
from talenta.people.services import changes_prune, mark_changed, pruned_upto

pytestmark = pytest.mark.django_db


def _aged(days: int, n: int) -> list[int]:
    mark_changed(employee_ids=range(1000 + 10 * days, 1000 + 10 * days + n))
    marks = list(EmployeeChange.objects.order_by("-pk")[:n])
    EmployeeChange.objects.filter(pk__in=[m.pk for m in marks]).update(
        at=timezone.now() - timedelta(days=days)
    )
    return sorted(m.pk for m in marks)


def test_marks_before_the_date_go_and_the_watermark_says_how_far():
    old, recent = _aged(200, 3), _aged(10, 2)
    assert pruned_upto() == 0
    assert changes_prune(before=timezone.now() - timedelta(days=90)) == 3
    assert sorted(EmployeeChange.objects.values_list("pk", flat=True)) == recent
    assert pruned_upto() == old[-1]
    # Again: nothing older left, the watermark stays.
    assert changes_prune(before=timezone.now() - timedelta(days=90)) == 0 and pruned_upto() == old[-1]


def test_the_newest_mark_is_never_removed_however_old():
    old = _aged(400, 2)
    assert changes_prune(before=timezone.now()) == 1
    assert list(EmployeeChange.objects.values_list("pk", flat=True)) == [old[-1]]
    assert pruned_upto() == old[0]
    assert changes_prune(before=timezone.now()) == 0


def test_nothing_to_prune_on_an_empty_table():
    assert changes_prune(before=timezone.now()) == 0 and pruned_upto() == 0


def test_the_command_prunes_and_says_how_many():
    _aged(200, 3)
    _aged(1, 1)
    out = io.StringIO()
    call_command("prune-changes", "--older-than", "90", stdout=out)
    assert out.getvalue().startswith("3 tanda perubahan sebelum ")
    out = io.StringIO()
    call_command("prune-changes", stdout=out)
    assert out.getvalue().startswith("Tidak ada tanda perubahan sebelum ")
    for days in ("0", "36501", "1000000000"):
        with pytest.raises(CommandError, match="1 to 36500 days"):
            call_command("prune-changes", "--older-than", days)


def test_a_mark_made_exactly_at_the_cutoff_is_kept():
    cutoff = timezone.now() - timedelta(days=90)
    a, b, c = _aged(200, 1)[0], _aged(150, 1)[0], _aged(10, 1)[0]
    EmployeeChange.objects.filter(pk=b).update(at=cutoff)
    assert changes_prune(before=cutoff) == 1  # only the one before it
    assert sorted(EmployeeChange.objects.values_list("pk", flat=True)) == [b, c]
    assert pruned_upto() == a
