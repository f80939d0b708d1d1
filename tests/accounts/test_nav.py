"""The main menu is rendered once per distinct input and reused (accounts/nav.py): the kept menu must be the
one a fresh render gives, and nothing of one user's menu may reach another's."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from talenta.accounts import nav
from talenta.accounts.roles import Role
from tests.access.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    nav._memo.clear()
    return build_world()


def menu(client, user, path="/"):
    client.force_login(user)
    response = client.get(path, follow=True)  # 2FA roles land on the setup page, a Pegawai on his card
    assert response.status_code == 200
    html = response.content.decode()
    found = re.search(r'<nav class="tl-sidebar.*?</nav>', html, re.S)
    assert found, "no sidebar"
    return found.group(0)


def test_every_role_gets_the_menu_a_fresh_render_gives(client, world):
    for role in Role:
        user = world.a.users[role.value]
        kept = menu(client, user)
        assert kept == menu(client, user)  # the second page reads the kept menu
        nav._memo.clear()
        assert menu(client, user) == kept, role


def test_each_employee_gets_his_own_profile_link(client, world):
    first = menu(client, world.a.users["pegawai"])
    second = menu(client, world.b.users["pegawai"])
    assert reverse("people:employee-detail", args=[world.a.employee.pk]) in first
    assert reverse("people:employee-detail", args=[world.b.employee.pk]) in second
    assert reverse("people:employee-detail", args=[world.a.employee.pk]) not in second


def test_the_menu_follows_the_role_the_page_and_the_language(client, world):
    analis = menu(client, world.a.users["analis"], "/pegawai/")
    assert re.search(r'class="nav-link active" href="/pegawai/"', analis)
    assert not re.search(r'class="nav-link active" href="/"', analis)
    assert "Pegawai" in analis or "Employees" in analis
    pegawai = menu(client, world.a.users["pegawai"])
    assert 'href="/pegawai/"' not in pegawai  # a Pegawai has no employee list
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        english = menu(client, world.a.users["analis"], "/pegawai/")
    assert english != analis


def test_each_page_marks_one_menu_entry_as_current(client, world):
    # Mutasi is its own entry: its pages (placement:mutasi-*) are not also "Penempatan".
    analis = world.a.users["analis"]
    for page in ("/pegawai/", reverse("placement:vacancies"), reverse("placement:mutasi-list")):
        current = re.findall(r'class="nav-link active" href="([^"]+)"', menu(client, analis, page))
        assert current == [page], (page, current)


def test_a_role_change_changes_the_menu_at_once(client, world):
    user = world.a.users["analis"]
    before = menu(client, user)
    user.role = Role.PEGAWAI
    user.employee = world.a.colleague
    user.save()
    after = menu(client, user)
    assert after != before and 'href="/pegawai/"' not in after


@override_settings(DEBUG=True)
def test_nothing_is_kept_while_templates_may_change(client, world):
    menu(client, world.a.users["analis"])
    assert nav._memo == {}
