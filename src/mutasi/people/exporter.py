"""Writing the workbook: the empty template and the export of the stored data.

Both follow the registered sheets (``registry.plugins()``: people's and the later stages').
The export writes exactly what the import reads, so importing an
export of the same data reports every row unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from mutasi.core.tables import write_csv
from mutasi.core.xlsx import text_safe

from . import registry
from .workbook import NOTES_SHEET, Kind, format_cell

_WIDTHS = {Kind.NIP: 21, Kind.DATE: 12, Kind.INTEGER: 10, Kind.DECIMAL: 14, Kind.NUMBER: 12}


def _notes_rows() -> list[list[str]]:
    rows = [
        [_("Workbook impor Mutasi")],
        [
            _(
                "Satu sheet per jenis data; nama sheet dan kolom tidak boleh diubah. Kolom"
                " bertanda wajib harus diisi. Tanggal ditulis YYYY-MM-DD (atau DD/MM/YYYY, atau"
                " sel tanggal Excel) dan tidak boleh di masa depan. Daftar dipisah titik koma (;)."
            )
        ],
        [
            _(
                "NIP ditulis sebagai teks 18 digit dan harus cocok dengan tanggal_lahir (digit 1–8,"
                " YYYYMMDD) dan jenis_kelamin (digit ke-15: 1 laki-laki, 2 perempuan). Golongan"
                " pegawai di luar rentang gol_min–gol_max jabatannya hanya menjadi peringatan."
            )
        ],
        [
            _(
                "NIP PNS: digit 9–14 bulan mulai CPNS (YYYYMM). NI PPPK: digit 9–12 tahun"
                " pengangkatan (YYYY), digit 13–14 penanda PPPK (2 lalu digit periode, mis. 21)."
                " NIP diperiksa menurut jenis_pegawai baris itu."
            )
        ],
        [
            _(
                "Impor bersifat semua-atau-tidak-sama-sekali: satu baris salah membatalkan seluruh"
                " file dan semua kesalahan dilaporkan sekaligus. Mengimpor ulang kode/NIP yang sama"
                " memperbarui data yang ada."
            )
        ],
        [_("Sebagai CSV: satu file per sheet, dinamai seperti sheet-nya (pegawai.csv, …).")],
        [],
        [_("sheet"), _("kolom"), _("wajib"), _("isi"), _("contoh / pilihan")],
    ]
    for sheet in registry.sheets():
        required = _("sheet wajib") if sheet.required else _("sheet opsional")
        rows.append([sheet.name, "", required, str(sheet.note), ""])
        for column in sheet.columns:
            example = column.example or (", ".join(column.choices) if column.choices else "")
            rows.append(
                [
                    sheet.name,
                    column.name,
                    _("ya") if column.required else "",
                    str(column.note),
                    example,
                ]
            )
    return rows


def write_template(path: str | Path) -> Path:
    """Write the empty workbook: a notes sheet, then each sheet with its header row."""
    import openpyxl
    from openpyxl.styles import Font

    path = Path(path)
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = NOTES_SHEET
    for row in _notes_rows():
        notes.append(row)
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["B"].width = 20
    notes.column_dimensions["D"].width = 70
    notes.column_dimensions["E"].width = 40
    bold = Font(bold=True)
    for sheet in registry.sheets():
        ws = book.create_sheet(sheet.name)
        ws.append(sheet.column_names)
        for index, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=index)
            cell.font = bold
            letter = cell.column_letter
            ws.column_dimensions[letter].width = _WIDTHS.get(column.kind, 18)
            if column.kind in (Kind.NIP, Kind.TEXT):
                # Text format keeps Excel from turning a NIP or a code like 001 into a number.
                ws.column_dimensions[letter].number_format = "@"
        ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _rows(plugin: registry.SheetPlugin, *, for_csv: bool) -> Iterator[list[Any]]:
    if plugin.export_rows is not None:
        yield from plugin.export_rows(for_csv)
        return
    sheet = plugin.sheet
    model = apps.get_model(sheet.model)
    lookups = [c.field for c in sheet.columns]
    order = [sheet.by_name[k].field for k in sheet.key]
    queryset = model.objects.order_by(*order).values_list(*lookups)
    columns = sheet.columns
    for values in queryset.iterator(chunk_size=5000):
        yield [
            format_cell(column, value, for_csv=for_csv)
            for column, value in zip(columns, values, strict=True)
        ]


def export_workbook(target: str | Path) -> dict[str, int]:
    """Write all stored data in the import format; returns the number of rows per sheet.

    ``target`` ending in .xlsx gives one workbook; anything else is a folder of .csv files.
    """
    target = Path(target)
    if target.suffix.lower() == ".xlsx":
        return _export_xlsx(target)
    return _export_csv(target)


def _export_xlsx(path: Path) -> dict[str, int]:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    notes = book.create_sheet(NOTES_SHEET)
    for row in _notes_rows():
        notes.append(row)
    bold = Font(bold=True)
    written = {}
    for plugin in registry.plugins():
        sheet = plugin.sheet
        ws = book.create_sheet(sheet.name)
        for index, column in enumerate(sheet.columns, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            ws.column_dimensions[letter].width = _WIDTHS.get(column.kind, 18)
        header = []
        for name in sheet.column_names:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        ws.freeze_panes = "A2"
        count = 0
        for row in _rows(plugin, for_csv=False):
            ws.append(text_safe(ws, row))
            count += 1
        written[sheet.name] = count
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return written


def _export_csv(folder: Path) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for plugin in registry.plugins():
        sheet = plugin.sheet
        # UTF-8 with a byte-order mark: Excel then opens names with accents correctly.
        with (folder / f"{sheet.name}.csv").open("w", encoding="utf-8-sig", newline="") as out:
            written[sheet.name] = write_csv(out, sheet.column_names, _rows(plugin, for_csv=True))
    return written
