"""The tables of the needs analysis (per post, unit, sector), defined once.

The pages, their xlsx exports and ``mutasi needs`` all take their columns from here, so a figure
cannot differ between them. ``key`` is the machine header (CSV / xlsx / command line) and stays
stable; ``label`` is what the page shows.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mutasi.core.tables import csv_text, text_table
from mutasi.core.xlsx import text_safe

from .selectors import GroupNeeds, NeedsAnalysis, PostNeeds


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    value: Callable[[Any], Any]
    numeric: bool = False
    help: str | Promise = ""


def _source_label(post: PostNeeds) -> str:
    return str(SOURCE_LABELS[post.source.value])


SOURCE_LABELS = {
    "override": _("ditetapkan perencana"),
    "abk": _("ABK"),
    "imported": _("impor (kolom kebutuhan)"),
    "staff": _("tidak ada data (= bezetting)"),
}


def post_columns(analysis: NeedsAnalysis, *, full: bool = True) -> list[Column]:
    """Per post. The first seven are the ``mutasi needs`` columns; ``full`` adds the rest."""
    columns = [
        Column("kode_jabatan", _("Kode jabatan"), lambda p: p.code),
        Column("nama_jabatan", _("Nama jabatan"), lambda p: p.name),
        Column("kode_unit", _("Kode unit"), lambda p: p.unit_code),
        Column("bezetting", _("Bezetting"), lambda p: p.staff, True, _("pegawai sekarang")),
        Column(
            "kebutuhan_abk",
            _("Kebutuhan ABK"),
            lambda p: p.abk_needed,
            True,
            _("Σ volume × menit ÷ waktu efektif, dua desimal"),
        ),
        Column("kebutuhan", _("Kebutuhan"), lambda p: p.formation, True, _("formasi yang berlaku")),
        Column("selisih", _("Selisih"), lambda p: p.difference, True, _("bezetting − kebutuhan")),
    ]
    if not full:
        return columns
    columns += [
        Column("sumber_kebutuhan", _("Sumber kebutuhan"), _source_label),
        Column("kebutuhan_abk_bulat", _("ABK dibulatkan"), lambda p: p.abk_formation, True),
        Column("kebutuhan_ditetapkan", _("Ditetapkan perencana"), lambda p: p.override, True),
        Column("kebutuhan_impor", _("Kebutuhan impor"), lambda p: p.imported_formation, True),
        Column("nama_unit", _("Nama unit"), lambda p: p.unit_name),
        Column("sektor", _("Sektor"), lambda p: p.sector),
        Column("rumpun", _("Rumpun"), lambda p: p.job_family),
        Column("ej", _("EJ"), lambda p: p.ej, True, _("efektivitas jabatan")),
        Column("prestasi", _("Prestasi"), lambda p: p.grade),
    ]
    columns += _future_columns(analysis)
    return columns


def _future_columns(analysis: NeedsAnalysis) -> list[Column]:
    columns = []
    for i, year in enumerate(analysis.years):
        columns.append(
            Column(
                f"selisih_{year}",
                _("Selisih akhir %(year)s") % {"year": year},
                lambda r, i=i: r.future_difference[i],
                True,
                _("setelah pensiun BUP"),
            )
        )
    return columns


def _group_columns(analysis: NeedsAnalysis, full: bool) -> list[Column]:
    columns = [
        Column("jumlah_jabatan", _("Jabatan"), lambda g: g.posts, True),
        Column("bezetting", _("Bezetting"), lambda g: g.staff, True),
        Column("kebutuhan_abk", _("Kebutuhan ABK"), lambda g: g.abk_needed, True),
        Column("kebutuhan", _("Kebutuhan"), lambda g: g.formation, True),
        Column("selisih", _("Selisih"), lambda g: g.difference, True),
        Column(
            "kekurangan", _("Kekurangan"), lambda g: g.shortage, True, _("Σ kekurangan per jabatan")
        ),
        Column(
            "kelebihan", _("Kelebihan"), lambda g: g.surplus, True, _("Σ kelebihan per jabatan")
        ),
        Column("ej", _("EJ"), lambda g: g.ej, True),
        Column("prestasi", _("Prestasi"), lambda g: g.grade),
    ]
    if full:
        columns += _future_columns(analysis)
    return columns


def unit_columns(analysis: NeedsAnalysis, *, full: bool = True) -> list[Column]:
    return [
        Column("kode_unit", _("Kode unit"), lambda g: g.key),
        Column("nama_unit", _("Nama unit"), lambda g: g.label),
        Column("sektor", _("Sektor"), lambda g: g.sector),
        *_group_columns(analysis, full),
    ]


def sector_columns(analysis: NeedsAnalysis, *, full: bool = True) -> list[Column]:
    return [Column("sektor", _("Sektor"), lambda g: g.key), *_group_columns(analysis, full)]


def heatmap_columns(families: Sequence[str]) -> list[Column]:
    """Rows are (unit group, cells per family): the selisih of each unit × job family."""
    columns = [
        Column("kode_unit", _("Kode unit"), lambda r: r[0].key),
        Column("nama_unit", _("Nama unit"), lambda r: r[0].label),
        Column("sektor", _("Sektor"), lambda r: r[0].sector),
        Column("kekurangan", _("Kekurangan"), lambda r: r[0].shortage, True),
    ]
    for i, family in enumerate(families):
        columns.append(
            Column(
                f"selisih_{family}",
                family,
                lambda r, i=i: r[1][i].difference if r[1][i] is not None else None,
                True,
            )
        )
    return columns


TABLES: dict[str, Callable[..., list[Column]]] = {
    "post": post_columns,
    "unit": unit_columns,
    "sector": sector_columns,
}


def rows_for(analysis: NeedsAnalysis, by: str) -> Sequence[PostNeeds | GroupNeeds]:
    if by == "unit":
        return analysis.by_unit()
    if by == "sector":
        return analysis.by_sector()
    return analysis.posts


def as_text(value: Any) -> str:
    """How a cell reads in CSV and on the terminal: decimals with two places, blanks for none."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def sort_rows(rows: Sequence[Any], column: Column, descending: bool) -> list[Any]:
    """Sort by a column; empty cells always last."""
    present = [r for r in rows if column.value(r) is not None]
    missing = [r for r in rows if column.value(r) is None]
    key = (lambda r: column.value(r)) if column.numeric else (lambda r: str(column.value(r)))
    return sorted(present, key=key, reverse=descending) + missing


def _cells(columns: Sequence[Column], rows: Sequence[Any]) -> list[list[str]]:
    return [[as_text(c.value(r)) for c in columns] for r in rows]


def to_csv(columns: Sequence[Column], rows: Sequence[Any]) -> str:
    return csv_text([c.key for c in columns], _cells(columns, rows))


def to_text_table(columns: Sequence[Column], rows: Sequence[Any]) -> str:
    return text_table(
        [c.key for c in columns], _cells(columns, rows), numeric=[c.numeric for c in columns]
    )


def to_xlsx(title: str, columns: Sequence[Column], rows: Sequence[Any]) -> bytes:
    """One sheet: row 1 holds the stable keys (as in the CSV), numbers stay numbers and the
    two-decimal figures are formatted 0.00."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.key)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        values = []
        for column in columns:
            value = column.value(row)
            if isinstance(value, Decimal):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "0.00"
                values.append(cell)
            else:
                values.append(value)
        sheet.append(text_safe(sheet, values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
