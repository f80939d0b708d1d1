"""Samples for the routes of the region (issue #18): moves between instansi, the ranking with the shared
pools and the oversight drill-down. A mutasi belongs to three instansi (receiving, releasing, deciding):
each sample puts the viewer's instansi at the step the route takes, and the third instansi of the region
(`world.c`) on the other end, so that the other side's move is none of the viewer's business."""

from __future__ import annotations

from datetime import date

from talenta.people.models import Instansi, Position, Unit
from talenta.placement.models import Mutasi
from tests.access.registry import sample
from tests.access.samples_placement import _fp, _side
from tests.people.factories import UnitFactory

ON = date(2026, 11, 1)


def _mutasi(world, side, *, role_of_side: str, stage: str) -> Mutasi:
    """A move between the side's instansi and the third instansi, the side being `role_of_side`
    ("to", "from" or "province"), at `stage`."""
    c = world.c
    inst = side.instansi
    vacant = Position.objects.create(
        instansi=inst if role_of_side != "from" else c,
        unit=side.unit if role_of_side != "from" else world.c_employee.unit,
        name="Kepala Bidang Sampel",
        kind="struktural",
        level="administrator",
    )
    ends = {
        "to": {"to_instansi": inst, "from_instansi": c, "province": inst},
        "from": {"to_instansi": c, "from_instansi": inst, "province": c},
        "province": {"to_instansi": c, "from_instansi": c, "province": inst},
    }[role_of_side]
    if role_of_side == "province":  # the province decides a move between two others: c → d
        d, _ = Instansi.objects.get_or_create(
            bkn_id="SAMPLE-LEBAK",
            defaults={"name": "Pemerintah Kab. Lebak", "kind": "kabupaten", "region": world.region},
        )
        ends["to_instansi"] = d
        vacant.instansi = d
        vacant.unit = Unit.objects.filter(instansi=d).first() or UnitFactory(instansi=d, name="Dinas Lebak")
        vacant.save(update_fields=["instansi", "unit"])
    employee = world.c_employee if ends["from_instansi"] == c else side.outsider
    Mutasi.objects.filter(employee=employee).delete()
    return Mutasi.objects.create(
        employee=employee,
        position=vacant,
        stage=stage,
        evidence='{"eligibility": {"rows": []}, "ranking": {"rank": 1}}',
        evidence_sha256="0" * 64,
        proposed_by="sampel",
        bkn_number="PERTEK-1" if stage in ("bkn_considered", "decided") else "",
        bkn_date=ON if stage in ("bkn_considered", "decided") else None,
        sk_nomor="800/1" if stage == "decided" else "",
        sk_date=ON if stage == "decided" else None,
        **ends,
    )


def _build(role_of_side: str, stage: str):
    def build(world, viewer, case):
        side = _side(world, viewer, case)
        if side is None:
            return None
        return {"pk": _mutasi(world, side, role_of_side=role_of_side, stage=stage).pk}

    return build


sample("placement:mutasi", region=True)(_build("to", "proposed"))
sample("placement:mutasi-release")(_build("from", "proposed"))
sample("placement:mutasi-consider")(_build("province", "released"))
sample("placement:mutasi-decide")(_build("province", "bkn_considered"))
sample("placement:mutasi-install")(_build("to", "decided"))


@sample("placement:post-candidates-shared")
def _shared_ranking(world, viewer, case):
    side = _side(world, viewer, case)
    return None if side is None else {"pk": _fp(side).pk}


@sample("region:instansi", region=True)
def _instansi(world, viewer, case):
    side = _side(world, viewer, case)
    return None if side is None else {"pk": side.instansi.pk}
