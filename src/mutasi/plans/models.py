"""The plans computed for a transfer cycle, the cycle's pins, and the review of each plan.

The cycle itself lives in ``mutasi.participation`` (the first stage that needs it: its
preference window); it is re-exported here for the code that reads it with the plans.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mutasi.participation.models import Cycle

__all__ = [
    "Cycle",
    "Mechanism",
    "Move",
    "Pin",
    "PinKind",
    "Plan",
    "PlanComment",
    "PlanReview",
    "PlanStatus",
]


class PlanStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu dijalankan")
    RUNNING = "running", _("Sedang dihitung")
    FAILED = "failed", _("Gagal")
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan")
    APPROVED = "approved", _("Disetujui")
    PUBLISHED = "published", _("Diumumkan")


class Mechanism(models.TextChoices):
    OPTIMAL = "optimal", _("Optimal (bobot tujuan)")
    FAIR = "fair", _("Adil (pertukaran sukarela)")


class Plan(models.Model):
    """One run of the planner for a cycle, and its review and approval state."""

    cycle = models.ForeignKey(
        Cycle, models.PROTECT, null=True, blank=True, related_name="plans", verbose_name=_("siklus")
    )
    name = models.CharField(_("nama rencana"), max_length=160)
    mechanism = models.CharField(_("mekanisme"), max_length=10, choices=Mechanism.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.QUEUED
    )
    policy = models.JSONField(_("kebijakan yang dipakai"), default=dict, blank=True)
    objective = models.FloatField(_("nilai tujuan"), null=True, blank=True)
    bound = models.FloatField(_("batas atas"), null=True, blank=True)
    gap = models.FloatField(_("celah (%)"), null=True, blank=True)
    metrics = models.JSONField(_("metrik"), default=dict, blank=True)
    solve_seconds = models.FloatField(_("waktu hitung (detik)"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    error = models.TextField(_("pesan galat"), blank=True)
    # Written every few seconds by the process computing the plan (mutasi.plans.runs): a RUNNING
    # plan whose heartbeat is older than settings.PLAN_HEARTBEAT_TIMEOUT has lost its process.
    heartbeat_at = models.DateTimeField(_("tanda hidup terakhir"), null=True, blank=True)
    # Incremented by every edit; a form carries the version it read (optimistic locking).
    version = models.PositiveIntegerField(default=1)
    # The plan this one was re-run from (around the cycle's pins), for comparison.
    based_on = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("berdasarkan rencana"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rencana mutasi")
        verbose_name_plural = _("rencana mutasi")

    def __str__(self) -> str:
        return self.name


class Move(models.Model):
    """One employee's outcome in a plan: a move (from ≠ to) or a stay with a reason."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="moves")
    employee = models.ForeignKey("people.Employee", models.PROTECT, related_name="+")
    from_position = models.ForeignKey("people.Position", models.PROTECT, related_name="+")
    to_position = models.ForeignKey("people.Position", models.PROTECT, related_name="+")
    reason = models.TextField(_("alasan"))
    terms = models.JSONField(_("komponen tujuan"), default=dict, blank=True)
    chain = models.PositiveIntegerField(_("rantai"), null=True, blank=True)
    forced = models.BooleanField(_("wajib pindah"), default=False)
    edited = models.BooleanField(_("diubah manual"), default=False)

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("mutasi")
        verbose_name_plural = _("mutasi")
        constraints = [
            models.UniqueConstraint(fields=["plan", "employee"], name="move_unique_employee")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.from_position_id} → {self.to_position_id}"


class PinKind(models.TextChoices):
    STAY = "stay", _("Tetap di jabatan")
    GOTO = "goto", _("Pindah ke jabatan tertentu")
    NEVER_UNIT = "never_unit", _("Tidak ke unit tertentu")


class Pin(models.Model):
    """A planner's fixed decision for one employee in a cycle, honoured by every run."""

    cycle = models.ForeignKey(Cycle, models.CASCADE, related_name="pins")
    employee = models.ForeignKey("people.Employee", models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis"), max_length=12, choices=PinKind.choices)
    position = models.ForeignKey(
        "people.Position", models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey("people.Unit", models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("penguncian")
        verbose_name_plural = _("penguncian")

    def __str__(self) -> str:
        return f"{self.employee_id} {self.kind}"


class PlanReview(models.Model):
    """Who submitted, approved, returned or published a plan, and when (one row per plan)."""

    plan = models.OneToOneField(Plan, models.CASCADE, related_name="review")
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The approver's comment when a plan is returned (or approved with a note).
    decision_comment = models.TextField(_("catatan keputusan"), blank=True)
    published_at = models.DateTimeField(_("diumumkan pada"), null=True, blank=True)
    decree_number = models.CharField(_("nomor SK"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("peninjauan rencana")
        verbose_name_plural = _("peninjauan rencana")

    def __str__(self) -> str:
        return f"{self.plan_id}"


class PlanComment(models.Model):
    """A comment on a plan, or on one of its moves; a unit head comments on their own unit."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="comments")
    move = models.ForeignKey(Move, models.CASCADE, null=True, blank=True, related_name="comments")
    unit = models.ForeignKey("people.Unit", models.PROTECT, null=True, blank=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    text = models.TextField(_("komentar"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("komentar rencana")
        verbose_name_plural = _("komentar rencana")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.text[:40]}"


class DocumentKind(models.TextChoices):
    DECREE_PDF = "sk_pdf", _("SK (.pdf)")
    DECREE_DOCX = "sk_docx", _("SK (.docx)")
    ATTACHMENT_XLSX = "lampiran_xlsx", _("Lampiran SK (.xlsx)")
    PETIKAN_PDF = "petikan_pdf", _("Petikan SK (.pdf)")


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang disiapkan")
    DONE = "done", _("Siap diunduh")
    FAILED = "failed", _("Gagal")


class DecreeDocument(models.Model):
    """A decree file rendered by the task worker and kept on disk (mutasi.plans.documents): one
    per plan version, header, kind and (for a petikan) move."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis"), max_length=16, choices=DocumentKind.choices)
    move = models.ForeignKey(Move, models.CASCADE, null=True, blank=True, related_name="+")
    key = models.CharField(max_length=64)
    header = models.JSONField(_("kepala surat"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    file_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(_("pesan galat"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dokumen SK")
        verbose_name_plural = _("dokumen SK")
        constraints = [models.UniqueConstraint(fields=["key"], name="decree_document_unique_key")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.kind}"
