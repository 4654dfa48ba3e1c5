"""What employees say about where they want to go."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Cycle(models.Model):
    """A named transfer period (e.g. "Mutasi Semester I 2027"): its preference window, freeze
    window, effective date and the policy its plans are computed under.

    Participation (the preference window) and plans (policy, pins, plans) both belong to a cycle,
    so it lives here, in the earlier of the two stages."""

    name = models.CharField(_("nama siklus"), max_length=120, unique=True)
    # The planner's Policy as plain JSON (keys of mutasi.planner's Policy); empty = all defaults.
    policy = models.JSONField(_("kebijakan"), default=dict, blank=True)
    preference_opens = models.DateTimeField(_("pengisian preferensi dibuka"), null=True, blank=True)
    preference_closes = models.DateTimeField(
        _("pengisian preferensi ditutup"), null=True, blank=True
    )
    max_preferences = models.PositiveSmallIntegerField(_("jumlah pilihan maksimal"), default=5)
    # Election freeze (UU 10/2016 Pasal 71(2)): no replacing officials inside this window.
    freeze_start = models.DateField(_("awal masa larangan (pilkada)"), null=True, blank=True)
    freeze_end = models.DateField(_("akhir masa larangan (pilkada)"), null=True, blank=True)
    effective_date = models.DateField(_("tanggal efektif mutasi"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        # The table keeps the name it had when the model lived in the plans app.
        db_table = "plans_cycle"
        ordering = ["-created_at"]
        verbose_name = _("siklus mutasi")
        verbose_name_plural = _("siklus mutasi")

    def __str__(self) -> str:
        return self.name


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


class AspirationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Terkirim")


class Aspiration(models.Model):
    """What one employee says in one cycle: a ranking being drafted, aspirations, and the receipt.

    The draft ranking lives here (position ids; the employee's own post means "rather stay") so
    the planner never sees half-finished choices: only ``do_submit_preferences`` writes
    ``Preference`` rows, which are what the planner reads. After a submission the employee may keep
    editing the draft until the window closes; the last submission stands until they submit again.
    """

    employee = models.ForeignKey(
        "people.Employee", models.CASCADE, related_name="aspirations", verbose_name=_("pegawai")
    )
    cycle = models.ForeignKey(
        "Cycle", models.CASCADE, related_name="aspirations", verbose_name=_("siklus")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AspirationStatus.choices, default=AspirationStatus.DRAFT
    )
    draft_ranking = models.JSONField(_("urutan pilihan (draf)"), default=list, blank=True)
    # The ranking as submitted, with codes and names copied so the receipt never changes later.
    submitted_ranking = models.JSONField(_("urutan pilihan terkirim"), default=list, blank=True)
    fields_of_interest = models.TextField(_("bidang yang diminati"), blank=True)
    career_aspiration = models.TextField(_("aspirasi karier"), blank=True)
    # Family or health circumstances. Stored only with explicit consent, shown only to HR
    # planners, never exported and never copied into the audit log.
    personal_circumstances = models.TextField(_("keadaan pribadi"), blank=True)
    circumstances_consent = models.BooleanField(_("persetujuan keadaan pribadi"), default=False)
    consent_at = models.DateTimeField(_("persetujuan diberikan"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True)
    receipt_code = models.CharField(_("nomor tanda terima"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        ordering = ["cycle", "employee"]
        verbose_name = _("aspirasi pegawai")
        verbose_name_plural = _("aspirasi pegawai")
        constraints = [
            models.UniqueConstraint(fields=["employee", "cycle"], name="aspiration_unique_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.cycle_id} ({self.status})"

    @property
    def has_unsubmitted_changes(self) -> bool:
        submitted = [row["position_id"] for row in self.submitted_ranking]
        return self.status == AspirationStatus.SUBMITTED and submitted != list(self.draft_ranking)


class ConsultationStatus(models.TextChoices):
    REQUESTED = "requested", _("Diminta")
    SCHEDULED = "scheduled", _("Dijadwalkan")
    DONE = "done", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


class ConsultationRequest(models.Model):
    """An employee's request to talk with HR about their career, and what came of it."""

    employee = models.ForeignKey(
        "people.Employee", models.CASCADE, related_name="consultations", verbose_name=_("pegawai")
    )
    cycle = models.ForeignKey(
        "Cycle",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("siklus"),
    )
    topic = models.CharField(_("topik"), max_length=200)
    preferred_time = models.CharField(_("waktu yang diinginkan"), max_length=200)
    message = models.TextField(_("pesan"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.REQUESTED,
    )
    scheduled_for = models.DateTimeField(_("jadwal"), null=True, blank=True)
    outcome = models.TextField(_("hasil konsultasi"), blank=True)
    created_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("permintaan konsultasi")
        verbose_name_plural = _("permintaan konsultasi")

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.topic}"


class ConsultationNote(models.Model):
    """A note HR writes on a consultation; the employee sees the notes of their own requests."""

    request = models.ForeignKey(ConsultationRequest, models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("penulis")
    )
    text = models.TextField(_("catatan"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("catatan konsultasi")
        verbose_name_plural = _("catatan konsultasi")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.text[:40]}"


class ActivationCode(models.Model):
    """The one-time code HR prints for an employee to set their first password.

    Only a keyed hash of the code is stored: the code itself is shown once, on the page printed
    when it is issued. Codes are random (50 bits), so a fast keyed hash is enough; guessing is
    slowed per NIP and client address (``ActivationThrottle``), never by the code alone, so a
    stranger cannot block an employee's code.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="activation_code"
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(_("dibuat"))
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai pada"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("percobaan gagal"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("kode aktivasi")
        verbose_name_plural = _("kode aktivasi")

    def __str__(self) -> str:
        return f"{self.user_id} ({self.created_at:%Y-%m-%d})"


class ActivationThrottle(models.Model):
    """Wrong activation attempts from one address for one NIP, and until when they are refused.

    Counted per NIP *and* address, so a stranger who knows somebody's NIP slows down only their
    own address, never the employee's code. The first ``FREE_ATTEMPTS`` wrong tries cost nothing;
    each one after waits ``BASE_DELAY`` doubled per extra failure, up to ``MAX_DELAY``. The NIP is
    kept as a keyed hash (a NIP that does not exist is counted the same way, so the answer never
    tells whether it exists).
    """

    FREE_ATTEMPTS = 5
    BASE_DELAY = datetime.timedelta(minutes=1)
    MAX_DELAY = datetime.timedelta(hours=24)

    nip_hash = models.CharField(max_length=128)
    address = models.GenericIPAddressField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("pembatasan aktivasi")
        verbose_name_plural = _("pembatasan aktivasi")
        constraints = [
            models.UniqueConstraint(fields=["nip_hash", "address"], name="one_throttle_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.failures})"

    def delay_after(self, failures: int) -> datetime.timedelta:
        """How long the pair waits after its ``failures``-th wrong try."""
        if failures < self.FREE_ATTEMPTS:
            return datetime.timedelta(0)
        doubling = min(failures - self.FREE_ATTEMPTS, 20)
        return min(self.BASE_DELAY * 2**doubling, self.MAX_DELAY)
