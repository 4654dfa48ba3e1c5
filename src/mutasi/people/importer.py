"""Reading and checking the import workbook, then writing it: all or nothing.

Three steps, each a plain function:

1. ``read_source`` turns an .xlsx (or a folder of .csv files named after the sheets) into raw
   grids of cells. python-calamine reads .xlsx fast but reads a formula-error cell (#N/A, #REF!, …)
   as an empty string (python-calamine issue #105), which would let a broken formula pass as an
   empty optional cell. So when the file's worksheet XML holds any error cell (``t="e"``), those
   cells are located again with openpyxl and put back as ``FormulaError``.
2. ``validate`` parses every cell of every registered sheet (``registry``: people's own sheets and
   those the later stages add) by its column specs, checks keys, then runs each sheet's checks in
   dependency order (codes and cross-sheet references against the file and the database), and
   collects EVERY problem as an ``Issue`` (sheet / row / column / value / Indonesian reason).
   Warnings do not block.
3. ``apply`` runs each sheet's writer in the same order (upserts by key, counting new / updated /
   unchanged / removed rows). The service ``do_import_workbook`` runs 2 and 3 in one transaction
   and writes the audit entry; nothing is written when step 2 found an error.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from . import registry
from .models import Employee
from .registry import ImportContext, ImportReport, Issue, Record, SheetCounts
from .workbook import CellProblem, FormulaError, Sheet, cell_text, make_parser

__all__ = ["ImportReport", "Issue", "Record", "SheetCounts", "Validated", "apply", "validate"]


@dataclass
class Table:
    """One sheet as read: ``grid[0]`` is spreadsheet row 1 (the header)."""

    name: str
    grid: list[list[Any]]


class UnreadableFile(Exception):
    pass


# --- 1. reading -------------------------------------------------------------------------------


def read_source(source: str | Path | IO[bytes]) -> tuple[dict[str, Table], str]:
    """Read the workbook's known sheets (by lower-cased name) and a label for the report."""
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_dir():
            return _read_csv_folder(path), str(path)
        if not path.exists():
            raise UnreadableFile(_("file %(path)s tidak ditemukan") % {"path": path})
        if path.suffix.lower() == ".csv":
            raise UnreadableFile(
                _(
                    "untuk CSV, berikan folder berisi satu file .csv per sheet"
                    " (unit_kerja.csv, jabatan.csv, pegawai.csv, …)"
                )
            )
        data = path.read_bytes()
        label = str(path)
    else:
        data = source.read()
        label = str(getattr(source, "name", "") or "upload.xlsx")
        if label.lower().endswith(".csv"):
            raise UnreadableFile(_("unggah workbook .xlsx, bukan satu file .csv"))
    return _read_xlsx(data), label


def _read_xlsx(data: bytes) -> dict[str, Table]:
    from python_calamine import CalamineError, CalamineWorkbook

    known = registry.sheets_by_name()
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        tables: dict[str, Table] = {}
        for name in book.sheet_names:
            key = name.strip().lower()
            if key in known and key not in tables:
                grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                tables[key] = Table(name, grid)
    except (CalamineError, ValueError, OSError) as exc:
        raise UnreadableFile(
            _("file tidak dapat dibaca sebagai .xlsx (%(e)s)") % {"e": exc}
        ) from exc
    if _has_error_cells(data):
        _mark_formula_errors(data, tables)
    return tables


def _has_error_cells(data: bytes) -> bool:
    """A cheap scan: does any worksheet XML hold a cell of type error (``t="e"``)?

    Only .xlsx/.xlsm are zip archives with worksheet XML; calamine also reads .xls and .ods,
    whose error cells this cannot see.
    """
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return False
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                xml = archive.read(info)
                if b't="e"' in xml or b"t='e'" in xml:
                    return True
    return False


def _mark_formula_errors(data: bytes, tables: dict[str, Table]) -> None:
    """Put the error cells calamine reads as '' back into the grids (slow path, rare)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for table in tables.values():
            sheet = book[table.name]
            sheet.reset_dimensions()
            for r, row in enumerate(sheet.iter_rows()):
                for c, cell in enumerate(row):
                    if getattr(cell, "data_type", None) == "e":
                        while len(table.grid) <= r:
                            table.grid.append([])
                        line = table.grid[r]
                        while len(line) <= c:
                            line.append("")
                        line[c] = FormulaError(str(cell.value))
    finally:
        book.close()


def _read_csv_folder(folder: Path) -> dict[str, Table]:
    known = registry.sheets_by_name()
    tables: dict[str, Table] = {}
    for path in sorted(folder.iterdir()):
        key = path.stem.strip().lower()
        if path.suffix.lower() != ".csv" or key not in known:
            continue
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")  # "CSV" saved by Excel on Windows
        first_line = text.split("\n", 1)[0]
        # Excel in the Indonesian locale writes ';' as the separator (the comma is the decimal
        # mark); the header has no quoted separators, so counting them there is reliable.
        delimiter = max((",", ";", "\t"), key=first_line.count)
        grid = [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
        tables[key] = Table(path.name, grid)
    return tables


# --- 2. validating ----------------------------------------------------------------------------


@dataclass
class Validated:
    """Everything ``apply`` needs: parsed rows and the database state they were checked against."""

    report: ImportReport
    records: dict[str, list[Record]]
    context: ImportContext


class _Checker:
    """Reads each sheet's grid into records, reporting cells that cannot be read."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.error = context.error
        self.today = context.today
        self.nip_cache: dict[str, str] = {}

    def parse_sheet(self, sheet: Sheet, table: Table | None) -> list[Record]:
        if table is None:
            if sheet.required:
                self.error(sheet, None, "", "", _("sheet %(s)s tidak ada") % {"s": sheet.name})
            return []
        grid = table.grid
        if not sheet.required and not any(
            str(v).strip() for line in grid[:2] for v in line if v is not None
        ):
            return []  # an optional sheet left completely empty counts as absent
        header = [str(h).strip().lower().rstrip("*").strip() for h in (grid[0] if grid else [])]
        positions: dict[str, int] = {}
        for index, name in enumerate(header):
            if name in sheet.by_name:
                if name in positions:
                    self.error(sheet, 1, name, name, _("kolom muncul dua kali di baris judul"))
                positions.setdefault(name, index)
        missing = [c for c in sheet.columns if c.name not in positions]
        for column in missing:
            self.error(sheet, 1, column.name, "", _("kolom tidak ada di baris judul"))
        if missing:
            return []
        layout = [
            (c.name, positions[c.name], make_parser(c, today=self.today, nip_cache=self.nip_cache))
            for c in sheet.columns
        ]
        width = max(index for _, index, _ in layout) + 1
        records = []
        for r in range(1, len(grid)):
            line = grid[r]
            for value in line:  # skip empty rows; the first cell is usually enough to tell
                if value is not None and value != "" and (type(value) is not str or value.strip()):
                    break
            else:
                continue
            if len(line) < width:
                line = list(line) + [None] * (width - len(line))
            values: dict[str, Any] = {}
            ok = True
            for name, index, parse in layout:
                raw = line[index]
                try:
                    values[name] = parse(raw)
                except CellProblem as exc:
                    self.error(sheet, r + 1, name, raw, str(exc))
                    ok = False
                    values[name] = None
            records.append(Record(r + 1, values, ok))
        return records

    def unique(self, sheet: Sheet, records: list[Record]) -> None:
        """Two rows with the same key: the later one is the error, naming the first."""
        seen: dict[tuple[Any, ...], int] = {}
        for rec in records:
            key = tuple(rec.values[c] for c in sheet.key)
            if any(k is None or k == "" for k in key):
                continue
            if key in seen:
                shown = ", ".join(
                    f"{c} {cell_text(v)}" for c, v in zip(sheet.key, key, strict=True)
                )
                self.error(
                    sheet,
                    rec.row,
                    sheet.key[-1],
                    key[-1],
                    _("duplikat: %(key)s sudah ada di baris %(row)d")
                    % {"key": shown, "row": seen[key]},
                )
                rec.ok = False
            else:
                seen[key] = rec.row


def validate(tables: dict[str, Table], label: str) -> Validated:
    """Parse and check every registered sheet; the report's ``errors`` list every problem found."""
    report = ImportReport(source=label)
    plugins = registry.plugins()
    records: dict[str, list[Record]] = {}
    context = ImportContext(report, records, timezone.localdate())
    check = _Checker(context)
    for plugin in plugins:
        records[plugin.name] = check.parse_sheet(plugin.sheet, tables.get(plugin.name))
    for plugin in plugins:
        check.unique(plugin.sheet, records[plugin.name])
    context.employee_ids_before = dict(Employee.objects.values_list("nip", "id"))
    for plugin in plugins:
        plugin.validate(context, records[plugin.name])

    order = {p.name: i for i, p in enumerate(plugins)}
    column_order = {(p.name, c.name): i for p in plugins for i, c in enumerate(p.sheet.columns)}

    def sort_key(issue: Issue) -> tuple[int, int, int]:
        return (
            order.get(issue.sheet, -1),
            issue.row or 0,
            column_order.get((issue.sheet, issue.column), -1),
        )

    report.errors.sort(key=sort_key)
    report.warnings.sort(key=sort_key)
    return Validated(report, records, context)


# --- 3. writing -------------------------------------------------------------------------------


def apply(validated: Validated) -> ImportReport:
    """Write a validated file (no errors), sheet by sheet in dependency order, and count rows."""
    report, records, context = validated.report, validated.records, validated.context
    assert report.ok, "apply() needs a file without errors"
    for plugin in registry.plugins():
        report.counts[plugin.name] = plugin.apply(context, records[plugin.name])
    return report
