"""The SIASN API router, tested on its own until the project's NinjaAPI mounts it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from ninja.testing import TestClient

from talenta.api.siasn import router
from talenta.people.models import Employee
from tests.people.factories import InstansiFactory
from tests.siasn.factories import SAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return TestClient(router)


def test_upload_preview_then_confirm(
    client, make_user, refs, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path
    user = make_user("admin", instansi=InstansiFactory())
    upload = SimpleUploadedFile("data-utama.json", (SAMPLES / "data-utama.json").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            "/imports", data={"format": "auto"}, FILES=MultiValueDict({"files": [upload]}), user=user
        )
    assert r.status_code == 202, r.content
    run_id = r.json()["id"]
    detail = client.get(f"/imports/{run_id}", user=user).json()
    assert detail["status"] == "preview" and detail["counts"]["data-utama"]["created"] == 1
    assert not Employee.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/imports/{run_id}/confirm", user=user)
    assert r.status_code == 202
    assert client.get(f"/imports/{run_id}", user=user).json()["status"] == "succeeded"
    assert Employee.objects.count() == 1


def test_pegawai_role_is_refused(client, make_user, refs):
    from tests.people.factories import EmployeeFactory

    e = EmployeeFactory()
    user = make_user("pegawai", instansi=e.instansi, employee=e)
    assert client.get("/imports", user=user).status_code == 403
