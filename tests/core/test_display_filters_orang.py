"""A user is shown as the person he is (the `orang` filter), never as his login name when a name is known;
so is an actor a record stores by username (the `pelaku` filter)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db


def _render(user) -> str:
    return Template("{% load talenta %}{{ u|orang }}").render(Context({"u": user}))


def test_a_user_with_a_name_is_named_and_one_without_by_username(make_user):
    named = make_user("analis", username="analis-bkd")
    named.first_name, named.last_name = "Ratna Sari", "Dewi"
    assert _render(named) == "Ratna Sari Dewi"
    assert _render(make_user("auditor", username="auditor-1")) == "auditor-1"
    assert _render(None) == "–"


def test_a_user_linked_to_an_employee_is_named_as_the_employee(make_user):
    from tests.people.factories import EmployeeFactory

    emp = EmployeeFactory()
    user = make_user("pegawai", username="pegawai-1", instansi=emp.instansi, employee=emp)
    user.first_name = "Nama Akun"
    assert _render(user) == emp.full_name


def _actor(username, *args) -> str:
    arg = ':"tak seorang pun"' if args else ""
    return Template("{% load talenta %}{{ u|pelaku" + arg + " }}").render(Context({"u": username}))


def test_a_stored_username_reads_as_the_person_it_names(make_user):
    """Records keep the username an actor acted with (`decided_by` …); a page names the person."""
    from talenta.core.display import forget_actors
    from tests.people.factories import EmployeeFactory

    emp = EmployeeFactory()
    make_user("pimpinan", username="gubernur", instansi=emp.instansi, employee=emp)
    named = make_user("analis", username="analis-bkd")
    named.first_name = "Ratna"
    named.save()
    forget_actors()
    assert _actor("gubernur") == emp.full_name
    assert _actor("analis-bkd") == "Ratna"
    # No account by that name (a record made by a command, or loaded from elsewhere): as stored.
    assert _actor("akun-lama") == "akun-lama"
    assert _actor("") == "–" and _actor(None) == "–"
    assert _actor("", "nobody") == "tak seorang pun"


def test_a_page_looks_each_actor_up_once_and_every_request_afresh(make_user, django_assert_num_queries):
    from django.core.signals import request_started

    from talenta.core.display import actor, forget_actors

    # Each request starts by forgetting (the signal also closes old database connections, which a test's
    # transaction cannot have: the receiver is called here as the signal would call it).
    assert forget_actors in request_started._live_receivers(None)[0]
    user = make_user("analis", username="analis-bkd")
    user.first_name = "Ratna"
    user.save()
    forget_actors()
    with django_assert_num_queries(1):
        assert [actor("analis-bkd") for _ in range(5)] == ["Ratna"] * 5
    user.first_name = "Ratna Sari"
    user.save()
    assert actor("analis-bkd") == "Ratna"  # the same request
    forget_actors()  # the next request reads the new name
    assert actor("analis-bkd") == "Ratna Sari"


def test_a_thread_serving_no_request_looks_a_name_up_again_after_the_memo_expires(make_user, monkeypatch):
    """A background job is served no request, so nothing forgets for it: a name it looked up is read again
    once ACTOR_MEMO_SECONDS have passed (and not before)."""
    from talenta.core import display

    clock = [1000.0]
    monkeypatch.setattr(display, "monotonic", lambda: clock[0])
    user = make_user("analis", username="analis-bkd")
    user.first_name = "Ratna"
    user.save()
    display.forget_actors()
    assert display.actor("analis-bkd") == "Ratna"
    user.first_name = "Ratna Sari"
    user.save()
    clock[0] += display.ACTOR_MEMO_SECONDS - 0.001
    assert display.actor("analis-bkd") == "Ratna"
    clock[0] += 0.001
    assert display.actor("analis-bkd") == "Ratna Sari"
