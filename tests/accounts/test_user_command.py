from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from talenta.accounts.models import User
from talenta.core.models import AuditEntry
from tests.people.factories import EmployeeFactory, InstansiFactory, OtherInstansiFactory, UnitFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("user", "create", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_creates_admin_in_the_only_instansi_with_a_working_password(rf):
    instansi = InstansiFactory()
    password, _ = run("budi", "--role", "admin")
    user = User.objects.get(username="budi")
    assert (user.role, user.instansi) == ("admin", instansi)
    assert authenticate(rf.post("/"), username="budi", password=password) == user
    assert AuditEntry.objects.filter(action="user.create", target_id=str(user.pk)).exists()


def test_instansi_by_bkn_id_when_several_exist():
    InstansiFactory()
    other = OtherInstansiFactory()
    run("sari", "--role", "auditor", "--instansi", other.bkn_id)
    assert User.objects.get(username="sari").instansi == other


def test_several_instansi_without_flag_is_an_error():
    InstansiFactory()
    OtherInstansiFactory()
    with pytest.raises(CommandError, match="--instansi"):
        run("sari", "--role", "auditor")
    assert not User.objects.exists()


def test_unknown_instansi_id_is_an_error():
    InstansiFactory()
    with pytest.raises(CommandError, match="No instansi with BKN id 'XYZ'"):
        run("sari", "--role", "auditor", "--instansi", "XYZ")


def test_kepala_opd_without_unit_is_an_error():
    InstansiFactory()
    with pytest.raises(CommandError, match="--unit"):
        run("kepala", "--role", "kepala-opd")
    assert not User.objects.exists()


def test_kepala_opd_with_unit():
    unit = UnitFactory(bkn_unor_id="UNOR-1")
    run("kepala", "--role", "kepala-opd", "--unit", "UNOR-1")
    assert User.objects.get(username="kepala").unit == unit


def test_pegawai_without_employee_is_an_error():
    InstansiFactory()
    with pytest.raises(CommandError, match="--employee"):
        run("peg", "--role", "pegawai")


def test_pegawai_with_employee():
    employee = EmployeeFactory()
    run("peg", "--role", "pegawai", "--employee", employee.nip)
    assert User.objects.get(username="peg").employee == employee


def test_unit_of_another_instansi_is_an_error():
    home = InstansiFactory()
    UnitFactory(instansi=OtherInstansiFactory(), bkn_unor_id="UNOR-B")
    with pytest.raises(CommandError, match="bukan unit kerja instansi ini"):
        run("kepala", "--role", "kepala-opd", "--unit", "UNOR-B", "--instansi", home.bkn_id)
    assert not User.objects.exists()


def test_employee_of_another_instansi_is_an_error():
    home = InstansiFactory()
    employee = EmployeeFactory(unit=UnitFactory(instansi=OtherInstansiFactory()))
    with pytest.raises(CommandError, match="bukan pegawai instansi ini"):
        run("peg", "--role", "pegawai", "--employee", employee.nip, "--instansi", home.bkn_id)


def test_taken_username_is_an_error():
    InstansiFactory()
    run("budi", "--role", "admin")
    with pytest.raises(CommandError, match="sudah dipakai"):
        run("budi", "--role", "analis")


def test_the_operator_gives_the_regional_role_on_the_command_line():
    instansi = InstansiFactory()
    run("kanreg", "--role", "regional")
    assert (User.objects.get(username="kanreg").role, User.objects.get(username="kanreg").instansi) == (
        "regional",
        instansi,
    )
