"""Models of the evaluation stage: public (SKM) and employee survey answers, the HR decisions on
the flags they raise, and the leadership reports rendered in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import questionnaire


class Source(models.TextChoices):
    ONLINE = "online", _("Formulir daring")
    PAPER = "paper", _("Kuesioner kertas (impor)")


def _answer_field(number: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(f"U{number}")


class PublicResponse(models.Model):
    """One respondent's answers to the nine SKM elements of one unit in one period.

    Online answers are kept even when they look like abuse: they are marked ``suspicious`` with
    the reasons, and only HR excludes one (with a reason, audited). No address is stored, only a
    keyed hash of it (``client_key``) for duplicate detection.
    """

    unit = models.ForeignKey(
        "people.Unit", models.PROTECT, related_name="+", verbose_name=_("unit layanan")
    )
    period = models.CharField(_("periode"), max_length=10, db_index=True)
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    # The paper questionnaire's number (kolom responden); blank for online answers.
    respondent_ref = models.CharField(_("nomor responden"), max_length=40, blank=True)
    u1 = _answer_field(1)
    u2 = _answer_field(2)
    u3 = _answer_field(3)
    u4 = _answer_field(4)
    u5 = _answer_field(5)
    u6 = _answer_field(6)
    u7 = _answer_field(7)
    u8 = _answer_field(8)
    u9 = _answer_field(9)
    gender = models.CharField(
        _("jenis kelamin"), max_length=1, blank=True, choices=questionnaire.GENDER_CHOICES
    )
    age = models.PositiveSmallIntegerField(_("usia"), null=True, blank=True)
    education = models.CharField(
        _("pendidikan"), max_length=10, blank=True, choices=questionnaire.EDUCATION_CHOICES
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=20, blank=True, choices=questionnaire.OCCUPATION_CHOICES
    )
    comment = models.TextField(_("saran dan masukan"), blank=True)
    submitted_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    client_key = models.CharField(max_length=64, blank=True, db_index=True)
    suspicious = models.BooleanField(_("mencurigakan"), default=False)
    suspicion = models.JSONField(_("alasan curiga"), default=list, blank=True)
    excluded = models.BooleanField(_("dikecualikan"), default=False)
    exclusion_reason = models.TextField(_("alasan pengecualian"), blank=True)
    excluded_at = models.DateTimeField(null=True, blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("jawaban SKM")
        verbose_name_plural = _("jawaban SKM")
        indexes = [models.Index(fields=["unit", "period"])]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "respondent_ref"],
                condition=Q(source="paper"),
                name="skm_paper_unique_respondent",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"u{i}__gte": 1, f"u{i}__lte": 4}), name=f"skm_u{i}_1_4"
                )
                for i in range(1, 10)
            ],
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period} #{self.pk}"

    @property
    def answers(self) -> tuple[int, ...]:
        return tuple(getattr(self, f"u{i}") for i in range(1, 10))


class UnitPopulation(models.Model):
    """The number of service users of a unit in a period (the population of step 5)."""

    unit = models.ForeignKey("people.Unit", models.PROTECT, related_name="+")
    period = models.CharField(_("periode"), max_length=10)
    users = models.PositiveIntegerField(_("jumlah pengguna layanan"))

    class Meta:
        verbose_name = _("populasi pengguna layanan")
        verbose_name_plural = _("populasi pengguna layanan")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="population_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period}: {self.users}"


class EmployeeSurveyResponse(models.Model):
    """A moved employee's answers 3 or 6 months after the move took effect (Likert 1–5)."""

    move = models.ForeignKey("plans.Move", models.PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", models.PROTECT, related_name="+")
    # The unit moved into: results are shown per unit, and only from MIN_ANSWERS_SHOWN answers.
    unit = models.ForeignKey("people.Unit", models.PROTECT, related_name="+")
    wave = models.PositiveSmallIntegerField(_("bulan ke"), choices=questionnaire.WAVE_CHOICES)
    adaptation = models.PositiveSmallIntegerField(_("adaptasi"))
    satisfaction = models.PositiveSmallIntegerField(_("kepuasan"))
    workload = models.PositiveSmallIntegerField(_("beban kerja"))
    training = models.PositiveSmallIntegerField(_("manfaat pelatihan"))
    intention = models.PositiveSmallIntegerField(_("niat bertahan"))
    comment = models.TextField(_("komentar"), blank=True)
    answered_at = models.DateTimeField(_("dijawab"), default=timezone.now)

    class Meta:
        verbose_name = _("jawaban survei pegawai")
        verbose_name_plural = _("jawaban survei pegawai")
        constraints = [
            models.UniqueConstraint(fields=["move", "wave"], name="employee_survey_once"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"employee_survey_{name}_1_5",
                )
                for name in questionnaire.EMPLOYEE_ITEMS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} +{self.wave}"

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in questionnaire.EMPLOYEE_ITEMS)


class FlagDecision(models.Model):
    """HR's decision on one flagged unit's priority in one next cycle (accepted or dropped)."""

    source_cycle = models.ForeignKey("participation.Cycle", models.CASCADE, related_name="+")
    target_cycle = models.ForeignKey("participation.Cycle", models.CASCADE, related_name="+")
    unit = models.ForeignKey("people.Unit", models.PROTECT, related_name="+")
    accepted = models.BooleanField(_("diterima"))
    decided_at = models.DateTimeField(_("diputuskan"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("keputusan tanda evaluasi")
        verbose_name_plural = _("keputusan tanda evaluasi")
        constraints = [
            models.UniqueConstraint(
                fields=["source_cycle", "target_cycle", "unit"], name="flag_decision_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.accepted}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class MonitoringReport(models.Model):
    """A PDF for the leadership, rendered by the background worker."""

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    file = models.CharField(_("berkas"), max_length=300, blank=True)
    error = models.TextField(_("pesan galat"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("laporan monitoring")
        verbose_name_plural = _("laporan monitoring")

    def __str__(self) -> str:
        return f"{self.pk} {self.status}"
