"""What employees say about where they want to go."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PreferenceSource(models.TextChoices):
    WEB = "web", _("Diisi pegawai")
    IMPORT = "import", _("Impor (formulir kertas)")


class Preference(models.Model):
    """One ranked wish (1 = most wanted). A row naming the employee's own post ranks staying."""

    employee = models.ForeignKey(
        "people.Employee", models.CASCADE, related_name="preferences", verbose_name=_("pegawai")
    )
    rank = models.PositiveSmallIntegerField(_("urutan"))
    position = models.ForeignKey(
        "people.Position", models.CASCADE, related_name="+", verbose_name=_("jabatan")
    )
    source = models.CharField(
        _("sumber"),
        max_length=10,
        choices=PreferenceSource.choices,
        default=PreferenceSource.IMPORT,
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        ordering = ["employee", "rank"]
        verbose_name = _("preferensi")
        verbose_name_plural = _("preferensi")
        constraints = [
            models.UniqueConstraint(fields=["employee", "rank"], name="preference_unique_rank"),
            models.UniqueConstraint(
                fields=["employee", "position"], name="preference_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} #{self.rank} {self.position_id}"
