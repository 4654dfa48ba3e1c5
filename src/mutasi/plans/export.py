"""Plain exports of a stored plan: the summary rows (metrics) and the ``rencana.xlsx`` workbook
(sheet ``mutasi``: nip, nama, kode_jabatan_asal, kode_jabatan_tujuan, alasan; sheet
``ringkasan``: the metrics)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.db.models import F

from mutasi.core.tables import csv_text, text_table
from mutasi.core.xlsx import neutralize_formulas

from .models import Move, Plan

MOVE_COLUMNS = ["nip", "nama", "kode_jabatan_asal", "kode_jabatan_tujuan", "alasan"]


def summary_rows(plan: Plan) -> list[tuple[str, Any]]:
    """(metric, value) pairs, metric names in the workbook's Indonesian snake case."""
    m = plan.metrics or {}
    rows: list[tuple[str, Any]] = [
        ("rencana", plan.name),
        ("mekanisme", plan.mechanism),
        ("status", plan.status),
        ("pegawai", m.get("employees")),
        ("mutasi", m.get("moves")),
        ("mutasi_wajib", m.get("forced_moves")),
        ("rantai", m.get("chains")),
        ("siklus_tukar", m.get("cycles")),
        ("wajib_pindah", m.get("must_move")),
        ("wajib_pindah_tetap", m.get("must_move_stayed")),
        ("peserta_preferensi", m.get("participants")),
        ("peserta_lebih_buruk", m.get("worse_off")),
        ("peserta_lebih_buruk_karena_aturan", m.get("worse_off_forced")),
        ("pasangan_iri_beralasan", m.get("justified_envy")),
        ("jabatan_kelebihan", m.get("overstaffed_posts")),
        ("jabatan_prioritas_kurang_sebelum", m.get("priority_posts_below_before")),
        ("jabatan_prioritas_kurang_sesudah", m.get("priority_posts_below_after")),
        ("pelanggaran", m.get("violations")),
        ("nilai_tujuan", plan.objective),
        ("batas_atas", plan.bound),
        ("celah_persen", plan.gap),
        ("waktu_hitung_detik", plan.solve_seconds),
    ]
    for rank, count in (m.get("preference_ranks") or {}).items():
        label = {"0": "tetap", "-1": "tidak_dipilih"}.get(str(rank), str(rank))
        rows.append((f"peringkat_preferensi_{label}", count))
    for s in m.get("sectors") or []:
        rows.append((f"formasi_terisi_{s['sector']}_sebelum", s.get("filled_before")))
        rows.append((f"formasi_terisi_{s['sector']}_sesudah", s.get("filled_after")))
        rows.append((f"formasi_{s['sector']}", s.get("formation")))
        rows.append((f"kekurangan_terisi_{s['sector']}", s.get("shortage_filled")))
    for length, count in (m.get("chain_lengths") or {}).items():
        rows.append((f"rantai_panjang_{length}", count))
    for length, count in (m.get("cycle_lengths") or {}).items():
        rows.append((f"siklus_panjang_{length}", count))
    return rows


def move_rows(plan: Plan) -> list[list[Any]]:
    return [
        list(row)
        for row in Move.objects.filter(plan=plan)
        .exclude(to_position_id=F("from_position_id"))
        .order_by("employee__nip")
        .values_list(
            "employee__nip",
            "employee__name",
            "from_position__code",
            "to_position__code",
            "reason",
        )
    ]


def write_plan_xlsx(plan: Plan, target: Path | io.BytesIO) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "mutasi"
    sheet.append(MOVE_COLUMNS)
    for row in move_rows(plan):
        sheet.append(row)
    neutralize_formulas(sheet)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", [20, 30, 18, 18, 80], strict=True):
        sheet.column_dimensions[letter].width = width
    summary = workbook.create_sheet("ringkasan")
    summary.append(["metrik", "nilai"])
    for cell in summary[1]:
        cell.font = Font(bold=True)
    for name, value in summary_rows(plan):
        summary.append([name, value])
    summary.column_dimensions["A"].width = 40
    workbook.save(target)


def to_text_table(
    rows: list[tuple[str, Any]], header: tuple[str, str] = ("metrik", "nilai")
) -> str:
    def fmt(v: Any) -> str:
        if v is None:
            return "—"
        if isinstance(v, float):
            return f"{v:,.3f}".rstrip("0").rstrip(".")
        return str(v)

    return text_table(header, [(name, fmt(value)) for name, value in rows], underline=True)


def to_csv(rows: list[tuple[str, Any]], header: tuple[str, str] = ("metrik", "nilai")) -> str:
    return csv_text(header, rows)
