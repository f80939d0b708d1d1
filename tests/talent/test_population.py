"""A period's population filter: validated by the service, set in the create and edit forms while the
period is a draft, stored on the period (audited), used by every run, frozen once finalised."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from talenta.core.models import AuditEntry
from talenta.talent import services
from talenta.talent.models import MappingPeriod, MappingResult
from tests.people.factories import InstansiFactory, OtherInstansiFactory, UnitFactory

from .factories import mappable_employee

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 1, 31)


@pytest.fixture
def org():
    instansi = InstansiFactory()
    dinas_a = UnitFactory(instansi=instansi, name="Dinas A")
    bidang = UnitFactory(instansi=instansi, name="Bidang A1", parent=dinas_a)
    dinas_b = UnitFactory(instansi=instansi, name="Dinas B")
    people = {
        "a_admin": mappable_employee(unit=dinas_a, level="administrator"),
        "a1_pengawas": mappable_employee(unit=bidang, level="pengawas"),
        "b_admin": mappable_employee(unit=dinas_b, level="administrator"),
        "b_pppk": mappable_employee(unit=dinas_b, level="pelaksana", status="pppk"),
    }
    return {"instansi": instansi, "dinas_a": dinas_a, "bidang": bidang, "dinas_b": dinas_b, **people}


def _mapped(period) -> set[int]:
    return set(MappingResult.objects.filter(period=period).values_list("employee_id", flat=True))


# Service ----------------------------------------------------------------------------------------------


def test_filter_is_normalised_stored_audited_and_used_by_the_run(org):
    period = services.period_create(
        instansi=org["instansi"], name="P", as_of=AS_OF,
        population={"unit_ids": [str(org["dinas_a"].pk), org["dinas_a"].pk], "levels": ["pengawas",
                    "administrator"], "statuses": []},
    )  # fmt: skip
    assert period.population == {"levels": ["administrator", "pengawas"], "unit_ids": [org["dinas_a"].pk]}
    entry = AuditEntry.objects.get(action="talent.period_create")
    assert entry.changes["population"] == period.population
    services.period_run(period=period)
    # Dinas A and the bidang below it; not Dinas B.
    assert _mapped(period) == {org["a_admin"].pk, org["a1_pengawas"].pk}
    assert AuditEntry.objects.get(action="talent.period_run").changes["population"] == period.population


def test_statuses_choose_the_jenis_pegawai(org):
    period = services.period_create(
        instansi=org["instansi"], name="P", as_of=AS_OF, population={"statuses": ["pppk"]}
    )
    services.period_run(period=period)
    assert _mapped(period) == {org["b_pppk"].pk}


@pytest.mark.parametrize(
    ("population", "words"),
    [
        ({"opd": [1]}, "kunci tidak dikenal opd"),
        ({"statuses": ["honorer"]}, "jenis pegawai: tidak dikenal honorer"),
        ({"levels": ["eselon_1"]}, "jenjang jabatan: tidak dikenal eselon_1"),
        ({"levels": "administrator"}, "jenjang jabatan: harus daftar kode"),
        ({"unit_ids": ["x"]}, "unit: harus daftar id unit"),
    ],
)
def test_bad_filters_are_refused_and_nothing_is_written(org, population, words):
    with pytest.raises(ValidationError, match=words):
        services.period_create(instansi=org["instansi"], name="P", as_of=AS_OF, population=population)
    assert not MappingPeriod.objects.exists()


def test_a_unit_of_another_instansi_is_refused(org):
    foreign = UnitFactory(instansi=OtherInstansiFactory(), name="Dinas Lain")
    with pytest.raises(ValidationError, match=f"id {foreign.pk} bukan unit instansi ini"):
        services.period_create(
            instansi=org["instansi"], name="P", as_of=AS_OF, population={"unit_ids": [foreign.pk]}
        )


def test_configure_replaces_the_filter_of_a_draft_and_the_rerun_follows(org):
    period = services.period_create(
        instansi=org["instansi"], name="P", as_of=AS_OF, population={"unit_ids": [org["dinas_b"].pk]}
    )
    services.period_run(period=period)
    assert _mapped(period) == {org["b_admin"].pk}
    services.period_configure(period=period, population={"unit_ids": [org["dinas_a"].pk]})
    entry = AuditEntry.objects.get(action="talent.period_configure")
    assert entry.changes["before"]["population"] == {"unit_ids": [org["dinas_b"].pk]}
    assert entry.changes["after"]["population"] == {"unit_ids": [org["dinas_a"].pk]}
    report = services.period_run(period=period)
    assert _mapped(period) == {org["a_admin"].pk, org["a1_pengawas"].pk}
    assert report.removed == 1 and any(m["changed"] == {"population": [True, False]} for m in report.moved)


def test_a_finalised_period_keeps_its_filter_and_replays_identically(org):
    period = services.period_create(
        instansi=org["instansi"], name="P", as_of=AS_OF, population={"levels": ["administrator"]}
    )
    services.period_run(period=period)
    services.period_finalise(period=period, by=None)
    with pytest.raises(ValidationError, match="sudah difinalisasi"):
        services.period_configure(period=period, population={})
    period.refresh_from_db()
    assert period.population == {"levels": ["administrator"]}
    assert services.period_replay(period=period) == []
    assert _mapped(period) == {org["a_admin"].pk, org["b_admin"].pk}


def test_configure_refuses_a_period_finalised_after_it_was_loaded(org):
    period = services.period_create(instansi=org["instansi"], name="P", as_of=AS_OF)
    services.period_run(period=period)
    stale = MappingPeriod.objects.get(pk=period.pk)
    services.period_finalise(period=period, by=None)
    with pytest.raises(ValidationError, match="sudah difinalisasi"):
        services.period_configure(period=stale, population={"levels": ["pengawas"]})
    assert MappingPeriod.objects.get(pk=period.pk).population == {}


# Screens ----------------------------------------------------------------------------------------------


def _login(client, make_user, org, role="analis"):
    client.force_login(make_user(role, instansi=org["instansi"]))
    return client


def test_create_form_sets_the_population(client, make_user, org):
    c = _login(client, make_user, org)
    html = c.get(reverse("talent:index")).content.decode()
    assert 'id="population"' in html and "Dinas A" in html and 'value="pns"' in html
    r = c.post(
        reverse("talent:period-create"),
        {
            "name": "Pemetaan Dinas A",
            "as_of": "2026-01-31",
            "preset": "default",
            "statuses": ["pns"],
            "levels": ["administrator", "pengawas"],
            "units": [org["dinas_a"].pk],
        },
    )
    period = MappingPeriod.objects.get(name="Pemetaan Dinas A")
    assert r.status_code == 302
    assert period.population == {
        "levels": ["administrator", "pengawas"],
        "statuses": ["pns"],
        "unit_ids": [org["dinas_a"].pk],
    }
    grid = c.get(reverse("talent:grid", args=[period.pk])).content.decode()
    assert "Dinas A (beserta unit di bawahnya)" in grid


def test_create_form_refuses_a_bad_choice_and_creates_nothing(client, make_user, org):
    foreign = UnitFactory(instansi=OtherInstansiFactory(), name="Dinas Lain")
    c = _login(client, make_user, org)
    r = c.post(
        reverse("talent:period-create"),
        {"name": "X", "as_of": "2026-01-31", "levels": ["raja"], "units": [foreign.pk]},
    )
    assert r.status_code == 422 and 'id="form-errors"' in r.content.decode()
    assert not MappingPeriod.objects.filter(name="X").exists()


@pytest.mark.parametrize(
    "unit", [str(2**63), str(10**30), "-9223372036854775809"], ids=["2^63", "10^30", "below"]
)
def test_a_unit_id_past_64_bits_is_the_forms_error_not_a_crash(client, make_user, org, unit):
    # Django's multiple choice sent it to the database in an IN (...): SQLite's driver cannot bind it (500).
    c = _login(client, make_user, org)
    r = c.post(reverse("talent:period-create"), {"name": "X", "as_of": "2026-01-31", "units": [unit]})
    assert r.status_code == 422 and 'id="form-errors"' in r.content.decode()
    assert not MappingPeriod.objects.filter(name="X").exists()


def test_edit_form_changes_a_draft(client, make_user, org):
    period = services.period_create(instansi=org["instansi"], name="P", as_of=AS_OF)
    c = _login(client, make_user, org)
    url = reverse("talent:period-edit", args=[period.pk])
    html = c.get(url).content.decode()
    assert (
        'id="period-form"' in html and "disabled" not in html.split('id="period-form"')[1].split("</form>")[0]
    )
    assert f'href="{url}"' in c.get(reverse("talent:grid", args=[period.pk])).content.decode()
    form = _config_post(period, cfg_performance_combine="mean")
    r = c.post(
        url,
        {**form, "as_of": "2026-02-28", "statuses": ["pns", "pppk"], "units": [org["dinas_b"].pk]},
    )
    assert r.status_code == 302
    period.refresh_from_db()
    assert period.as_of == date(2026, 2, 28) and period.config["performance_combine"] == "mean"
    assert period.population == {"statuses": ["pns", "pppk"], "unit_ids": [org["dinas_b"].pk]}
    services.period_run(period=period)
    assert _mapped(period) == {org["b_admin"].pk, org["b_pppk"].pk}


def test_edit_form_shows_the_stored_filter(client, make_user, org):
    period = services.period_create(
        instansi=org["instansi"], name="P", as_of=AS_OF,
        population={"unit_ids": [org["bidang"].pk], "levels": ["pengawas"]},
    )  # fmt: skip
    html = (
        _login(client, make_user, org).get(reverse("talent:period-edit", args=[period.pk])).content.decode()
    )
    assert f'<option value="{org["bidang"].pk}" selected>' in html
    assert 'value="pengawas" id="id_levels_' in html and "checked" in html.split('value="pengawas"')[1][:40]


def test_edit_form_refuses_a_finalised_period(client, make_user, org):
    period = services.period_create(instansi=org["instansi"], name="P", as_of=AS_OF)
    services.period_run(period=period)
    services.period_finalise(period=period, by=None)
    c = _login(client, make_user, org)
    url = reverse("talent:period-edit", args=[period.pk])
    html = c.get(url).content.decode()
    assert 'id="period-final"' in html and 'id="save-period"' not in html
    assert 'id="edit-period"' not in c.get(reverse("talent:grid", args=[period.pk])).content.decode()
    r = c.post(url, {"as_of": "2026-02-28", "units": [org["dinas_b"].pk]})
    assert r.status_code == 422
    period.refresh_from_db()
    assert period.population == {} and period.as_of == AS_OF


def _config_post(period, **changes):
    """The edit form's configuration fields as the page fills them in, with `changes`."""
    from talenta.talent.forms import config_initial
    from talenta.talent.rules.config import config_from_dict, preset

    values = config_initial(config_from_dict(period.config, base=preset(period.preset)))
    values.update(changes)
    out = {}
    for k, v in values.items():
        if isinstance(v, bool):
            if v:
                out[k] = "on"
        elif v is not None:
            out[k] = str(v)
    return out


def test_edit_form_shows_the_configuration_as_fields_not_json(client, make_user, org):
    period = services.period_create(instansi=org["instansi"], name="P", as_of=AS_OF)
    html = (
        _login(client, make_user, org).get(reverse("talent:period-edit", args=[period.pk])).content.decode()
    )
    assert 'id="period-config"' in html and "<textarea" not in html
    assert 'name="cfg_w_jpm"' in html and 'name="cfg_ready_9"' in html


def test_edit_form_stores_only_what_differs_from_the_preset(client, make_user, org):
    period = services.period_create(instansi=org["instansi"], name="P", as_of=AS_OF)
    c = _login(client, make_user, org)
    url = reverse("talent:period-edit", args=[period.pk])
    before = dict(period.config)
    r = c.post(url, {**_config_post(period), "as_of": "2026-02-28", "statuses": ["pns"]})
    assert r.status_code == 302
    period.refresh_from_db()
    assert period.config == before
    changed = _config_post(
        period, cfg_w_jpm="0.6", cfg_w_potential="0.3", cfg_jpm_display_cap=True, cfg_ready_7="siap_sekarang"
    )
    assert c.post(url, {**changed, "as_of": "2026-02-28", "statuses": ["pns"]}).status_code == 302
    period.refresh_from_db()
    assert period.config["weights"] == {"jpm": 0.6, "potential": 0.3, "track_record": 0.1}
    assert period.config["jpm_display_cap"] is True and period.config["readiness"]["7"] == "siap_sekarang"
    assert period.config["performance_combine"] == before["performance_combine"]


def test_edit_form_refuses_weights_not_adding_up_and_changes_nothing(client, make_user, org, settings):
    period = services.period_create(instansi=org["instansi"], name="P", as_of=AS_OF)
    before = dict(period.config)
    c = _login(client, make_user, org)
    bad = _config_post(period, cfg_w_jpm="0.9")
    r = c.post(reverse("talent:period-edit", args=[period.pk]), {**bad, "as_of": "2026-02-28"})
    assert r.status_code == 422
    assert 'id="form-errors"' in r.content.decode()
    # The setting at fault is named in words, with the sum it has, never by its key.
    errors = r.content.decode().split('id="form-errors"', 1)[1].split("</div></div>", 1)[0]
    assert "Bobot harus tidak negatif dan berjumlah 1 (jumlahnya 1,40)." in errors
    assert "weights" not in errors
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = c.post(reverse("talent:period-edit", args=[period.pk]), {**bad, "as_of": "2026-02-28"})
    assert (
        "The weights must not be negative and must add up to 1 (they add up to 1.40)." in r.content.decode()
    )
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    r = c.post(
        reverse("talent:period-edit", args=[period.pk]),
        {**_config_post(period, cfg_w_jpm="x"), "as_of": "2026-02-28"},
    )
    assert r.status_code == 422
    period.refresh_from_db()
    assert period.as_of == AS_OF and period.config == before


@pytest.mark.parametrize("role", ["komite", "pimpinan", "auditor"])
def test_only_admin_and_analis_edit_a_period(client, make_user, org, role):
    period = services.period_create(instansi=org["instansi"], name="P", as_of=AS_OF)
    c = _login(client, make_user, org, role)
    url = reverse("talent:period-edit", args=[period.pk])
    assert c.get(url).status_code == 403
    assert c.post(url, {"as_of": "2026-02-28", "units": [org["dinas_b"].pk]}).status_code == 403
    assert c.post(reverse("talent:period-create"), {"name": "Y", "as_of": "2026-01-31"}).status_code == 403
    period.refresh_from_db()
    assert period.population == {} and not MappingPeriod.objects.filter(name="Y").exists()


def test_another_instansis_period_is_absent(client, make_user, org):
    period = services.period_create(instansi=org["instansi"], name="P", as_of=AS_OF)
    client.force_login(make_user("analis", username="analis-lain", instansi=OtherInstansiFactory()))
    url = reverse("talent:period-edit", args=[period.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"as_of": "2026-02-28"}).status_code == 404
