"""The demo province: deterministic, shaped by BANTEN.md, with valid NIPs, vacancies and demo accounts."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from talenta.accounts import scope
from talenta.accounts.models import User
from talenta.core.models import Job
from talenta.demo import generator as g
from talenta.people.models import (
    AwardHistory,
    DisciplineHistory,
    EducationHistory,
    Employee,
    GolonganHistory,
    Instansi,
    JabatanHistory,
    LeadershipTraining,
    Position,
    SkpHistory,
    Training,
    Unit,
)
from talenta.people.rules.dates import full_years, years_months
from talenta.people.rules.jabatan import competency_standard, rank_in_eselon_range
from talenta.people.rules.nip import check_nip
from talenta.people.rules.performance import predikat
from talenta.profiling.models import Assessment
from talenta.profiling.rules.jpm import jpm

pytestmark = pytest.mark.django_db
AS_OF = g.AS_OF
TABLES = [
    Instansi,
    Unit,
    Position,
    Employee,
    GolonganHistory,
    JabatanHistory,
    EducationHistory,
    LeadershipTraining,
    Training,
    SkpHistory,
    DisciplineHistory,
    AwardHistory,
    Assessment,
]


def _digest() -> str:
    """A hash of every row of every generated table, ids included, in primary-key order."""
    h = hashlib.sha256()
    for model in TABLES:
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.order_by("pk").values_list(*fields):
            h.update(repr(row).encode())
    return h.hexdigest()


def test_same_size_and_seed_give_identical_rows_ids_included():
    g.generate(size=150, seed=7)
    first = _digest()
    g.reset()
    g.generate(size=150, seed=7)
    assert _digest() == first


def test_another_seed_gives_other_data():
    g.generate(size=150, seed=7)
    first = _digest()
    g.reset()
    g.generate(size=150, seed=8)
    assert _digest() != first


def _share(counter: Counter, total: int) -> dict:
    return {k: v / total for k, v in counter.items()}


def test_distributions_follow_banten_md_within_tolerance():
    g.generate(size=3000, seed=2026)
    everyone = list(Employee.objects.select_related("position"))
    pns = [e for e in everyone if e.status == "pns"]
    n = len(pns)
    sex = _share(Counter(e.sex for e in pns), n)
    assert sex["F"] == pytest.approx(0.54, abs=0.04)

    def age_band(e):
        a = full_years(e.birth_date, AS_OF)
        return "<=30" if a <= 30 else "31-40" if a <= 40 else "41-50" if a <= 50 else "51-60"

    ages = _share(Counter(map(age_band, pns)), n)
    for band, target in {"<=30": 0.09, "31-40": 0.24, "41-50": 0.33, "51-60": 0.34}.items():
        assert ages[band] == pytest.approx(target, abs=0.04), band
    edu = _share(Counter(e.education_level for e in pns), n)
    for code, target in {"40": 0.56, "15": 0.14, "45": 0.12, "30": 0.11}.items():
        assert edu.get(code, 0) == pytest.approx(target, abs=0.035), code
    assert edu.get("50", 0) + edu.get("10", 0) + edu.get("05", 0) == pytest.approx(0.021, abs=0.015)

    def service_band(e):
        s = years_months(e.tmt_cpns, AS_OF)[0]
        return "0-10" if s <= 10 else "11-20" if s <= 20 else "21-30" if s <= 30 else ">30"

    service = _share(Counter(map(service_band, pns)), n)
    for band, target in {"0-10": 0.32, "11-20": 0.52, "21-30": 0.15}.items():
        assert service[band] == pytest.approx(target, abs=0.05), band

    def post_type(e):
        p = e.position
        if p.kind == "fungsional":
            return "guru" if p.name.startswith("Guru") else "jf"
        return p.kind

    posts = _share(Counter(map(post_type, everyone)), len(everyone))
    assert posts["guru"] == pytest.approx(0.40, abs=0.03)
    assert posts["jf"] == pytest.approx(0.23, abs=0.04)  # health ~8% + other JF ~15%
    assert 0.04 <= posts["struktural"] <= 0.10
    assert posts["pelaksana"] == pytest.approx(1 - 0.40 - 0.23 - posts["struktural"], abs=0.04)
    assert 0.05 < sum(e.status == "pppk" for e in everyone) / len(everyone) < 0.2
    predikats = _share(
        Counter(SkpHistory.objects.values_list("predikat", flat=True)), SkpHistory.objects.count()
    )
    assert 0.6 < predikats["baik"] < 0.85
    assert 0.08 < predikats["sangat_baik"] < 0.25
    assert 0.02 < predikats["butuh_perbaikan"] + predikats["kurang"] + predikats["sangat_kurang"] < 0.15
    # The results profiled before Nov 2025 (the profiling demo campaign adds 936 per 12,000 that week).
    assessed = Assessment.objects.filter(campaign__isnull=True).count() / len(everyone)
    assert assessed == pytest.approx(2300 / 12000, abs=0.06)


class TestTheDemoProvince:
    """One province for these tests (tests/demo/fixtures.py: shared_demo_province)."""

    def test_every_nip_is_valid_unique_and_matches_the_person(self, shared_demo_province):
        pns = Employee.objects.filter(status="pns")
        assert pns.exists()
        for e in pns:
            check = check_nip(e.nip, recorded_birth_date=e.birth_date, recorded_sex=e.sex)
            assert check.ok, check.errors
            assert not check.warnings, check.warnings
            assert (check.cpns_year, check.cpns_month) == (e.tmt_cpns.year, e.tmt_cpns.month)
        nips = list(Employee.objects.values_list("nip", flat=True))
        assert len(nips) == len(set(nips))
        # PPPK numbers are stored, not NIPs (month field "21").
        for number in Employee.objects.filter(status="pppk").values_list("nip", flat=True):
            assert not check_nip(number).ok

    def test_structural_holders_hold_a_rank_within_their_eselon_range(self, shared_demo_province):
        holders = Employee.objects.filter(position__kind="struktural").select_related("position")
        assert holders.count() > 20
        for e in holders:
            assert rank_in_eselon_range(e.golongan, e.position.eselon), (e.golongan, e.position.eselon)
            assert e.golonganhistory_set.order_by("-tmt").first().golongan == e.golongan

    def test_some_posts_are_vacant_some_held_by_a_plt_and_some_retire_within_24_months(
        self, shared_demo_province
    ):
        structural = Position.objects.filter(kind="struktural")
        vacant = structural.filter(holder__isnull=True)
        assert vacant.filter(acting_holder__isnull=False, acting_kind="plt").exists()
        assert vacant.filter(acting_holder__isnull=True).exists()
        plt = vacant.exclude(acting_holder=None).first()
        assert JabatanHistory.objects.filter(
            employee=plt.acting_holder, position=plt, assignment="PLT"
        ).exists()
        horizon = date(AS_OF.year + 2, AS_OF.month, AS_OF.day)
        soon = [
            e
            for e in Employee.objects.filter(position__level__in=["jpt_pratama", "administrator"])
            if AS_OF < e.retirement_date <= horizon
        ]
        assert soon
        assert all(e.retirement_date > AS_OF for e in Employee.objects.all())  # nobody is already retired
        assert structural.filter(is_critical=True).exclude(critical_reason="").count() == 10
        assert structural.exclude(needs_external_recommendation="").count() == 2

    def test_histories_are_complete_and_consistent(self, shared_demo_province):
        e = Employee.objects.filter(status="pns", position__kind="struktural").first()
        assert e.golonganhistory_set.count() >= 2
        assert e.jabatanhistory_set.filter(assignment="D", position=e.position).exists()
        assert e.educationhistory_set.exists()
        assert e.leadershiptraining_set.exists() or e.position.level == "pengawas"
        for row in SkpHistory.objects.all():
            assert row.year in (2023, 2024, 2025)
            assert row.predikat == predikat(row.rating_hasil_kerja, row.rating_perilaku)
        for model in (GolonganHistory, JabatanHistory, SkpHistory, EducationHistory):
            assert not model.objects.filter(bkn_id__isnull=True).exists()
            assert all(len(x) == 32 for x in model.objects.values_list("bkn_id", flat=True))

    def test_assessments_store_the_standard_and_the_unrounded_jpm(self, shared_demo_province):
        # The generator's own results (the profiling campaign's, dated Nov 2025, are tested in
        # tests/profiling).
        rows = list(Assessment.objects.filter(campaign__isnull=True).select_related("employee__position"))
        assert rows
        for a in rows:
            assert a.assessed_on < date(AS_OF.year - 1, AS_OF.month, AS_OF.day)
            assert a.standard == competency_standard(a.employee.position.level)
            levels = {k: v for k, v in a.levels.items()}
            assert a.jpm == jpm(levels, a.standard).quantize(Decimal("0.000001"))
            assert set(a.potential_aspects) == set(g.ASPECTS)

    def test_every_role_has_its_demo_account_with_the_right_scope(self, shared_demo_province):
        inst = shared_demo_province.instansi
        accounts = shared_demo_province.accounts
        assert set(accounts) == {u for u, *_ in g.ACCOUNTS}
        everyone = Employee.objects.filter(instansi=inst).count()
        for username in ("admin", "analis", "komite", "pimpinan", "auditor"):
            user = accounts[username]
            assert user.role == username and user.instansi == inst
            assert scope.employees_for(user).count() == everyone
        kepala = accounts["kepala-opd"]
        assert kepala.unit.parent is None and kepala.unit.name == "Dinas Kesehatan"
        assert kepala.employee.position.unit == kepala.unit and kepala.employee.position.heads_unit
        seen = scope.employees_for(kepala)
        assert 0 < seen.count() < everyone
        assert all(e.unit.opd_id == kepala.unit.pk for e in seen.select_related("unit"))
        pegawai = accounts["pegawai"]
        assert list(scope.employees_for(pegawai)) == [pegawai.employee]
        assert pegawai.employee.position.kind != "struktural"
        assert accounts["komite-sekda"].employee.position.name == "Sekretaris Daerah"
        assert accounts["komite-bkd"].employee.position.name == "Kepala Badan Kepegawaian Daerah"
        assert all(u.check_password(u.raw_password) for u in accounts.values())

    def test_if_empty_does_nothing_on_a_database_with_employees(self, shared_demo_province):
        before = _digest()
        out = StringIO()
        call_command("demo", "--if-empty", "--size", "50", stdout=out, stderr=StringIO())
        assert "already has" in out.getvalue()
        assert _digest() == before

    def test_demo_refuses_to_overwrite_without_reset_and_reset_regenerates(self, shared_demo_province):
        with pytest.raises(CommandError):
            call_command("demo", "--size", "60", stdout=StringIO(), stderr=StringIO())
        out = StringIO()
        call_command("demo", "--reset", "--size", "80", "--seed", "3", stdout=out, stderr=StringIO())
        # --size is the province's; the command also builds the kabupaten/kota of the region (issue #18),
        # one of whose employees the demo moves to the province (an installed mutasi).
        from talenta.placement.models import Mutasi

        moved = Mutasi.objects.filter(stage="installed").values("employee_id")
        assert Employee.objects.filter(instansi__kode="6200").exclude(pk__in=moved).count() == 80
        assert User.objects.filter(username="pegawai", employee__isnull=False).exists()
        assert "http://127.0.0.1:8000/" in out.getvalue()
        assert "pegawai" in out.getvalue()
        # The accounts' table keeps its columns, the region's longer usernames included.
        listing = out.getvalue().split("Demo accounts", 1)[1].splitlines()
        rows = [line for line in listing if line.startswith("  ")]
        column = rows[0].index("password")
        assert any(line.split()[0] == "pengawas-wilayah" for line in rows)
        for line in rows[1:]:
            assert line[column - 1] == " " and line[:column].strip() == line.split()[0], line

    def test_the_demo_passes_check_data_with_no_error(self, shared_demo_province):
        """Issue 13: the demo obeys the rules (as of the demo's own date): no pelaksana at IV/a, nobody active
        past BUP, no JPM off the scale nor potential above 100, nobody assessed before his TMT CPNS."""
        out = StringIO()
        call_command(
            "check-data",
            "--instansi",
            str(shared_demo_province.instansi.pk),
            "--as-of",
            AS_OF.isoformat(),
            stdout=out,
        )
        assert out.getvalue().splitlines()[-1].startswith("0 kesalahan")


def test_installed_apps_demo_modules_are_seeded_and_counted(monkeypatch):
    calls = []

    def seed(*, instansi, seed, size, as_of, progress):
        calls.append((instansi.kode, seed, size, as_of))
        return {"talent.Thing": 3}

    monkeypatch.setattr(g, "_demo_modules", lambda: [("talenta.fake", SimpleNamespace(seed=seed))])
    summary = g.generate(size=60, seed=5)
    assert calls == [("6200", 5, 60, AS_OF)]
    assert summary.counts["talent.Thing"] == 3


def test_demo_generate_task_runs_as_a_job():
    from talenta.demo.tasks import demo_generate_task

    job = Job.objects.create(kind="demo", label="Demo")
    demo_generate_task.enqueue(job.pk, size=60, seed=1)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.result["counts"]["people.Employee"] == 60
    assert Employee.objects.count() == 60


@pytest.mark.slow
def test_the_demo_made_today_passes_check_data_today(reference):
    """`talenta demo` without --as-of makes the data of today, so `talenta check-data` (today) finds no
    error in it: the demo a newcomer gets from `make run` obeys the rules on the day it is made."""
    from django.utils import timezone

    out = StringIO()
    call_command("demo", "--size", "400", "--seed", "7", stdout=out, stderr=StringIO())
    assert f"as of {timezone.localdate().isoformat()}" in out.getvalue()
    out = StringIO()
    call_command("check-data", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("0 kesalahan"), out.getvalue()[-2000:]


def test_the_demo_leaves_the_planner_statistics_of_what_it_wrote(demo_province):
    # PostgreSQL: without ANALYZE after the bulk load the planner guessed 9 employees for an instansi of
    # 12,000 and sorted every row for a page of 25. SQLite keeps no statistics: nothing to do there.
    from django.db import connection

    from talenta.core.dbstats import refresh_planner_statistics

    if connection.vendor != "postgresql":
        assert refresh_planner_statistics() is False
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'people_employee'")
        (estimate,) = cursor.fetchone()
    assert estimate == Employee.objects.count() == 300


def test_statistics_of_the_named_tables_only_count_the_transactions_own_rows(demo_province):
    # A stage of the demo refreshes the statistics of the tables it just filled (the profiling demo: the
    # participants and waves) before querying them, inside the demo's transaction.
    from django.db import connection

    from talenta.core.dbstats import refresh_planner_statistics
    from talenta.profiling.models import Participant, Wave

    if connection.vendor != "postgresql":
        assert refresh_planner_statistics(only=[Participant, Wave]) is False
        return

    def estimate(table: str) -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return cursor.fetchone()[0]

    from talenta.people.models import Instansi

    instansi = Instansi.objects.count()
    assert estimate("people_instansi") == instansi
    assert Participant.objects.exists()
    Participant.objects.all().delete()
    for i in range(5):
        Instansi.objects.create(bkn_id=f"X{i}", kode=f"99{i}", name=f"Instansi uji {i}", short_name=f"U{i}")
    assert refresh_planner_statistics(only=[Participant, Wave]) is True
    assert estimate("profiling_participant") == 0
    assert estimate("people_instansi") == instansi  # not named: not analysed again
    assert refresh_planner_statistics() is True
    assert estimate("people_instansi") == instansi + 5


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_name_the_demo_stores_reads_in_indonesian_whatever_the_language(language):
    """The filling process's name is stored and shown as it is: its month is Indonesian ("Desember 2026",
    not "December 2026"), whatever language the command runs in."""
    from django.utils import translation

    from talenta.placement.demo import _month_year

    bulan = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ]
    with translation.override(language):
        assert [_month_year(date(2026, m, 6)) for m in range(1, 13)] == [f"{b} 2026" for b in bulan]
