"""Writes of the needs analysis: each one transaction with one audit entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mutasi.core.audit import record_audit
from mutasi.core.dataversion import bump_data_version
from mutasi.people.models import Position

from . import abk
from .models import FormationOverride, NeedsSettings, WorkloadTask


@transaction.atomic
def do_override_formation(
    position: Position, formation: int, reason: str, *, acting_user: Any
) -> FormationOverride:
    """Set a post's formation by hand. The reason is required; the ABK figure is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Jabatan %(code)s: alasan penetapan kebutuhan wajib diisi.") % {"code": position.code}
        )
    if formation is None or int(formation) < 0:
        raise ValidationError(
            _("Jabatan %(code)s: kebutuhan harus bilangan bulat 0 atau lebih, bukan %(value)s.")
            % {"code": position.code, "value": formation}
        )
    existing = FormationOverride.objects.select_for_update().filter(position=position).first()
    before = {"formation": existing.formation, "reason": existing.reason} if existing else None
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    override, _created = FormationOverride.objects.update_or_create(
        position=position,
        defaults={"formation": int(formation), "reason": reason, "created_by": user},
    )
    bump_data_version()  # formation and workload change what plans are computed from
    record_audit(
        "needs.override_formation",
        acting_user=acting_user,
        obj=position,
        summary=_("Kebutuhan jabatan %(code)s ditetapkan %(formation)s: %(reason)s")
        % {"code": position.code, "formation": int(formation), "reason": reason},
        before=before,
        after={"formation": int(formation), "reason": reason},
    )
    return override


@transaction.atomic
def do_clear_override(position: Position, *, acting_user: Any) -> bool:
    """Remove a post's hand-set formation (back to ABK / imported). False if there was none."""
    existing = FormationOverride.objects.select_for_update().filter(position=position).first()
    if existing is None:
        return False
    before = {"formation": existing.formation, "reason": existing.reason}
    existing.delete()
    bump_data_version()  # formation and workload change what plans are computed from
    record_audit(
        "needs.clear_override",
        acting_user=acting_user,
        obj=position,
        summary=_("Penetapan kebutuhan jabatan %(code)s dihapus") % {"code": position.code},
        before=before,
        after=None,
    )
    return True


@transaction.atomic
def do_update_settings(
    effective_minutes_per_year: int, rounding: str, *, acting_user: Any
) -> NeedsSettings:
    """Change the effective working minutes per year and the rounding rule of the ABK."""
    if int(effective_minutes_per_year) <= 0:
        raise ValidationError(_("Waktu kerja efektif harus lebih dari 0 menit per tahun."))
    try:
        rule = abk.Rounding(rounding)
    except ValueError:
        raise ValidationError(
            _("Aturan pembulatan '%(value)s' tidak dikenal.") % {"value": rounding}
        ) from None
    row, _created = NeedsSettings.objects.select_for_update().get_or_create(pk=1)
    before = {
        "effective_minutes_per_year": row.effective_minutes_per_year,
        "rounding": row.rounding,
    }
    row.effective_minutes_per_year = int(effective_minutes_per_year)
    row.rounding = rule.value
    row.updated_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    row.save(update_fields=["effective_minutes_per_year", "rounding", "updated_by", "updated_at"])
    after = {"effective_minutes_per_year": row.effective_minutes_per_year, "rounding": row.rounding}
    bump_data_version()  # formation and workload change what plans are computed from
    record_audit(
        "needs.update_settings",
        acting_user=acting_user,
        obj=row,
        summary=_("Pengaturan ABK diubah"),
        before=before,
        after=after,
    )
    return row


def _task_state(task: WorkloadTask) -> dict[str, str]:
    return {
        "description": task.description,
        "output_unit": task.output_unit,
        "volume_per_year": str(task.volume_per_year),
        "minutes_per_unit": str(task.minutes_per_unit),
    }


@transaction.atomic
def do_add_workload_task(
    position: Position,
    description: str,
    output_unit: str,
    volume_per_year: Decimal,
    minutes_per_unit: Decimal,
    *,
    acting_user: Any,
) -> WorkloadTask:
    """Add (or replace, same description) one task of a post's workload, entered by hand."""
    description = (description or "").strip()
    where = _("Jabatan %(code)s, tugas '%(task)s'") % {"code": position.code, "task": description}
    if not description:
        raise ValidationError(
            _("Jabatan %(code)s: uraian tugas wajib diisi.") % {"code": position.code}
        )
    if volume_per_year is None or Decimal(volume_per_year) < 0:
        raise ValidationError(
            _("%(where)s: volume per tahun tidak boleh negatif (%(value)s).")
            % {"where": where, "value": volume_per_year}
        )
    if minutes_per_unit is None or Decimal(minutes_per_unit) <= 0:
        raise ValidationError(
            _("%(where)s: waktu (menit) harus lebih dari 0 (%(value)s).")
            % {"where": where, "value": minutes_per_unit}
        )
    existing = (
        WorkloadTask.objects.select_for_update()
        .filter(position=position, description=description)
        .first()
    )
    before = _task_state(existing) if existing else None
    task, _created = WorkloadTask.objects.update_or_create(
        position=position,
        description=description,
        defaults={
            "output_unit": (output_unit or "").strip(),
            "volume_per_year": Decimal(volume_per_year),
            "minutes_per_unit": Decimal(minutes_per_unit),
        },
    )
    task.refresh_from_db()
    bump_data_version()  # formation and workload change what plans are computed from
    record_audit(
        "needs.set_workload_task",
        acting_user=acting_user,
        obj=position,
        summary=_("Beban kerja jabatan %(code)s: %(task)s")
        % {"code": position.code, "task": description},
        before=before,
        after=_task_state(task),
    )
    return task


@transaction.atomic
def do_remove_workload_task(task: WorkloadTask, *, acting_user: Any) -> None:
    """Remove one task from a post's workload."""
    position = task.position
    before = _task_state(task)
    task.delete()
    bump_data_version()  # formation and workload change what plans are computed from
    record_audit(
        "needs.remove_workload_task",
        acting_user=acting_user,
        obj=position,
        summary=_("Tugas '%(task)s' dihapus dari beban kerja jabatan %(code)s")
        % {"code": position.code, "task": before["description"]},
        before=before,
        after=None,
    )
