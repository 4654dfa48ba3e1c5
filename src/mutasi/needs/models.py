"""Workload (beban kerja) per post: the input of the ABK formation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkloadTask(models.Model):
    """One task (uraian tugas) of a post with its yearly volume and standard time per unit."""

    position = models.ForeignKey(
        "people.Position", models.CASCADE, related_name="workload_tasks", verbose_name=_("jabatan")
    )
    description = models.CharField(_("uraian tugas"), max_length=300)
    output_unit = models.CharField(_("satuan hasil"), max_length=80, blank=True)
    volume_per_year = models.DecimalField(_("volume per tahun"), max_digits=14, decimal_places=2)
    minutes_per_unit = models.DecimalField(_("waktu (menit)"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("beban kerja")
        verbose_name_plural = _("beban kerja")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "description"], name="workload_unique_task_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position_id}: {self.description}"


class RoundingRule(models.TextChoices):
    """Mirrors ``abk.Rounding`` for the settings form (values are the same strings)."""

    HALF_UP = "half_up", _("Pembulatan ke terdekat (0,50 ke atas)")
    UP = "up", _("Selalu dibulatkan ke atas")


class NeedsSettings(models.Model):
    """The office's ABK settings (one row, pk=1). Absent row = the regulation's defaults."""

    effective_minutes_per_year = models.PositiveIntegerField(
        _("waktu kerja efektif (menit per tahun)"), default=75_000
    )
    rounding = models.CharField(
        _("aturan pembulatan"),
        max_length=10,
        choices=RoundingRule.choices,
        default=RoundingRule.HALF_UP,
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pengaturan ABK")
        verbose_name_plural = _("pengaturan ABK")

    def __str__(self) -> str:
        return f"{self.effective_minutes_per_year} / {self.rounding}"


class FormationOverride(models.Model):
    """A planner's hand-set formation for a post; the ABK figure stays visible beside it."""

    position = models.OneToOneField(
        "people.Position",
        models.CASCADE,
        related_name="formation_override",
        verbose_name=_("jabatan"),
    )
    formation = models.PositiveIntegerField(_("kebutuhan (ditetapkan)"))
    reason = models.TextField(_("alasan"))
    created_at = models.DateTimeField(_("ditetapkan"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )

    class Meta:
        verbose_name = _("penetapan kebutuhan")
        verbose_name_plural = _("penetapan kebutuhan")

    def __str__(self) -> str:
        return f"{self.position_id}: {self.formation}"
