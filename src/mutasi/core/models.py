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


INSTANCE_CACHE_KEY = "mutasi:instance"


class HeadTitle(models.TextChoices):
    BUPATI = "Bupati", _("Bupati")
    WALI_KOTA = "Wali Kota", _("Wali Kota")
    GUBERNUR = "Gubernur", _("Gubernur")


class Instance(models.Model):
    """The office this installation serves (one row): its region, head of region, the BKPSDM head,
    letterhead and logo. The decree (SK), the petikan and the page headers are written from it.
    Set with ``mutasi setup`` or on the settings page (``do_update_instance``)."""

    region_name = models.CharField(
        _("nama daerah"), max_length=120, blank=True, help_text=_("mis. Kabupaten Bukitintan")
    )
    province_name = models.CharField(
        _("nama provinsi"), max_length=120, blank=True, help_text=_("mis. Provinsi Sumatera Barat")
    )
    head_title = models.CharField(
        _("sebutan kepala daerah"), max_length=20, choices=HeadTitle.choices, blank=True
    )
    head_name = models.CharField(_("nama kepala daerah"), max_length=120, blank=True)
    office_name = models.CharField(
        _("nama BKPSDM"),
        max_length=200,
        blank=True,
        help_text=_("mis. Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
    )
    office_head_name = models.CharField(_("nama kepala BKPSDM"), max_length=120, blank=True)
    office_head_nip = models.CharField(_("NIP kepala BKPSDM"), max_length=18, blank=True)
    decree_place = models.CharField(
        _("tempat penetapan SK"), max_length=80, blank=True, help_text=_("mis. Bukitintan")
    )
    letterhead = models.TextField(
        _("teks kop surat"), blank=True, help_text=_("baris-baris di bawah nama pemerintah daerah")
    )
    logo = models.FileField(_("logo"), upload_to="instansi/", blank=True)
    decree_template = models.FileField(_("templat SK (.docx)"), upload_to="instansi/", blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), null=True, blank=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.region_name or "—"

    @classmethod
    def current(cls) -> Instance:
        instance = cls.objects.filter(pk=1).first()
        return instance if instance is not None else cls(pk=1)

    @classmethod
    def cached(cls) -> Instance:
        """``current()`` kept for a minute per process (every page header shows it)."""
        from django.core.cache import cache

        instance = cache.get(INSTANCE_CACHE_KEY)
        if instance is None:
            instance = cls.current()
            cache.set(INSTANCE_CACHE_KEY, instance, 60)
        return instance

    @classmethod
    def forget_cached(cls) -> None:
        from django.core.cache import cache

        cache.delete(INSTANCE_CACHE_KEY)

    @property
    def is_configured(self) -> bool:
        return bool(self.region_name and self.head_title and self.head_name)

    @property
    def region_short(self) -> str:
        """ "Kabupaten Bukitintan" → "Bukitintan" (the head's title is "Bupati Bukitintan")."""
        for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
            if self.region_name.startswith(prefix):
                return self.region_name[len(prefix) :]
        return self.region_name

    @property
    def government(self) -> str:
        return f"Pemerintah {self.region_name}" if self.region_name else ""

    @property
    def head_full_title(self) -> str:
        return f"{self.head_title} {self.region_short}".strip() if self.head_title else ""

    @property
    def office_short(self) -> str:
        """The header's name for the office: "BKPSDM Kabupaten Bukitintan"."""
        return f"BKPSDM {self.region_name}" if self.region_name else ""

    def letterhead_lines(self) -> list[str]:
        return [line.strip() for line in self.letterhead.splitlines() if line.strip()]
