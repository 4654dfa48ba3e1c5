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
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

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
    """A file the import cannot or will not read (missing, too big, not a workbook, …).

    ``issues`` locate the problems (sheet when known); nothing is changed.
    """

    def __init__(self, message: str = "", *, issues: list[Issue] | None = None) -> None:
        self.issues = issues or [Issue("", None, "", "", message)]
        super().__init__(message or "; ".join(i.message for i in self.issues))


# A sheet has at most 16 declared columns; users keep a few of their own beside them. A cell far
# to the right (or far down) would make the reader allocate the whole rectangle up to it.
MAX_COLUMNS = 200


def max_rows() -> int:
    """Data rows allowed per sheet (``MUTASI_IMPORT_MAX_ROWS``)."""
    return int(getattr(settings, "MUTASI_IMPORT_MAX_ROWS", 250_000))


def max_megabytes() -> float:
    """Largest file (or CSV folder) the import reads, in MB (``MUTASI_IMPORT_MAX_MB``)."""
    return float(getattr(settings, "MUTASI_IMPORT_MAX_MB", 30))


def max_bytes() -> int:
    return int(max_megabytes() * 1024 * 1024)


def _megabytes(mb: float) -> str:
    """A size in MB as people read it: three significant digits, the locale's decimal mark."""
    value = Decimal(round(mb)) if mb >= 100 else Decimal(f"{mb:.3g}").normalize()
    return formats.number_format(value)


def check_size(size: int) -> None:
    """Refuse a file above the size limit, naming the limit."""
    if size > max_bytes():
        raise UnreadableFile(
            _("file berukuran %(size)s MB, melebihi batas impor %(max)s MB")
            % {"size": _megabytes(size / 1024 / 1024), "max": _megabytes(max_megabytes())}
        )


# --- 1. reading -------------------------------------------------------------------------------


def read_source(source: str | Path | IO[bytes]) -> tuple[dict[str, Table], str]:
    """Read the workbook's known sheets (by lower-cased name) and a label for the report.

    Raises ``UnreadableFile`` for a file that is missing, above the size or row limits, not a
    workbook, or names one sheet twice; nothing is read into the database then.
    """
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
        check_size(path.stat().st_size)
        data = path.read_bytes()
        label = str(path)
    else:
        label = str(getattr(source, "name", "") or "upload.xlsx")
        if label.lower().endswith(".csv"):
            raise UnreadableFile(_("unggah workbook .xlsx, bukan satu file .csv"))
        data = source.read(max_bytes() + 1)
        check_size(len(data))
    return _read_xlsx(data), label


def _sheet_key(name: str) -> str:
    return name.strip().lower()


def _pick_sheets(
    names: list[str], known: Collection[str] | None = None
) -> tuple[dict[str, str], list[Issue]]:
    """Known sheet key → the workbook's sheet name; two sheets read as one key are an error.
    ``known`` defaults to every registered sheet."""
    if known is None:
        known = registry.sheets_by_name()
    picked: dict[str, str] = {}
    issues = []
    for name in names:
        key = _sheet_key(name)
        if key not in known:
            continue
        if key in picked:
            issues.append(
                Issue(
                    key,
                    None,
                    "",
                    "",
                    _(
                        "sheet '%(a)s' dan '%(b)s' sama-sama dibaca sebagai sheet %(key)s;"
                        " hapus atau ganti nama salah satunya"
                    )
                    % {"a": picked[key], "b": name, "key": key},
                )
            )
        else:
            picked[key] = name
    return picked, issues


def _read_xlsx(data: bytes) -> dict[str, Table]:
    from python_calamine import CalamineError, CalamineWorkbook

    scans: dict[str, SheetScan] = {}
    if zipfile.is_zipfile(io.BytesIO(data)):
        scans = scan_xlsx(data)  # sizes and error cells, before anything is allocated
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        picked, issues = _pick_sheets(list(book.sheet_names))
        if issues:
            raise UnreadableFile(issues=issues)
        tables: dict[str, Table] = {}
        for key, name in picked.items():
            grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            _check_rows(key, name, len(grid))
            tables[key] = Table(name, grid)
    except (CalamineError, ValueError, OSError) as exc:
        raise UnreadableFile(
            _("file tidak dapat dibaca sebagai .xlsx (%(e)s)") % {"e": exc}
        ) from exc
    if any(scan.has_error_cells for scan in scans.values()):
        _mark_formula_errors(data, tables)
    return tables


def _check_rows(key: str, name: str, rows: int) -> None:
    """``rows`` counts the header row too."""
    if rows - 1 > max_rows():
        raise UnreadableFile(issues=[_too_many_rows(key, name, rows)])


def _too_many_rows(key: str, name: str, rows: int) -> Issue:
    return Issue(
        key,
        None,
        "",
        "",
        _(
            "sheet %(sheet)s berisi sel sampai baris %(row)d; batas impor %(max)d baris data"
            " per sheet"
        )
        % {"sheet": name, "row": rows, "max": max_rows()},
    )


@dataclass
class SheetScan:
    max_row: int = 0  # 1-based, the header is row 1
    max_column: int = 0
    has_error_cells: bool = False


# A cell reference attribute (r="AB12"); a row's own r="12" has no letters. Searched with a
# literal start, the scan costs about a fifth of what reading the sheet costs.
_CELL_COLUMN = re.compile(rb' r="([A-Z]{1,4})[0-9]')
_CELL_ROW = re.compile(rb' r="[A-Z]{1,4}([0-9]{1,9})"')
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the worksheet XML's path in the archive (from the workbook's relations)."""
    from xml.etree import ElementTree

    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError) as exc:
        raise UnreadableFile(
            _("file bukan workbook .xlsx yang utuh; simpan ulang sebagai .xlsx dari Excel")
        ) from exc
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id", "")] = path
    paths = {}
    for element in book.iter():
        if element.tag.endswith("}sheet") or element.tag == "sheet":
            rid = element.get(f"{{{_REL_NS}}}id", "")
            if rid in targets:
                paths[element.get("name", "")] = targets[rid]
    return paths


def scan_xlsx(data: bytes, sheets: Collection[str] | None = None) -> dict[str, SheetScan]:
    """Check the size of every known sheet from its XML, before the reader allocates its grid.

    A single cell at XFD1048576 makes a reader allocate a rectangle of 17 billion cells, so the
    rows and columns the sheet really reaches are read from the cell references (the declared
    ``<dimension>`` may be missing or wrong) while streaming the XML. ``sheets`` (lower-case
    names) defaults to every registered sheet; another stage's reader passes its own. Raises
    ``UnreadableFile`` naming each sheet over a limit.
    """
    issues: list[Issue] = []
    scans: dict[str, SheetScan] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        paths = _sheet_paths(archive)
        picked, duplicates = _pick_sheets(list(paths), sheets)
        if duplicates:
            raise UnreadableFile(issues=duplicates)
        unpacked_limit = max_bytes() * 40  # sheet XML unpacks to ~10× its zipped size
        unpacked = 0
        for key, name in picked.items():
            try:
                info = archive.getinfo(paths[name])
            except KeyError:
                continue  # the reader reports a sheet it cannot find
            unpacked += info.file_size
            if unpacked > unpacked_limit:
                raise UnreadableFile(
                    _("isi file terlalu besar setelah dibuka; batas impor %(max)s MB")
                    % {"max": _megabytes(max_megabytes())}
                )
            scan = _scan_sheet(archive, info)
            scans[key] = scan
            if scan.max_column > MAX_COLUMNS:
                issues.append(
                    Issue(
                        key,
                        None,
                        "",
                        "",
                        _(
                            "sheet %(sheet)s berisi sel sampai kolom %(col)s; batas impor"
                            " %(max)d kolom per sheet (hapus isi dan format sel di luar tabel)"
                        )
                        % {
                            "sheet": name,
                            "col": get_column_letter(min(scan.max_column, 18278)),
                            "max": MAX_COLUMNS,
                        },
                    )
                )
            if scan.max_row - 1 > max_rows():
                issues.append(_too_many_rows(key, name, scan.max_row))
    if issues:
        raise UnreadableFile(issues=issues)
    return scans


def _scan_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> SheetScan:
    scan = SheetScan()
    rows_seen = 0
    columns: set[bytes] = set()
    carry = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(1 << 22)
            block = carry + chunk
            if chunk:  # keep an unfinished tag for the next round
                cut = block.rfind(b"<")
                block, carry = block[:cut], block[cut:]
            columns.update(_CELL_COLUMN.findall(block))
            scan.max_row = max([scan.max_row, *map(int, _CELL_ROW.findall(block))])
            rows_seen += block.count(b"<row") + block.count(b":row ")  # rows without a number
            if b't="e"' in block or b"t='e'" in block:
                scan.has_error_cells = True
            if not chunk:
                break
    scan.max_row = max(scan.max_row, rows_seen)
    scan.max_column = max(map(_column_number, columns), default=0)
    return scan


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
    files = sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() == ".csv" and _sheet_key(path.stem) in registry.sheets_by_name()
    )
    picked, duplicates = _pick_sheets([path.stem for path in files])
    if duplicates:
        raise UnreadableFile(issues=duplicates)
    check_size(sum(path.stat().st_size for path in files))
    tables: dict[str, Table] = {}
    issues: list[Issue] = []
    for path in files:
        key = _sheet_key(path.stem)
        if picked.get(key) != path.stem:
            continue
        try:
            tables[key] = Table(path.name, _read_csv(path))
        except UnreadableFile as exc:
            issues.extend(Issue(key, None, "", "", i.message) for i in exc.issues)
    if issues:
        raise UnreadableFile(issues=issues)
    return tables


def _read_csv(path: Path) -> list[list[Any]]:
    return read_csv_bytes(path.read_bytes(), path.name)


def read_csv_bytes(raw: bytes, name: str) -> list[list[Any]]:
    """The grid of one CSV file called ``name``: UTF-8 (or Excel's Windows code page), separated
    by commas, semicolons or tabs. Raises ``UnreadableFile`` naming the file for UTF-16, more
    rows than the limit, or a line that is not CSV."""
    # UTF-16 ("Unicode Text" in Excel), with its byte-order mark or without (then every other
    # byte of Latin text is NUL).
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw.count(b"\x00") * 4 > len(raw):
        raise UnreadableFile(
            _(
                'file %(file)s tersimpan sebagai UTF-16 ("Unicode Text"); simpan ulang'
                ' sebagai "CSV UTF-8"'
            )
            % {"file": name}
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # "CSV" saved by Excel on Windows
    first_line = text.split("\n", 1)[0]
    # Excel in the Indonesian locale writes ';' as the separator (the comma is the decimal
    # mark); the header has no quoted separators, so counting them there is reliable.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    grid: list[list[Any]] = []
    limit = max_rows() + 1
    try:
        for row in reader:
            grid.append(row)
            if len(grid) > limit:
                raise UnreadableFile(
                    _(
                        "file %(file)s berisi lebih dari %(max)d baris data; batas impor"
                        " %(max)d baris data per sheet"
                    )
                    % {"file": name, "max": max_rows()}
                )
    except csv.Error:
        raise UnreadableFile(
            _("file %(file)s tidak dapat dibaca sebagai CSV di baris %(row)d")
            % {"file": name, "row": reader.line_num}
        ) from None
    return grid


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
