"""The workforce of a regional government: units, posts, employees and their history.

Field names are English; the import workbook's Indonesian column names map onto them in
``mutasi.people.workbook``. Codes (golongan, pendidikan, job kinds) come from ``codes``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import codes


class JobKind(models.TextChoices):
    JPT = "jpt", _("Jabatan Pimpinan Tinggi")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    FUNGSIONAL = "fungsional", _("Fungsional")


class EmployeeType(models.TextChoices):
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")


class Gender(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Performance(models.TextChoices):
    VERY_GOOD = "sangat baik", _("Sangat baik")
    GOOD = "baik", _("Baik")
    NEEDS_IMPROVEMENT = "butuh perbaikan", _("Butuh perbaikan")
    POOR = "kurang", _("Kurang")
    VERY_POOR = "sangat kurang", _("Sangat kurang")


GOLONGAN_CHOICES = [(g.code, f"{g.code} — {g.pangkat}") for g in codes.PNS_GOLONGAN] + [
    (g.code, g.pangkat) for g in codes.PPPK_GOLONGAN
]
EDUCATION_CHOICES = [(e.code, e.code) for e in codes.EDUCATION_LEVELS]


class Unit(models.Model):
    """An OPD (perangkat daerah) or one of its sub-units (RSUD, puskesmas, school, bidang)."""

    code = models.CharField(_("kode unit"), max_length=40, unique=True)
    name = models.CharField(_("nama unit"), max_length=200)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
    )
    sector = models.CharField(_("sektor"), max_length=60, db_index=True)
    kecamatan = models.CharField(_("kecamatan"), max_length=80, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Competency(models.Model):
    """A named competency (technical, managerial or socio-cultural) used on posts and people."""

    name = models.CharField(_("nama"), max_length=120, unique=True)
    description = models.TextField(_("uraian"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """A post (jabatan) in one unit, with its requirements and formation (kebutuhan)."""

    code = models.CharField(_("kode jabatan"), max_length=40, unique=True)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="positions", verbose_name=_("unit"))
    name = models.CharField(_("nama jabatan"), max_length=200)
    kind = models.CharField(_("jenis jabatan"), max_length=20, choices=JobKind.choices)
    job_family = models.CharField(_("rumpun jabatan"), max_length=80, db_index=True)
    gol_min = models.CharField(
        _("golongan minimal"), max_length=6, blank=True, choices=GOLONGAN_CHOICES
    )
    gol_max = models.CharField(
        _("golongan maksimal"), max_length=6, blank=True, choices=GOLONGAN_CHOICES
    )
    education_min = models.CharField(
        _("pendidikan minimal"), max_length=4, blank=True, choices=EDUCATION_CHOICES
    )
    majors = models.JSONField(_("jurusan yang diterima"), default=list, blank=True)
    certificate = models.CharField(_("sertifikasi wajib"), max_length=80, blank=True)
    competencies = models.JSONField(_("kompetensi"), default=dict, blank=True)
    # Formation as imported (kolom kebutuhan). The needs analysis may derive another from ABK.
    formation = models.PositiveIntegerField(_("kebutuhan"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def retirement_age(self) -> int:
        return codes.retirement_age(self.kind, self.name)


class Employee(models.Model):
    """An ASN (PNS or PPPK) and the post they hold now."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=200, db_index=True)
    birth_date = models.DateField(_("tanggal lahir"))
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    employee_type = models.CharField(
        _("jenis pegawai"), max_length=4, choices=EmployeeType.choices, default=EmployeeType.PNS
    )
    golongan = models.CharField(_("golongan"), max_length=6, choices=GOLONGAN_CHOICES)
    education = models.CharField(_("pendidikan"), max_length=4, choices=EDUCATION_CHOICES)
    major = models.CharField(_("jurusan"), max_length=120, blank=True)
    position = models.ForeignKey(
        Position, models.PROTECT, related_name="employees", verbose_name=_("jabatan")
    )
    position_start = models.DateField(_("TMT jabatan"))
    home_kecamatan = models.CharField(_("kecamatan domisili"), max_length=80, blank=True)
    performance = models.CharField(
        _("predikat kinerja"), max_length=20, blank=True, choices=Performance.choices
    )
    potential = models.FloatField(_("nilai potensi"), null=True, blank=True)
    competencies = models.JSONField(_("kompetensi"), default=dict, blank=True)
    certificates = models.JSONField(_("sertifikasi"), default=list, blank=True)
    spouse_nip = models.CharField(_("NIP pasangan"), max_length=18, blank=True)

    class Meta:
        ordering = ["nip"]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        indexes = [models.Index(fields=["position_start"]), models.Index(fields=["birth_date"])]

    def __str__(self) -> str:
        return f"{self.nip} {self.name}"

    def years_in_post(self, on: datetime.date) -> float:
        return (on - self.position_start).days / 365.25

    def age_on(self, on: datetime.date) -> int:
        years = on.year - self.birth_date.year
        if (on.month, on.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class PositionHistory(models.Model):
    """A post an employee held before (riwayat jabatan); used for rotation and career pattern."""

    employee = models.ForeignKey(Employee, models.CASCADE, related_name="history")
    position = models.ForeignKey(Position, models.SET_NULL, null=True, blank=True, related_name="+")
    position_name = models.CharField(_("nama jabatan"), max_length=200)
    job_family = models.CharField(_("rumpun"), max_length=80, blank=True)
    start = models.DateField(_("TMT mulai"))
    end = models.DateField(_("TMT selesai"), null=True, blank=True)

    class Meta:
        ordering = ["employee", "start"]
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")
        constraints = [
            models.UniqueConstraint(fields=["employee", "start"], name="history_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.position_name} {self.start}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("menunggu pemeriksaan")
    CHECKING = "checking", _("sedang diperiksa")
    READY = "ready", _("siap diterapkan")
    REJECTED = "rejected", _("ditolak (ada kesalahan)")
    APPLYING = "applying", _("sedang diterapkan")
    APPLIED = "applied", _("diterapkan")
    FAILED = "failed", _("gagal")


def _upload_path(instance: ImportUpload, filename: str) -> str:
    return f"impor/{instance.sha256[:16]}-{timezone.now():%Y%m%d%H%M%S}.xlsx"


class ImportUpload(models.Model):
    """A workbook uploaded on the web: checked in the background, applied when confirmed.

    ``counts`` (by sheet: new / updated / unchanged / removed / kept, the rows stored but not in
    the file), ``errors`` and ``warnings`` (each ``[sheet, row, column, value, message]``) hold the
    preview; nothing of the file reaches the workforce tables until it is applied.
    """

    file = models.FileField(_("file"), upload_to=_upload_path)
    original_name = models.CharField(_("nama file"), max_length=255)
    size = models.PositiveBigIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    counts = models.JSONField(_("jumlah baris per sheet"), default=dict, blank=True)
    errors = models.JSONField(_("kesalahan"), default=list, blank=True)
    warnings = models.JSONField(_("peringatan"), default=list, blank=True)
    message = models.TextField(_("pesan"), blank=True)  # why a run failed, for the planner
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)  # when a worker took the last step
    checked_at = models.DateTimeField(_("diperiksa"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(_("diterapkan"), null=True, blank=True)
    audit_entry_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("unggahan impor")
        verbose_name_plural = _("unggahan impor")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    # A worker that dies mid-step leaves its transaction rolled back: after this long the step is
    # reported failed (a 50,000-employee workbook takes about a minute).
    STALE_AFTER = datetime.timedelta(minutes=30)
    # Queued this long with no worker taking it: the page says a worker may not be running.
    WAITING_HINT_AFTER = datetime.timedelta(minutes=2)

    @property
    def pending(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.APPLYING)

    @property
    def stale(self) -> bool:
        """Checking or applying for longer than any run takes: its worker has died."""
        return (
            self.status in (ImportStatus.CHECKING, ImportStatus.APPLYING)
            and self.started_at is not None
            and timezone.now() - self.started_at > self.STALE_AFTER
        )

    @property
    def waiting_long(self) -> bool:
        return (
            self.status == ImportStatus.QUEUED
            and timezone.now() - self.uploaded_at > self.WAITING_HINT_AFTER
        )
