# ruff: noqa: E501  (the column table keeps one column per line)
"""The needs app's sheet of the import workbook: ``beban_kerja`` (workload per post).

Registered with the people app's sheet registry from ``NeedsConfig.ready()``.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy

from mutasi.people.registry import (
    ImportContext,
    Record,
    SheetCounts,
    SheetPlugin,
    stored_rows,
    upsert,
)
from mutasi.people.workbook import KODE_JABATAN_REF, ZERO, Column, Kind, Sheet, unknown_position

from .models import WorkloadTask

MAX_VOLUME = Decimal("999999999999.99")  # WorkloadTask.volume_per_year: 14 digits, 2 decimals
MAX_MINUTES = Decimal("99999999.99")  # WorkloadTask.minutes_per_unit: 10 digits, 2 decimals

BEBAN_KERJA = Sheet(
    "beban_kerja",
    "needs.WorkloadTask",
    key=("kode_jabatan", "uraian_tugas"),
    note=gettext_lazy("Beban kerja tiap jabatan untuk analisis beban kerja (opsional)."),
    columns=(
        KODE_JABATAN_REF,
        Column("uraian_tugas", Kind.TEXT, "description", gettext_lazy("uraian tugas"), True, 300),
        Column("satuan_hasil", Kind.TEXT, "output_unit", gettext_lazy("satuan hasil, mis. dokumen"), max_length=80),
        Column("volume_per_tahun", Kind.DECIMAL, "volume_per_year", gettext_lazy("volume hasil per tahun, tidak negatif"), True, min_value=ZERO, max_value=MAX_VOLUME),
        Column("waktu_menit", Kind.DECIMAL, "minutes_per_unit", gettext_lazy("waktu penyelesaian per satuan hasil, dalam menit, lebih dari 0"), True, min_value=ZERO, min_exclusive=True, max_value=MAX_MINUTES),
    ),
)  # fmt: skip

TASK_FIELDS = ["output_unit", "volume_per_year", "minutes_per_unit"]


def validate_tasks(context: ImportContext, records: list[Record]) -> None:
    for rec in records:
        code = rec.values["kode_jabatan"]
        if code and code not in context.known_positions:
            context.error(BEBAN_KERJA, rec.row, "kode_jabatan", code, unknown_position())


def apply_tasks(context: ImportContext, records: list[Record]) -> SheetCounts:
    """Workload, by (post, task description)."""
    position_ids = context.position_ids
    return upsert(
        WorkloadTask,
        stored_rows(WorkloadTask.objects.all(), ("position_id", "description"), TASK_FIELDS)
        if records
        else {},
        TASK_FIELDS,
        (
            (
                (position_ids[v["kode_jabatan"]], v["uraian_tugas"]),
                (v["satuan_hasil"], v["volume_per_tahun"], v["waktu_menit"]),
            )
            for v in (r.values for r in records)
        ),
        lambda key, values: WorkloadTask(position_id=key[0], description=key[1], **values),
    )


PLUGIN = SheetPlugin(BEBAN_KERJA, validate_tasks, apply_tasks, after=("jabatan",))
