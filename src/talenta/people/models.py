"""The civil service: agencies, the unit tree, posts, employees and their histories.

Codes from BKN reference tables (golongan, eselon, agama, tingkat pendidikan, ...) are stored as strings
exactly as BKN sends them ("01", "05"): leading zeros matter. Values derived from dates (age, years of
service, years in rank and post, BUP, retirement date) are computed, never stored (see `rules/dates.py`).
Every history row keeps BKN's riwayat id and the keys Talenta does not model in `raw`.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talenta.people.rules import jabatan as jr
from talenta.people.rules.dates import full_years, retirement_date, years_months


def siasn_stamp() -> models.BigIntegerField:
    """The SIASN import that last wrote or confirmed the row (`siasn.stamps`): the import's start in
    nanoseconds. A database trigger turns it negative on any other write, so "every row an import left is
    still as it left it" is a count (a re-import of the same files then reads nothing). Never shown, never
    edited."""
    return models.BigIntegerField(null=True, blank=True, editable=False)


class Region(models.Model):
    """A province and its kabupaten/kota served together (issue #18): they share what each chooses to share,
    the Governor decides the moves between them, and a regional oversight role reads all of them."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def province(self) -> Instansi | None:
        """The province's government: its PPK (the Governor) decides moves between the region's instansi."""
        return self.instansi.filter(kind=Instansi.Kind.PROVINSI).first()


class Instansi(models.Model):
    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        PUSAT = "pusat", _("Instansi pusat")

    bkn_id = models.CharField(_("BKN instansi id"), max_length=64, unique=True)
    kode = models.CharField(_("kode cepat"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PROVINSI)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    satuan_kerja_id = models.CharField(_("BKN satuan kerja id"), max_length=64, blank=True)
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instansi",
        verbose_name=_("region"),
    )

    class Meta:
        ordering = ["kode", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A unit of organisation (unor). `path` is a materialised path of zero-padded ids ("000012.000034.")
    so a subtree is one indexed prefix query; `opd` is the top-level perangkat daerah the unit belongs to."""

    class Kind(models.TextChoices):
        OPD = "opd", _("Perangkat daerah")
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        BIRO = "biro", _("Biro")
        BIDANG = "bidang", _("Bidang/Bagian")
        SUBBAGIAN = "subbagian", _("Subbagian/Seksi")
        UPT = "upt", _("UPT/Cabang Dinas")
        SEKOLAH = "sekolah", _("Satuan pendidikan")
        LAIN = "lain", _("Lainnya")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    opd = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    bkn_unor_id = models.CharField(_("BKN unor id"), max_length=64, null=True, blank=True, unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.LAIN)
    eselon = models.CharField(_("eselon of its head"), max_length=2, blank=True)
    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField(default=0)
    order = models.PositiveIntegerField(default=0)
    raw = models.JSONField(default=dict, blank=True)
    siasn_stamp = siasn_stamp()

    class Meta:
        ordering = ["path"]
        indexes = [
            models.Index(fields=["instansi", "opd"], name="unit_instansi_opd_idx"),
            # Subtree queries are `path LIKE 'prefix%'`: PostgreSQL needs the pattern opclass for that.
            models.Index(fields=["path"], name="unit_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def path_segment(pk: int) -> str:
        return f"{pk:08d}."

    @staticmethod
    def place(pk: int, parent: tuple[str, int, int | None] | None) -> tuple[str, int, int | None]:
        """(path, depth, OPD id) of unit `pk` under a parent placed at (path, depth, OPD id), or at the top
        of its tree, where it is its own OPD: the one rule of the materialised tree, for every writer."""
        if parent is None:
            return Unit.path_segment(pk), 0, pk
        path, depth, opd = parent
        return path + Unit.path_segment(pk), depth + 1, opd

    @property
    def placed(self) -> tuple[str, int, int | None]:
        """This unit's (path, depth, OPD id), as `place` takes a parent's."""
        return self.path, self.depth, self.opd_id

    @property
    def is_opd(self) -> bool:
        return self.parent_id is None


class Position(models.Model):
    """A post (jabatan) as a seat: at most one definitive holder (`holder`, the reverse of
    `Employee.position`) and at most one acting holder (Plt/Plh)."""

    class Kind(models.TextChoices):
        STRUKTURAL = jr.Kind.STRUKTURAL.value, _("Struktural")
        FUNGSIONAL = jr.Kind.FUNGSIONAL.value, _("Fungsional")
        PELAKSANA = jr.Kind.PELAKSANA.value, _("Pelaksana")

    # Functional API: {member name: (stored value, label)}; values are the codes of rules.jabatan.Level.
    Level = models.TextChoices("Level", {lvl.name: (lvl.value, jr.LEVEL_LABELS[lvl]) for lvl in jr.Level})

    class ActingKind(models.TextChoices):
        PLT = "plt", _("Plt (Pelaksana Tugas)")
        PLH = "plh", _("Plh (Pelaksana Harian)")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="positions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="positions")
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    eselon = models.CharField(_("eselon"), max_length=2, blank=True)
    jf_code = models.CharField(_("BKN jabatan fungsional id"), max_length=64, blank=True)
    heads_unit = models.BooleanField(_("heads its unit"), default=False)
    bkn_jabatan_id = models.CharField(max_length=64, blank=True)
    # The post's retirement age: a JF's `usiaBup` from BKN's table, else the level's (rules.jabatan).
    bup = models.PositiveSmallIntegerField(_("BUP of the post"), default=58)
    # {"M1": 4, ...}: overrides of the level's default standard (RULES.md §3); empty = the defaults.
    competency_overrides = models.JSONField(_("competency standard overrides"), default=dict, blank=True)
    # [{"name": "...", "level": 3}]: post-specific technical competencies.
    technical_competencies = models.JSONField(_("technical competencies"), default=list, blank=True)
    is_critical = models.BooleanField(_("critical post"), default=False)
    critical_reason = models.TextField(_("why it is critical"), blank=True)
    needs_external_recommendation = models.CharField(
        _("external recommendation required"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the Inspektur (Kemendagri) or the Dinas PPKB head (Minister of Home Affairs)."),
    )
    acting_holder = models.ForeignKey(
        "Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="acting_positions"
    )
    acting_kind = models.CharField(max_length=3, choices=ActingKind.choices, blank=True)
    acting_since = models.DateField(null=True, blank=True)
    # A planned vacancy (rotation, promotion of the holder); retirement vacancies are derived from BUP.
    vacant_from = models.DateField(_("vacant from"), null=True, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    siasn_stamp = siasn_stamp()

    class Meta:
        ordering = ["unit__path", "-heads_unit", "name", "pk"]  # a total order: pages never skip a seat
        indexes = [
            models.Index(fields=["instansi", "level"], name="position_instansi_level_idx"),
            models.Index(fields=["instansi", "kind"], name="position_instansi_kind_idx"),
            models.Index(fields=["instansi", "is_critical"], name="position_critical_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(acting_holder__isnull=True) | ~Q(acting_kind=""),
                name="position_acting_needs_kind",
            ),
        ]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return self.name

    @property
    def competency_standard(self) -> dict[str, int]:
        return jr.competency_standard(self.level, self.competency_overrides)

    @property
    def current_holder(self) -> Employee | None:
        try:
            return self.holder
        except Employee.DoesNotExist:
            return None

    def vacancy_state(self, today: date) -> str:
        """'vacant' (no definitive holder), 'vacant_from' (a date is known), or 'filled'."""
        if self.current_holder is None:
            return "vacant"
        if self.vacant_from and self.vacant_from > today:
            return "vacant_from"
        return "filled"


def full_name(gelar_depan: str, name: str, gelar_belakang: str) -> str:
    """A name with its titles, as the screens and letters show it ("Dr. Siti Aminah, S.E., M.Si.")."""
    name = f"{gelar_depan} {name}".strip()
    return f"{name}, {gelar_belakang}" if gelar_belakang else name


class Employee(models.Model):
    """An ASN. Surrogate key; NIP unique (validated as a NIP for PNS/CPNS, stored as-is for PPPK)."""

    class Status(models.TextChoices):
        PNS = "pns", "PNS"
        CPNS = "cpns", "CPNS"
        PPPK = "pppk", "PPPK"

    class Sex(models.TextChoices):
        MALE = "M", _("Laki-laki")
        FEMALE = "F", _("Perempuan")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="employees")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="employees")
    position = models.OneToOneField(
        Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="holder"
    )
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    nip_lama = models.CharField(_("old NIP"), max_length=20, blank=True)
    bkn_id = models.CharField(_("BKN person id"), max_length=64, null=True, blank=True, unique=True)
    name = models.CharField(_("name"), max_length=200)
    gelar_depan = models.CharField(_("title before"), max_length=50, blank=True)
    gelar_belakang = models.CharField(_("title after"), max_length=80, blank=True)
    birth_place = models.CharField(_("birth place"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    agama = models.CharField(_("religion (BKN id)"), max_length=4, blank=True)
    kawin = models.CharField(_("marital status (BKN id)"), max_length=4, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    email_gov = models.EmailField(_("government email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=4, choices=Status.choices, default=Status.PNS)
    jenis_pegawai = models.CharField(_("jenis pegawai (BKN id)"), max_length=4, blank=True)
    kedudukan_hukum = models.CharField(_("kedudukan hukum (BKN id)"), max_length=4, default="01")
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    tmt_pns = models.DateField(_("TMT PNS"), null=True, blank=True)
    golongan = models.CharField(_("golongan (BKN id)"), max_length=2, blank=True)
    tmt_golongan = models.DateField(_("TMT golongan"), null=True, blank=True)
    mk_tahun = models.PositiveSmallIntegerField(_("masa kerja golongan, years"), null=True, blank=True)
    mk_bulan = models.PositiveSmallIntegerField(_("masa kerja golongan, months"), null=True, blank=True)
    tmt_jabatan = models.DateField(_("TMT jabatan"), null=True, blank=True)
    education_level = models.CharField(_("education level (BKN id)"), max_length=4, blank=True)
    education_name = models.CharField(_("education"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    # BKN's own figure when it sends one; otherwise BUP is derived from the post (rules.jabatan.bup_age).
    bup_override = models.PositiveSmallIntegerField(_("BUP from BKN"), null=True, blank=True)
    # When the discipline history was last read from SIASN (rw-hukdis), rows or none: an absent sentence
    # is "clean" only once someone has looked (RULES.md §6).
    discipline_checked_at = models.DateField(_("discipline history checked on"), null=True, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    siasn_stamp = siasn_stamp()

    class Meta:
        ordering = ["name", "pk"]  # a total order: two people of one name never swap places
        indexes = [
            models.Index(fields=["instansi", "unit"], name="employee_instansi_unit_idx"),
            # Rank filters usually come with an age band: one index answers both (8× at 1M on SQLite).
            models.Index(fields=["instansi", "golongan", "birth_date"], name="employee_inst_gol_birth_idx"),
            models.Index(fields=["instansi", "birth_date"], name="employee_instansi_birth_idx"),
            models.Index(fields=["instansi", "name"], name="employee_instansi_name_idx"),
            models.Index(fields=["instansi", "status"], name="employee_instansi_status_idx"),
            # The candidate pool's freshness check (its newest employee) on every ranking: an index lookup
            # on PostgreSQL too (27 ms at 1M without it; SQLite's indexes end with the row id anyway).
            models.Index(fields=["instansi", "id"], name="employee_instansi_id_idx"),
        ]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.nip})"

    @property
    def full_name(self) -> str:
        return full_name(self.gelar_depan, self.name, self.gelar_belakang)

    # Derived values: computed from the stored dates, never stored twice.
    def age(self, today: date) -> int | None:
        return full_years(self.birth_date, today)

    def service(self, today: date) -> tuple[int, int] | None:
        return years_months(self.tmt_cpns, today)

    def years_in_rank(self, today: date) -> int | None:
        return full_years(self.tmt_golongan, today)

    def years_in_post(self, today: date) -> int | None:
        return full_years(self.tmt_jabatan, today)

    @property
    def level(self) -> str | None:
        return self.position.level if self.position_id else None

    @property
    def bup(self) -> int:
        """BKN's own figure when sent; else the post's; else the default for administration posts."""
        if self.bup_override:
            return self.bup_override
        if self.position_id:
            return self.position.bup
        return jr.bup_age(None)

    @property
    def retirement_date(self) -> date:
        return retirement_date(self.birth_date, self.bup)


def newest_first(field: str) -> list:
    """A history's order: newest first on every database, an undated row last (SQLite and PostgreSQL put
    NULL at opposite ends), a tie of dates the last entered first. Each history's Meta.ordering is the
    employee, then this; `people.selectors.history_prefetches` orders a profile's and the API's rows by it."""
    return [models.F(field).desc(nulls_last=True), "-pk"]


class History(models.Model):
    """Common shape of a SIASN riwayat row."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="%(class)s_set")
    bkn_id = models.CharField(_("BKN riwayat id"), max_length=64, null=True, blank=True, unique=True)
    raw = models.JSONField(default=dict, blank=True)
    siasn_stamp = siasn_stamp()

    class Meta:
        abstract = True


class GolonganHistory(History):
    golongan = models.CharField(max_length=2)
    tmt = models.DateField(null=True, blank=True)
    sk_nomor = models.CharField(max_length=100, blank=True)
    sk_tanggal = models.DateField(null=True, blank=True)
    jenis_kp = models.CharField(max_length=8, blank=True)
    mk_tahun = models.PositiveSmallIntegerField(null=True, blank=True)
    mk_bulan = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["employee", *newest_first("tmt")]
        indexes = [models.Index(fields=["employee", "tmt"], name="golhist_emp_tmt_idx")]

    def __str__(self) -> str:
        return f"{self.employee_id} golongan {self.golongan} TMT {self.tmt}"


class JabatanHistory(History):
    class Assignment(models.TextChoices):
        DEFINITIF = "D", _("Definitif")
        PLT = "PLT", _("Plt")
        PLH = "PLH", _("Plh")
        PJ = "PJ", _("Pj")
        TT = "TT", _("Tugas tambahan")

    class Mutation(models.TextChoices):
        JABATAN = "MJ", _("Mutasi jabatan")
        UNOR = "MU", _("Mutasi unor")

    position = models.ForeignKey(Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    jenis_jabatan = models.CharField(max_length=2, blank=True)
    level = models.CharField(max_length=20, choices=Position.Level.choices, blank=True)
    eselon = models.CharField(max_length=2, blank=True)
    jf_code = models.CharField(max_length=64, blank=True)
    jabatan_name = models.CharField(max_length=300)
    unit_name = models.CharField(max_length=300, blank=True)
    unor_id = models.CharField(max_length=64, blank=True)
    tmt = models.DateField(null=True, blank=True)
    tmt_pelantikan = models.DateField(null=True, blank=True)
    sk_nomor = models.CharField(max_length=100, blank=True)
    sk_tanggal = models.DateField(null=True, blank=True)
    assignment = models.CharField(max_length=3, choices=Assignment.choices, default=Assignment.DEFINITIF)
    mutation = models.CharField(max_length=2, choices=Mutation.choices, blank=True)

    class Meta:
        ordering = ["employee", *newest_first("tmt")]
        indexes = [models.Index(fields=["employee", "tmt"], name="jabhist_emp_tmt_idx")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.jabatan_name} TMT {self.tmt}"


class EducationHistory(History):
    level = models.CharField(max_length=4)
    name = models.CharField(max_length=200, blank=True)
    pendidikan_id = models.CharField(max_length=64, blank=True)
    school = models.CharField(max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(null=True, blank=True)
    graduation_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["employee", *newest_first("graduation_year")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.name or self.level} {self.graduation_year or ''}"


class LeadershipTraining(History):
    """Diklat kepemimpinan (rw-diklat). The new names (PKP/PKA/PKN) and the old PIM names map to `kind`."""

    class Kind(models.TextChoices):
        # Regulated names, shown verbatim (jabatan.LEADERSHIP_TRAINING, the one copy).
        PKP = "pkp", jr.LEADERSHIP_TRAINING["pkp"]
        PKA = "pka", jr.LEADERSHIP_TRAINING["pka"]
        PKN_2 = "pkn2", jr.LEADERSHIP_TRAINING["pkn2"]
        PKN_1 = "pkn1", jr.LEADERSHIP_TRAINING["pkn1"]
        OTHER = "other", _("Lainnya")

    kind = models.CharField(max_length=5, choices=Kind.choices)
    latihan_struktural = models.CharField(max_length=4, blank=True)
    name = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    hours = models.PositiveIntegerField(null=True, blank=True)
    certificate_no = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["employee", *newest_first("year")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.get_kind_display()} {self.year or ''}"


class Training(History):
    """Other training (rw-kursus), with hours."""

    jenis_diklat = models.CharField(max_length=4, blank=True)
    name = models.CharField(max_length=300)
    institution = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    hours = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["employee", *newest_first("year")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.name} {self.year or ''}"


class Rating(models.TextChoices):
    """A rating of PermenPANRB 6/2022, for work results or work behaviour."""

    DI_ATAS = "di_atas", _("Di atas ekspektasi")
    SESUAI = "sesuai", _("Sesuai ekspektasi")
    DI_BAWAH = "di_bawah", _("Di bawah ekspektasi")


class Predikat(models.TextChoices):
    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class SkpHistory(History):
    """Yearly performance (rw-skp22): the two ratings and the predikat."""

    year = models.PositiveSmallIntegerField()
    rating_hasil_kerja = models.CharField(max_length=8, choices=Rating.choices)
    rating_perilaku = models.CharField(max_length=8, choices=Rating.choices)
    predikat = models.CharField(max_length=16, choices=Predikat.choices)
    appraiser_name = models.CharField(max_length=200, blank=True)
    appraiser_nip = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["employee", *newest_first("year")]
        indexes = [models.Index(fields=["employee", "year"], name="skp_emp_year_idx")]

    def __str__(self) -> str:
        return f"{self.employee_id} SKP {self.year}: {self.get_predikat_display()}"


class DisciplineHistory(History):
    class Level(models.TextChoices):
        RINGAN = "R", _("Ringan")
        SEDANG = "S", _("Sedang")
        BERAT = "B", _("Berat")

    level = models.CharField(max_length=1, choices=Level.choices)
    jenis_hukuman = models.CharField(max_length=8, blank=True)
    name = models.CharField(max_length=200, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    sk_nomor = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["employee", *newest_first("start")]

    def __str__(self) -> str:
        return f"{self.employee_id} hukuman {self.level} {self.start or ''}"


class AwardHistory(History):
    penghargaan = models.CharField(max_length=8, blank=True)
    name = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    sk_nomor = models.CharField(max_length=100, blank=True)
    sk_tanggal = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["employee", *newest_first("year")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.name} {self.year or ''}"


class EmployeeChange(models.Model):
    """A mark that someone's data changed (his record, a post, performance, discipline or training history,
    an assessment, a finalised mapping), for readers that keep a copy derived from it: the candidate pool
    refreshes the rows of the people marked since its copy (issue 17). No employee: every employee of the
    instansi (an import, a finalised period); no instansi either: every instansi. Plain ids, not foreign
    keys: the mark outlives the person it names (his removal is a change too). A person's mark names no
    instansi: every instansi's reader looks at it (he may have moved from one to the other)."""

    instansi_id = models.BigIntegerField(null=True, blank=True)
    employee_id = models.BigIntegerField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["instansi_id", "id"], name="empchange_instansi_idx")]

    def __str__(self) -> str:
        return f"{self.instansi_id or '*'}/{self.employee_id or '*'} {self.at:%Y-%m-%d %H:%M}"


class EmployeeChangesPruned(models.Model):
    """How far the change marks were pruned (`people.services.changes_prune`; one row, pk 1): every mark with
    an id up to `upto` may be gone, so a copy read when the highest mark was below it cannot be refreshed by
    person and is read whole again."""

    upto = models.BigIntegerField(default=0)
    at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"<= {self.upto} ({self.at:%Y-%m-%d %H:%M})"
