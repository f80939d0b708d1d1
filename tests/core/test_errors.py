"""Friendly error pages with DEBUG off: no traceback, no settings, the right status."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import path

from talenta import urls as project_urls


def boom(request):
    raise RuntimeError("secret-internal-detail")


urlpatterns = [*project_urls.urlpatterns, path("boom/", boom)]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_500_is_friendly_and_leaks_nothing(make_user):
    from tests.people.factories import InstansiFactory

    client = Client(raise_request_exception=False)
    client.force_login(make_user("analis", instansi=InstansiFactory()))
    r = client.get("/boom/")
    assert r.status_code == 500
    assert "secret-internal-detail" not in r.text and "Traceback" not in r.text
    assert "Terjadi kesalahan" in r.text


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_404_and_403_are_friendly(client, make_user):
    from tests.people.factories import InstansiFactory

    client.force_login(
        make_user("pegawai-less", instansi=InstansiFactory(), username="x")
        if False
        else make_user("auditor", instansi=InstansiFactory())
    )
    r = client.get("/pegawai/999999/")
    assert r.status_code == 404 and "Halaman tidak ditemukan" in r.text and "Traceback" not in r.text
    user = make_user("komite", instansi=InstansiFactory(), username="nobody")
    user.role = ""
    user.save()
    client.force_login(user)
    r = client.get("/pegawai/")
    assert r.status_code == 403 and "tidak memiliki akses" in r.text


def test_every_response_varies_on_hx_request_so_back_never_shows_a_fragment(client, django_user_model):
    from talenta.accounts.roles import Role

    user = django_user_model.objects.create_user(username="v-analis", password="x", role=Role.ANALIS)
    client.force_login(user)
    full = client.get("/pegawai/?q=ami")
    fragment = client.get("/pegawai/?q=ami", HTTP_HX_REQUEST="true")
    assert "HX-Request" in full["Vary"] and "HX-Request" in fragment["Vary"]
    assert "no-store" in fragment["Cache-Control"]
