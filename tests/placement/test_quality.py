"""`talenta check-data` and the "Kualitas data" screen (issue 13): each kind finds its record, with the
person and the evidence, in the instansi asked for only."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from talenta.people.models import Employee, JabatanHistory, SkpHistory
from talenta.placement.quality import check_data
from talenta.placement.rules import quality as qr
from talenta.profiling.models import Assessment
from talenta.talent.models import MappingPeriod, MappingResult
from talenta.talent.rules.config import ConfigError, config_from_dict
from tests.people.factories import EmployeeFactory, OtherInstansiFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 1)


@pytest.fixture
def unit():
    return UnitFactory()


def _found(employees=None) -> dict[str, list[qr.Finding]]:
    return check_data(employees if employees is not None else Employee.objects.all(), today=TODAY)


def test_an_active_employee_past_his_retirement_date_is_an_error(unit):
    e = EmployeeFactory(
        unit=unit, birth_date=date(1968, 3, 15), tmt_cpns=date(1994, 3, 1)
    )  # BUP 58: 1 Apr 2026
    (f,) = _found()["past_bup"]
    assert (f.employee_id, f.severity) == (e.pk, qr.ERROR)
    assert f.evidence == "Pensiun 1 April 2026 (BUP 58), masih berstatus aktif"


def test_a_pelaksana_at_iv_a_is_an_error_unless_s3(unit):
    post = PositionFactory(unit=unit, kind="pelaksana", level="pelaksana", name="Pengadministrasi Umum")
    e = EmployeeFactory(unit=unit, position=post, golongan="41")
    assert [f.employee_id for f in _found()["pelaksana_high_rank"]] == [e.pk]
    Employee.objects.filter(pk=e.pk).update(education_level="50")
    assert _found()["pelaksana_high_rank"] == []


def test_an_assessment_before_the_cpns_date_is_an_error(unit):
    e = EmployeeFactory(unit=unit, birth_date=date(2001, 4, 23), tmt_cpns=date(2026, 1, 1), tmt_pns=None)
    Assessment.objects.create(employee=e, assessed_on=date(2025, 11, 18), standard={})
    (f,) = _found()["assessment_before_cpns"]
    assert f.evidence == "Asesmen 18 November 2025 sebelum TMT CPNS 1 Januari 2026"


def test_a_jpm_above_what_the_standard_allows_is_an_error(unit):
    e = EmployeeFactory(unit=unit)
    std = dict.fromkeys(("M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "S1"), 3)
    Assessment.objects.create(
        employee=e,
        assessed_on=date(2025, 1, 6),
        standard=std,
        jpm="216.67",
        **dict.fromkeys(("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "s1"), "4.0"),
    )
    (f,) = _found()["jpm_above_scale"]
    assert "JPM 216,67 di atas batas standar (166,67)" in f.evidence


def test_a_plt_without_a_definitive_post_is_an_error(unit):
    e = EmployeeFactory(unit=unit)
    post = PositionFactory(
        unit=unit, kind="struktural", level="administrator", eselon="31", acting_holder=e, acting_kind="plt"
    )
    (f,) = _found()["plt_without_post"]
    assert f.employee_id == e.pk and post.name in f.evidence


def test_a_rank_outside_the_eselon_range_is_a_warning(unit):
    post = PositionFactory(
        unit=unit, kind="struktural", level="administrator", eselon="31", name="Sekretaris"
    )
    EmployeeFactory(unit=unit, position=post, golongan="33")
    (f,) = _found()["rank_outside_eselon"]
    assert f.severity == qr.WARNING and "III/c" in f.evidence


def test_check_data_looks_only_at_the_instansi_asked_for(unit):
    EmployeeFactory(unit=unit, birth_date=date(1968, 3, 15), tmt_cpns=date(1994, 3, 1))
    other = EmployeeFactory(unit=UnitFactory(instansi=OtherInstansiFactory()))
    assert _found(Employee.objects.filter(instansi=other.instansi))["past_bup"] == []
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("check-data", "--as-of", TODAY.isoformat(), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["errors"] == 1 and data["kinds"]["past_bup"]["count"] == 1


def test_the_distribution_guide_of_rules_2():
    assert qr.distribution(["baik"] * 8 + ["sangat_baik", "butuh_perbaikan"]).problems() == [
        ("too_many_baik", {"baik": 8, "total": 10, "max_share": "0.70"})
    ]
    assert qr.distribution(["baik"] * 7 + ["sangat_baik"] * 3).problems() == [("none_below", {"total": 10})]
    assert qr.distribution(["baik"] * 7 + ["kurang", "sangat_baik", "sangat_baik"]).problems() == []


def test_the_data_quality_screen_lists_the_instansi_findings(client, unit, make_user):
    e = EmployeeFactory(unit=unit, birth_date=date(1968, 3, 15), tmt_cpns=date(1994, 3, 1))
    EmployeeFactory(
        unit=UnitFactory(instansi=OtherInstansiFactory()),
        birth_date=date(1960, 1, 1),
        tmt_cpns=date(1986, 1, 1),
    )
    client.force_login(make_user("analis", instansi=unit.instansi))
    r = client.get(reverse("placement:data-quality"))
    assert r.status_code == 200
    assert e.nip in r.text and "Masih aktif melewati tanggal pensiun" in r.text
    assert "1960-01-01" not in r.text and r.text.count("masih berstatus aktif") == 1


def test_evidence_numbers_are_written_the_indonesian_way():
    assert qr.id_decimal(Decimal("216.666")) == "216,67"
    assert qr.id_decimal(1234.5, 1) == "1.234,5"
    assert qr.id_decimal(Decimal("0.125")) == "0,13"  # half up, as people round
    assert qr.id_decimal(7, 0) == "7"


@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False))
def test_id_decimal_reads_back_to_the_same_value(x):
    text = qr.id_decimal(x)
    assert "." not in text.rpartition(",")[2]
    assert Decimal(text.replace(".", "").replace(",", ".")) == x


def _opd_with_predikat(unit, predikat: list[str]) -> None:
    for p in predikat:
        e = EmployeeFactory(unit=unit)
        SkpHistory.objects.create(employee=e, year=TODAY.year - 1, predikat=p)


def test_the_distribution_share_comes_from_the_instansi_finalised_mapping_period(unit):
    assert unit.opd_id is not None
    _opd_with_predikat(unit, ["baik"] * 7 + ["kurang", "sangat_baik", "sangat_baik"])  # 70% Baik
    assert _found()["org_distribution"] == []  # RULES.md §2's default: at most 70%
    MappingPeriod.objects.create(
        instansi=unit.instansi,
        name="Pemetaan 2025",
        as_of=date(2025, 12, 31),
        config={"distribution_max_baik_share": 0.6},
        status=MappingPeriod.Status.FINALISED,
    )
    with translation.override("id"):
        [f] = _found()["org_distribution"]
    assert f.params["problems"] == ["too_many_baik"]
    assert f.params["max_baik_share"] == "0.6" and f.params["setting_from"] == "Pemetaan 2025"
    assert f.evidence == "SKP 2025: 7 dari 10 pegawai Baik (lebih dari 60%)"


def test_a_draft_period_does_not_change_the_distribution_share(unit):
    _opd_with_predikat(unit, ["baik"] * 7 + ["kurang", "sangat_baik", "sangat_baik"])
    MappingPeriod.objects.create(
        instansi=unit.instansi,
        name="Draf",
        as_of=date(2025, 12, 31),
        config={"distribution_max_baik_share": 0.5},
    )
    assert _found()["org_distribution"] == []


def test_the_distribution_share_is_validated():
    with pytest.raises(ConfigError):
        config_from_dict({"distribution_max_baik_share": 1.5})
    assert config_from_dict({}).distribution_max_baik_share == 0.70
    assert config_from_dict({}).jpm_display_cap is False


def test_a_potential_score_above_100_is_an_error(unit):
    e = EmployeeFactory(unit=unit)
    period = MappingPeriod.objects.create(
        instansi=unit.instansi, name="Pemetaan 2025", as_of=date(2025, 12, 31)
    )
    MappingResult.objects.create(period=period, employee=e, jpm=216.67, potential_score=146.53)
    (f,) = _found()["potential_above_scale"]
    assert (f.employee_id, f.severity) == (e.pk, qr.ERROR)
    assert "146,53" in f.evidence and "Pemetaan 2025" in f.evidence  # Indonesian decimals (#15)


def test_missing_skp_years_are_a_warning_but_not_before_the_cpns_year(unit):
    old = EmployeeFactory(unit=unit, tmt_cpns=date(2010, 3, 1))
    SkpHistory.objects.create(employee=old, year=2025, predikat="baik")  # 2024 missing
    new = EmployeeFactory(unit=unit, tmt_cpns=date(2025, 3, 1))  # no SKP due for 2024 or 2025 yet
    found = _found()["skp_missing"]
    assert [(f.employee_id, f.params["years"], f.severity) for f in found] == [(old.pk, [2024], qr.WARNING)]
    assert new.pk not in {f.employee_id for f in found}


def test_two_definitive_holders_of_one_post_are_an_error(unit):
    post = PositionFactory(unit=unit, kind="struktural", level="administrator", eselon="31")
    a, b = EmployeeFactory(unit=unit), EmployeeFactory(unit=unit)
    for e in (a, b):
        JabatanHistory.objects.create(
            employee=e,
            unit=unit,
            position=post,
            level="administrator",
            jabatan_name=post.name,
            tmt=date(2024, 1, 2),
        )
    found = _found()["duplicate_holders"]
    assert sorted(f.employee_id for f in found) == sorted([a.pk, b.pk])
    assert all(f.severity == qr.ERROR and f.params["position_id"] == post.pk for f in found)


def test_an_undated_old_post_is_not_the_latest_on_any_database(unit):
    """SQLite sorts NULL first and PostgreSQL last: an undated row must not become someone's current post."""
    old, new = (PositionFactory(unit=unit, kind="struktural", level="administrator") for _ in range(2))
    a, b = EmployeeFactory(unit=unit), EmployeeFactory(unit=unit)
    JabatanHistory.objects.create(employee=a, position=new, jabatan_name=new.name, tmt=date(2024, 1, 2))
    JabatanHistory.objects.create(employee=a, position=old, jabatan_name=old.name, tmt=None)
    JabatanHistory.objects.create(employee=b, position=old, jabatan_name=old.name, tmt=date(2023, 5, 1))
    assert _found()["duplicate_holders"] == []


def test_a_corrected_skp_counts_once_in_the_distribution_guide(unit):
    # 7 of 10 Baik is within the 70% guide; three of the others were first entered as Baik and corrected:
    # counted twice, 10 of 13 would be Baik (77%) and the OPD would be flagged.
    _opd_with_predikat(unit, ["baik"] * 7)
    for p in ("kurang", "sangat_baik", "sangat_baik"):
        e = EmployeeFactory(unit=unit)
        SkpHistory.objects.create(employee=e, year=TODAY.year - 1, predikat="baik")
        SkpHistory.objects.create(employee=e, year=TODAY.year - 1, predikat=p)
    assert _found()["org_distribution"] == []
    # The other way round: the correction is what counts, so 8 Baik of 10 is flagged.
    e = SkpHistory.objects.get(predikat="kurang").employee
    SkpHistory.objects.create(employee=e, year=TODAY.year - 1, predikat="baik")
    [f] = _found()["org_distribution"]
    assert "8" in f.evidence and "10" in f.evidence
