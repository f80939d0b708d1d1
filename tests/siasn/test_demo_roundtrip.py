"""The demo province (people Talenta made itself, never sent by SIASN) exported to SIASN shapes and read
back: nothing changes, and a second export is byte for byte the first."""

from __future__ import annotations

import pytest

from talenta.core.models import AuditEntry
from talenta.people.models import Employee, JabatanHistory, Position
from talenta.siasn.exports import siasn_export
from talenta.siasn.services import siasn_import

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_demo_export_read_back_changes_nothing(refs, demo_province, tmp_path, fmt):
    out = tmp_path / ("json" if fmt == "json" else "export.csv")
    siasn_export(instansi=demo_province.instansi, fmt=fmt, out=out)
    seats = Position.objects.count()
    links = dict(JabatanHistory.objects.values_list("pk", "position_id"))
    updates = AuditEntry.objects.filter(action="siasn.update").count()

    report = siasn_import(paths=[out])

    assert report.error_count == 0, report.errors[:3]
    assert report.written and report.changed == 0, report.counts_dict()
    assert Position.objects.count() == seats
    assert dict(JabatanHistory.objects.values_list("pk", "position_id")) == links
    assert AuditEntry.objects.filter(action="siasn.update").count() == updates
    assert Employee.objects.filter(raw__has_key="unorId").count() == 0  # nothing derived taken as news

    again = tmp_path / ("again" if fmt == "json" else "again.csv")
    siasn_export(instansi=demo_province.instansi, fmt=fmt, out=again)
    if fmt == "json":
        for f in sorted(out.iterdir()):
            assert (again / f.name).read_bytes() == f.read_bytes(), f.name
    else:
        assert again.read_bytes() == out.read_bytes()
