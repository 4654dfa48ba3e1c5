"""Workload (beban kerja) per post: the input of the ABK formation."""

from __future__ import annotations

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
