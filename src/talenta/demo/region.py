"""The demo region (issue #18): the Province of Banten and its eight kabupaten/kota on one deployment.

`--size` keeps meaning the province's size. Each kabupaten/kota is built smaller, at a fixed share of it
(KABKOTA below, at least MIN_SIZE employees): the shares are modest on purpose, to keep `talenta demo`
fast, and are not the real head counts (a real kabupaten often employs as many PNS as the province). Each
gets OPDs headed by JPT Pratama, administrators, supervisors and staff (placement.demo.build_province), and
a finalised mapping period, so it has a talent pool. Kab. Serang, Kota Tangerang and Kota Cilegon share
their pools at different levels; the others do not. One move from Kab. Serang to the province is installed,
one from Kota Tangerang waits for BKN's technical consideration. Synthetic people only."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from talenta.accounts.models import User
from talenta.accounts.roles import Role
from talenta.demo import structure as S
from talenta.people.models import Employee, Instansi, Position, Region, Unit
from talenta.placement import demo as placement_demo
from talenta.placement import mutasi
from talenta.placement import selectors as placement_selectors
from talenta.placement import services as placement_services
from talenta.placement.models import FillingPost, Mutasi
from talenta.talent import demo as talent_demo
from talenta.talent import services as talent_services
from talenta.talent.models import MappingPeriod, MappingResult, PoolSharing
from talenta.talent.sharing import sharing_update

REGION_CODE = "36"  # BPS code of the Province of Banten
MIN_SIZE = 40
# The province's eight kabupaten/kota (demo/structure.py KABKOTA, created with the province as its children),
# by BKN kode: the share of the province's --size each is built at, and what it shares of its talent pool.
KABKOTA: dict[str, tuple[float, str]] = {
    "6201": (0.01, "competency"),  # Kab. Serang
    "6202": (0.01, "off"),  # Kab. Pandeglang
    "6203": (0.01, "off"),  # Kab. Lebak
    "6204": (0.015, "off"),  # Kab. Tangerang
    "6271": (0.012, "box"),  # Kota Tangerang
    "6272": (0.006, "identity"),  # Kota Cilegon
    "6273": (0.006, "off"),  # Kota Serang
    "6274": (0.01, "off"),  # Kota Tangerang Selatan
}
SERANG, KOTA_TANGERANG = "6201", "6271"
PERIOD_NAME = "Pemetaan Talenta 2025"


class _Actor:
    """The stand-in of a demo user at one step (as placement.demo's actor): active, one role, one instansi."""

    is_authenticated = True
    is_active = True

    def __init__(self, username: str, role: str, instansi: Instansi) -> None:
        self.username, self.role, self.instansi_id, self.instansi = username, role, instansi.pk, instansi


# Who a kabupaten/kota's demo steps are taken as: the login of its demo account where it has one
# (ACCOUNTS), else an office account that cannot log in (`_office`).
LOGIN_PREFIX = {SERANG: "serang", KOTA_TANGERANG: "tangerang"}
OFFICE_NAMES = {
    Role.ADMIN: "Admin Talenta",
    Role.ANALIS: "Analis SDM Aparatur",
    Role.KOMITE: "Komite Talenta",
    Role.PIMPINAN: "Pejabat Pembina Kepegawaian",
    Role.REGIONAL: "Pengawas Wilayah",
}


def _office_name(role: str, inst: Instansi) -> str:
    return f"{OFFICE_NAMES[role]} {inst.short_name or inst.name}"[:150]


def _office(role: str, inst: Instansi) -> _Actor:
    """The stand-in of a kabupaten/kota's office at a demo step. Its username is that of an account named
    for the office, so screens naming who acted (`pelaku`) show the office, never a login. An account the
    demo does not hand out (ACCOUNTS) is made inactive, without a usable password."""
    username = f"{LOGIN_PREFIX.get(inst.kode, f'demo-{inst.kode}')}-{role}"
    if not User.objects.filter(username=username).exists():
        user = User(username=username, role=role, instansi=inst, is_active=False)
        user.first_name = _office_name(role, inst)
        user.set_unusable_password()
        user.save()
    return _Actor(username, role, inst)


def sizes(size: int) -> dict[str, int]:
    return {kode: max(MIN_SIZE, round(size * share)) for kode, (share, _level) in KABKOTA.items()}


def kabkota(*, province: Instansi) -> list[Instansi]:
    """The demo's kabupaten/kota: the province's children of KABKOTA (made by the generator with it)."""
    rows = {i.kode: i for i in Instansi.objects.filter(parent=province, kode__in=list(KABKOTA))}
    missing = [k for k in KABKOTA if k not in rows]
    for bkn, kode, name, kind in S.KABKOTA:
        if kode in missing:
            rows[kode], _ = Instansi.objects.get_or_create(
                bkn_id=bkn,
                defaults={
                    "kode": kode,
                    "name": name,
                    "kind": kind,
                    "parent": province,
                    "short_name": name.removeprefix("Pemerintah "),
                },
            )
    return [rows[k] for k in KABKOTA if k in rows]


def _finalised_period(inst: Instansi, as_of: date) -> None:
    if MappingPeriod.objects.filter(instansi=inst, name=PERIOD_NAME).exists():
        return
    period = talent_services.period_create(
        instansi=inst, name=PERIOD_NAME, as_of=date(2025, 12, 31), config=talent_demo.DEMO_CONFIG
    )
    talent_services.period_run(period=period)
    talent_services.period_finalise(period=period, by=_office(Role.KOMITE, inst))


def _pool_members(inst: Instansi, level: str) -> list[tuple[int, Employee]]:
    """The instansi's mapped employees at `level` with their box in its finalised period."""
    period = MappingPeriod.objects.filter(instansi=inst, status=MappingPeriod.Status.FINALISED).first()
    results = MappingResult.objects.filter(
        period=period, mappable=True, employee__instansi=inst, employee__position__level=level
    ).select_related("employee")
    return [(r.final_box or 0, r.employee) for r in results]


def _eligible(members: list[tuple[int, Employee]], post: Position, on: date) -> Employee | None:
    """Of `members`, one who meets the post's requirements on `on` as the move's proposal will find him
    (placement.services.rank_position over his own instansi's pool): the highest box, then the best rank.
    A demo moves on merit."""
    if not members:
        return None
    pool = placement_selectors.candidate_pool(members[0][1].instansi_id, on=on)
    outcome = placement_services.rank_position(
        position=post, on=on, top=None, near_top=0, pool=pool, explain=0
    )
    ranked = [(box, outcome.rank_of(e.pk), e) for box, e in members]
    eligible = [(box, rank, e) for box, rank, e in ranked if rank is not None]
    return min(eligible, key=lambda x: (-x[0], x[1]))[2] if eligible else None


SEAT_NAMES = {
    "jf_ahli_madya": "Analis Sumber Daya Manusia Aparatur Ahli Madya",
    "jf_ahli_muda": "Analis Sumber Daya Manusia Aparatur Ahli Muda",
    "administrator": "Kepala Bidang Pengembangan Kompetensi Aparatur",
    "pengawas": "Kepala Subbidang Mutasi dan Promosi",
}


def _seat(province: Instansi, level: str, taken: set[int]) -> tuple[Position, bool]:
    """A vacant post of the province at `level` that no filling process of its own is filling, else a new
    seat (a formasi opened for the move) in its first OPD; and whether it was opened."""
    in_process = FillingPost.objects.filter(process__instansi=province).values("position_id")
    free = (
        Position.objects.filter(instansi=province, level=level, holder__isnull=True)
        .exclude(pk__in=in_process)
        .exclude(pk__in=taken)
        .order_by("pk")
        .first()
    )
    if free is not None:
        return free, False
    unit = Unit.objects.filter(instansi=province, kind=Unit.Kind.OPD).order_by("path").first()
    opened = Position.objects.create(
        instansi=province,
        unit=unit,
        name=SEAT_NAMES.get(level, "Analis Kebijakan"),
        kind="fungsional" if level.startswith("jf_") else "struktural",
        level=level,
        eselon="" if level.startswith("jf_") else {"administrator": "31", "pengawas": "41"}.get(level, ""),
        bup=60 if level == "jf_ahli_madya" else 58,
    )
    return opened, True


def _moves(province: Instansi, serang: Instansi, tangerang: Instansi, as_of: date) -> int:
    if Mutasi.objects.filter(to_instansi=province).exists():
        return 0
    # The province's steps are taken as its demo accounts (talenta.demo.generator.ACCOUNTS), so the move's
    # page names them as the people they stand for; a kabupaten/kota of the demo has no accounts.
    bkd = _Actor("analis", Role.ANALIS, province)
    governor = _Actor("pimpinan", Role.PIMPINAN, province)
    done = 0
    taken: set[int] = set()
    for inst, finish in ((serang, True), (tangerang, False)):
        employee = None
        for level in ("jf_ahli_madya", "administrator", "pengawas"):
            members = _pool_members(inst, level)
            if not members:
                continue
            post, opened = _seat(province, level, taken)
            if employee := _eligible(members, post, as_of):
                break
            if opened:
                post.delete()  # the seat was opened for this move, which nobody here qualifies for
        if employee is None:
            continue
        taken.add(post.pk)
        m = mutasi.mutasi_propose(
            employee=employee,
            position=post,
            by=bkd,
            on=as_of,
            reason="Kebutuhan kompetensi pada perangkat daerah provinsi; pegawai berada di kelompok talenta.",
        )
        m = mutasi.mutasi_release(mutasi=m, by=_office(Role.PIMPINAN, inst), agree=True)
        done += 1
        if not finish:
            continue  # waits for BKN's technical consideration
        m = mutasi.mutasi_consider(
            mutasi=m, by=bkd, number="PERTEK-III/2026/0117", on=as_of - timedelta(days=20)
        )
        m = mutasi.mutasi_decide(
            mutasi=m, by=governor, sk_nomor="821.2/Kep.412-BKD/2026", sk_date=as_of - timedelta(days=10)
        )
        mutasi.mutasi_install(mutasi=m, by=_Actor("admin", Role.ADMIN, province))
    return done


def build(*, province: Instansi, seed: int, size: int, as_of: date, progress: Any = None) -> dict[str, int]:
    """The region around `province`: its eight kabupaten/kota, their pools, sharing and two moves."""
    region, _ = Region.objects.get_or_create(code=REGION_CODE, defaults={"name": "Provinsi Banten"})
    Instansi.objects.filter(pk=province.pk).update(region=region)
    province.region = region
    made: dict[str, Instansi] = {}
    employees = 0
    per = sizes(size)
    for n, inst in enumerate(kabkota(province=province)):
        if progress:
            progress.advance(0, f"wilayah: {inst.short_name}")
        if inst.region_id != region.pk:
            inst.region = region
            inst.save(update_fields=["region"])
        if not Employee.objects.filter(instansi=inst).exists():
            n_opd = min(24, max(4, per[inst.kode] // 40))
            placement_demo.build_province(
                instansi=inst, seed=seed + 101 * (n + 1), size=per[inst.kode], as_of=as_of, n_opd=n_opd
            )
            placement_selectors.pool_invalidate(inst.pk)
        _finalised_period(inst, as_of)
        level = KABKOTA[inst.kode][1]
        if level != PoolSharing.Level.OFF and not PoolSharing.objects.filter(instansi=inst).exists():
            sharing_update(instansi=inst, level=level, by=_office(Role.ADMIN, inst))
        employees += Employee.objects.filter(instansi=inst).count()
        made[inst.kode] = inst
    moves = _moves(province, made[SERANG], made[KOTA_TANGERANG], as_of)
    return {
        "people.Instansi (kab/kota)": len(made),
        "people.Employee (kab/kota)": employees,
        "talent.PoolSharing": PoolSharing.objects.exclude(level=PoolSharing.Level.OFF).count(),
        "placement.Mutasi": moves,
    }


# The region's demo accounts: the oversight role (the province's BKD acting for the region) and the BKD and
# PPK of Kab. Serang, so the mutasi workflow can be walked across two instansi.
ACCOUNTS = [
    ("pengawas-wilayah", Role.REGIONAL, None, "Pengawasan wilayah Banten (BKD Provinsi untuk wilayah)"),
    ("serang-admin", Role.ADMIN, SERANG, "Kab. Serang"),
    ("serang-analis", Role.ANALIS, SERANG, "Kab. Serang"),
    ("serang-pimpinan", Role.PIMPINAN, SERANG, "Bupati Serang (PPK)"),
]


def create_accounts(*, province: Instansi) -> list[tuple[str, str, str, str]]:
    out = []
    for username, role, code, label in ACCOUNTS:
        inst = province if code is None else Instansi.objects.get(parent=province, kode=code)
        password = secrets.token_urlsafe(12)
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role, user.instansi, user.unit, user.employee, user.is_active = role, inst, None, None, True
        user.first_name = _office_name(role, inst)
        user.set_password(password)
        user.save()
        out.append((username, password, str(role), label))
    return out


def reset(*, province: Instansi) -> None:
    """Remove the demo region's moves and sharing, before the instansi resets (a mutasi protects its
    decision); the generator then resets each kabupaten/kota like the province."""
    ours = [province.pk, *Instansi.objects.filter(parent=province).values_list("pk", flat=True)]
    Mutasi.objects.filter(Q(to_instansi__in=ours) | Q(from_instansi__in=ours) | Q(province__in=ours)).delete()
    PoolSharing.objects.filter(instansi__in=ours).delete()
