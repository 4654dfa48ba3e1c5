"""Who may do what (roles) and the audit log that every important write appends to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLANNER = "planner", _("Perencana BKPSDM")
    APPROVER = "approver", _("Pejabat penyetuju (PPK / tim penilai kinerja)")
    UNIT_HEAD = "unit_head", _("Kepala unit (OPD)")
    EMPLOYEE = "employee", _("Pegawai (ASN)")


class Profile(models.Model):
    """A user's role; a unit head is tied to a unit, an employee to their employee record."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="profile")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "people.Unit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    employee = models.OneToOneField(
        "people.Employee",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="profile",
        verbose_name=_("pegawai"),
    )

    class Meta:
        verbose_name = _("profil pengguna")
        verbose_name_plural = _("profil pengguna")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class AuditEntry(models.Model):
    """One important write: who, when, what, and the state before and after. Never deleted."""

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    action = models.CharField(_("tindakan"), max_length=60, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=60, blank=True)
    object_id = models.CharField(_("id objek"), max_length=60, blank=True)
    summary = models.TextField(_("ringkasan"), blank=True)
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("log audit")
        verbose_name_plural = _("log audit")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


class DataVersion(models.Model):
    """One row counting changes to the data plans are computed from (``core.dataversion``).

    Every service that changes that data (an import, a formation override, a workload task,
    submitted preferences, the demo build) bumps it in its own transaction; a cache of data loaded
    for planning is keyed on it, so it can never answer from data older than the database."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("versi data")
        verbose_name_plural = _("versi data")

    def __str__(self) -> str:
        return str(self.value)
