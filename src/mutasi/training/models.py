"""The training stage: the competency dictionary and assessments, the course catalogue and its
sessions, training plans for an approved transfer plan, and enrolments tracked to completion.

Competencies follow the Standar Kompetensi Jabatan of PermenPANRB 38/2017 (teknis, manajerial,
sosial kultural); JP (jam pelajaran) follow PP 11/2017 Pasal 203 as amended by PP 17/2020.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class CompetencyKind(models.TextChoices):
    TECHNICAL = "teknis", _("Teknis")
    MANAGERIAL = "manajerial", _("Manajerial")
    SOCIOCULTURAL = "sosial kultural", _("Sosial kultural")


class CompetencyProfile(models.Model):
    """The kind of a competency of the dictionary (the name and description live on
    ``people.Competency``, which posts and employees already name)."""

    competency = models.OneToOneField(
        "people.Competency", models.CASCADE, primary_key=True, related_name="training_profile"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=CompetencyKind.choices)

    class Meta:
        verbose_name = _("jenis kompetensi")
        verbose_name_plural = _("jenis kompetensi")

    def __str__(self) -> str:
        return f"{self.competency_id} {self.kind}"


class Assessment(models.Model):
    """A dated assessment of one employee on one competency; the latest one counts."""

    employee = models.ForeignKey("people.Employee", models.CASCADE, related_name="+")
    competency = models.ForeignKey("people.Competency", models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    assessed_on = models.DateField(_("tanggal"))
    source = models.CharField(_("sumber"), max_length=120, blank=True)

    class Meta:
        ordering = ["employee", "competency", "-assessed_on"]
        verbose_name = _("penilaian kompetensi")
        verbose_name_plural = _("penilaian kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "competency", "assessed_on"], name="assessment_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.competency_id} {self.level} {self.assessed_on}"


class Mode(models.TextChoices):
    CLASSICAL = "klasikal", _("Klasikal")
    ELEARNING = "e-learning", _("E-learning")
    BLENDED = "blended", _("Blended")
    COACHING = "coaching/mentoring", _("Coaching/mentoring")


class Course(models.Model):
    """A course of the catalogue (diklat / pelatihan) and what it raises."""

    code = models.CharField(_("kode diklat"), max_length=40, unique=True)
    name = models.CharField(_("nama diklat"), max_length=200)
    # competency name (lower case) -> level a participant reaches, 1..5
    raises = models.JSONField(_("kompetensi yang ditingkatkan"), default=dict)
    jp = models.PositiveIntegerField(_("JP"))
    cost = models.DecimalField(_("biaya per peserta"), max_digits=14, decimal_places=0)
    provider = models.CharField(_("penyelenggara"), max_length=160, blank=True)
    mode = models.CharField(_("moda"), max_length=20, choices=Mode.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("diklat")
        verbose_name_plural = _("katalog diklat")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CourseSession(models.Model):
    """One scheduled run of a course."""

    code = models.CharField(_("kode sesi"), max_length=40, unique=True)
    course = models.ForeignKey(Course, models.CASCADE, related_name="sessions")
    start = models.DateField(_("tanggal mulai"))
    end = models.DateField(_("tanggal selesai"))
    place = models.CharField(_("tempat"), max_length=160, blank=True)
    seats = models.PositiveIntegerField(_("kursi"))

    class Meta:
        ordering = ["start", "code"]
        verbose_name = _("sesi diklat")
        verbose_name_plural = _("sesi diklat")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.code


class TrainingStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu dijalankan")
    RUNNING = "running", _("Sedang dihitung")
    FAILED = "failed", _("Gagal")
    DONE = "done", _("Selesai dihitung")


class TrainingPlan(models.Model):
    """A training plan computed for an approved transfer plan within a budget."""

    plan = models.ForeignKey(
        "plans.Plan", models.CASCADE, related_name="training_plans", verbose_name=_("rencana")
    )
    budget = models.DecimalField(_("anggaran"), max_digits=16, decimal_places=0)
    # sessions may start up to this many days after the move's effective date
    window_days = models.PositiveIntegerField(_("batas hari setelah tanggal efektif"), default=90)
    status = models.CharField(
        _("status"), max_length=10, choices=TrainingStatus.choices, default=TrainingStatus.QUEUED
    )
    closed = models.FloatField(_("celah tertutup (terbobot)"), null=True, blank=True)
    total_gap = models.FloatField(_("total celah (terbobot)"), null=True, blank=True)
    bound = models.FloatField(_("batas atas"), null=True, blank=True)
    gap = models.FloatField(_("celah optimalitas"), null=True, blank=True)
    cost = models.DecimalField(_("biaya"), max_digits=16, decimal_places=0, null=True, blank=True)
    solve_seconds = models.FloatField(_("waktu hitung (detik)"), null=True, blank=True)
    # open gaps and their reasons: [{"nip", "competency", "levels", "reason", "course"}]
    unfunded = models.JSONField(_("tidak terdanai"), default=list, blank=True)
    # weighted gap closed per sector (of the post the gap is measured against), for the charts
    by_sector = models.JSONField(_("celah tertutup per sektor"), default=dict, blank=True)
    error = models.TextField(_("pesan galat"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rencana pelatihan")
        verbose_name_plural = _("rencana pelatihan")

    def __str__(self) -> str:
        return f"{self.plan_id} #{self.pk}"

    @property
    def gap_percent(self) -> float | None:
        return None if self.gap is None else 100 * self.gap


class CoursePinKind(models.TextChoices):
    PIN = "pin", _("Wajib diikutkan")
    EXCLUDE = "exclude", _("Dikecualikan")


class CoursePin(models.Model):
    """HR's decision that a person takes (or never takes) a course, honoured by every run."""

    plan = models.ForeignKey("plans.Plan", models.CASCADE, related_name="+")
    employee = models.ForeignKey("people.Employee", models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis"), max_length=10, choices=CoursePinKind.choices)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("penguncian diklat")
        verbose_name_plural = _("penguncian diklat")
        constraints = [
            models.UniqueConstraint(fields=["plan", "employee", "course"], name="course_pin_unique")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.course_id} {self.kind}"


class Attendance(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    ATTENDED = "attended", _("Hadir")
    ABSENT = "absent", _("Tidak hadir")


class Enrolment(models.Model):
    """A person in a session: planned by a training plan, then attended and completed."""

    training_plan = models.ForeignKey(
        TrainingPlan, models.CASCADE, null=True, blank=True, related_name="enrolments"
    )
    employee = models.ForeignKey("people.Employee", models.CASCADE, related_name="+")
    session = models.ForeignKey(CourseSession, models.PROTECT, related_name="enrolments")
    gap_closed = models.FloatField(_("celah ditutup"), default=0.0)
    attendance = models.CharField(
        _("kehadiran"), max_length=10, choices=Attendance.choices, default=Attendance.PLANNED
    )
    completed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    certificate = models.CharField(_("nomor sertifikat"), max_length=120, blank=True)

    class Meta:
        ordering = ["session__start", "employee__nip"]
        verbose_name = _("peserta diklat")
        verbose_name_plural = _("peserta diklat")
        constraints = [
            models.UniqueConstraint(
                fields=["training_plan", "employee", "session"], name="enrolment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.session_id}"
