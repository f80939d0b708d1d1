"""Factories with realistic values: valid NIPs derived from birth date, CPNS date and sex."""

from __future__ import annotations

from datetime import date

import factory

from talenta.people.models import Employee, Instansi, Position, SkpHistory, Unit
from talenta.people.rules.nip import make_nip
from talenta.people.services import unit_create

BANTEN_BKN_ID = "A5EB03E23B9DF6A0E040640A040252AD"


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi
        django_get_or_create = ("bkn_id",)

    bkn_id = BANTEN_BKN_ID
    kode = "6200"
    name = "Pemerintah Provinsi Banten"
    short_name = "Pemprov Banten"
    kind = Instansi.Kind.PROVINSI


class OtherInstansiFactory(InstansiFactory):
    bkn_id = "A5EB03E23B46F6A0E040640A040252AD"
    kode = "6201"
    name = "Pemerintah Kab. Serang"
    short_name = "Kab. Serang"
    kind = Instansi.Kind.KABUPATEN


class UnitFactory(factory.django.DjangoModelFactory):
    """Creates units through the service so path/depth/opd are right."""

    class Meta:
        model = Unit

    instansi = factory.SubFactory(InstansiFactory)
    parent = None
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    kind = Unit.Kind.OPD
    eselon = "21"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        instansi = kwargs.pop("instansi")
        parent = kwargs.pop("parent", None)
        name = kwargs.pop("name")
        kwargs.pop("path", None)
        return unit_create(instansi=instansi, parent=parent, name=name, **kwargs)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    unit = factory.SubFactory(UnitFactory)
    instansi = factory.SelfAttribute("unit.instansi")
    name = factory.Sequence(lambda n: f"Analis Kebijakan {n}")
    kind = Position.Kind.FUNGSIONAL
    level = "jf_ahli_muda"
    bup = 58


class JptPositionFactory(PositionFactory):
    name = factory.LazyAttribute(lambda o: f"Kepala {o.unit.name}")
    kind = Position.Kind.STRUKTURAL
    level = "jpt_pratama"
    eselon = "21"
    heads_unit = True
    bup = 60


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    unit = factory.SubFactory(UnitFactory)
    instansi = factory.SelfAttribute("unit.instansi")
    name = factory.Faker("name", locale="id_ID")
    sex = Employee.Sex.MALE
    birth_date = date(1980, 5, 17)
    tmt_cpns = date(2006, 3, 1)
    tmt_pns = date(2007, 3, 1)
    golongan = "33"
    tmt_golongan = date(2020, 4, 1)
    tmt_jabatan = date(2021, 1, 4)
    education_level = "40"
    education_name = "S-1 Administrasi Publik"
    nip = factory.LazyAttributeSequence(
        lambda o, n: make_nip(
            birth_date=o.birth_date,
            cpns_year=o.tmt_cpns.year,
            cpns_month=o.tmt_cpns.month,
            sex=o.sex,
            serial=n % 999 + 1,
        )
    )


class SkpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkpHistory

    employee = factory.SubFactory(EmployeeFactory)
    year = 2025
    rating_hasil_kerja = "sesuai"
    rating_perilaku = "sesuai"
    predikat = "baik"
