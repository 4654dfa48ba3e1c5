"""Reading and checking the import workbook, then writing it: all or nothing.

Three steps, each a plain function:

1. ``read_source`` turns an .xlsx (or a folder of .csv files named after the sheets) into raw
   grids of cells. python-calamine reads .xlsx fast but reads a formula-error cell (#N/A, #REF!, …)
   as an empty string (python-calamine issue #105), which would let a broken formula pass as an
   empty optional cell. So when the file's worksheet XML holds any error cell (``t="e"``), those
   cells are located again with openpyxl and put back as ``FormulaError``.
2. ``validate`` parses every cell by the column specs in ``workbook.SHEETS``, checks keys, codes
   and cross-sheet references against the file and the database, and collects EVERY problem as an
   ``Issue`` (sheet / row / column / value / Indonesian reason). Warnings do not block.
3. ``apply`` upserts by key (compared in memory, written with bulk_create / bulk_update) and counts
   new / updated / unchanged rows per sheet. The service ``do_import_workbook`` runs 2 and 3 in one
   transaction and writes the audit entry; nothing is written when step 2 found an error.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi.needs.models import WorkloadTask
from mutasi.participation.models import Preference, PreferenceSource

from . import codes, nip
from .models import Competency, Employee, Position, PositionHistory, Unit
from .workbook import (
    BEBAN_KERJA,
    JABATAN,
    PEGAWAI,
    PNS_GOLONGAN_CODES,
    PREFERENSI,
    RIWAYAT_JABATAN,
    SHEETS,
    SHEETS_BY_NAME,
    UNIT_KERJA,
    CellProblem,
    FormulaError,
    Sheet,
    cell_text,
    make_parser,
)

BATCH_SIZE = 2000  # rows per INSERT statement (Django lowers it to SQLite's parameter limit)
# Rows per bulk UPDATE: Django writes one CASE WHEN branch per row, which the database walks for
# every row it updates, so the cost grows with the square of the batch. Of 2000, 500 and 200,
# 200 was fastest on PostgreSQL for 50,000 changed employees (benchmarks/IMPORT.md).
UPDATE_BATCH_SIZE = 200


@dataclass(frozen=True)
class Issue:
    """One problem (or warning) in the file, located as a user sees it in the spreadsheet."""

    sheet: str
    row: int | None  # spreadsheet row (1 = the header row); None for a whole-sheet problem
    column: str
    value: str
    message: str


@dataclass
class SheetCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # only preferensi: an employee's list in the file replaces the old one

    def as_dict(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
        }


@dataclass
class ImportReport:
    """What an import did, or why it did nothing (``errors`` not empty)."""

    source: str
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)  # by sheet name, SHEETS order
    new_competencies: int = 0
    seconds: float = 0.0
    audit_entry_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


# --- 1. reading -------------------------------------------------------------------------------


@dataclass
class Table:
    """One sheet as read: ``grid[0]`` is spreadsheet row 1 (the header)."""

    name: str
    grid: list[list[Any]]


class UnreadableFile(Exception):
    pass


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

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        tables: dict[str, Table] = {}
        for name in book.sheet_names:
            key = name.strip().lower()
            if key in SHEETS_BY_NAME and key not in tables:
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
    tables: dict[str, Table] = {}
    for path in sorted(folder.iterdir()):
        key = path.stem.strip().lower()
        if path.suffix.lower() != ".csv" or key not in SHEETS_BY_NAME:
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
class Record:
    row: int
    values: dict[str, Any]
    ok: bool = True  # every cell parsed


@dataclass
class Validated:
    """Everything ``apply`` needs: parsed rows and the database state they were checked against."""

    report: ImportReport
    records: dict[str, list[Record]]
    employee_ids: dict[str, int]  # NIP → id of the employees stored before the import


class _Checker:
    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.today = timezone.localdate()
        # Translated once: a province's file can hold thousands of these warnings.
        self.out_of_range = _("golongan %(g)s di luar rentang jabatan %(code)s (%(low)s–%(high)s)")
        self.nip_cache: dict[str, str] = {}

    def error(self, sheet: Sheet | str, row: int | None, column: str, value: Any, msg: str) -> None:
        name = sheet if isinstance(sheet, str) else sheet.name
        self.report.errors.append(Issue(name, row, column, cell_text(value), msg))

    def warn(self, sheet: Sheet, row: int, column: str, value: Any, msg: str) -> None:
        self.report.warnings.append(Issue(sheet.name, row, column, cell_text(value), msg))

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


def _unknown_unit() -> str:
    return str(_("kode unit tidak dikenal (tidak ada di sheet unit_kerja maupun di database)"))


def _unknown_position() -> str:
    return str(_("kode jabatan tidak dikenal (tidak ada di sheet jabatan maupun di database)"))


def _unknown_nip() -> str:
    return str(_("NIP tidak dikenal (tidak ada di sheet pegawai maupun di database)"))


def validate(tables: dict[str, Table], label: str) -> Validated:
    """Parse and check everything; the report's ``errors`` list every problem found."""
    report = ImportReport(source=label)
    check = _Checker(report)
    records = {sheet.name: check.parse_sheet(sheet, tables.get(sheet.name)) for sheet in SHEETS}
    for sheet in SHEETS:
        check.unique(sheet, records[sheet.name])

    stored_ranges = {
        code: (low, high)
        for code, low, high in Position.objects.values_list("code", "gol_min", "gol_max")
    }
    employee_ids = dict(Employee.objects.values_list("nip", "id"))

    known_units = _check_units(check, records["unit_kerja"])

    file_positions: dict[str, Record] = {}
    for rec in records["jabatan"]:
        v = rec.values
        file_positions.setdefault(v["kode_jabatan"], rec)
        if v["kode_unit"] and v["kode_unit"] not in known_units:
            check.error(JABATAN, rec.row, "kode_unit", v["kode_unit"], _unknown_unit())
        low, high = v["gol_min"], v["gol_max"]
        if low and high and codes.golongan_rank(low) > codes.golongan_rank(high):
            check.error(
                JABATAN,
                rec.row,
                "gol_max",
                high,
                _("gol_max lebih rendah dari gol_min %(min)s") % {"min": low},
            )
    known_positions = file_positions.keys() | stored_ranges.keys()

    def golongan_range(code: str) -> tuple[str, str]:
        if code in file_positions:
            v = file_positions[code].values
            return v["gol_min"] or "", v["gol_max"] or ""
        return stored_ranges[code]

    file_nips = set()
    for rec in records["pegawai"]:
        v = rec.values
        file_nips.add(v["nip"])
        _check_employee(check, rec, known_positions, golongan_range)
    known_nips = file_nips | employee_ids.keys()

    for rec in records["riwayat_jabatan"]:
        v = rec.values
        if v["nip"] and v["nip"] not in known_nips:
            check.error(RIWAYAT_JABATAN, rec.row, "nip", v["nip"], _unknown_nip())
        code = v["kode_jabatan"]
        if code and code not in known_positions:
            check.error(RIWAYAT_JABATAN, rec.row, "kode_jabatan", code, _unknown_position())
        if not code and not v["nama_jabatan"] and rec.ok:
            check.error(
                RIWAYAT_JABATAN,
                rec.row,
                "nama_jabatan",
                "",
                _("isi kode_jabatan atau nama_jabatan"),
            )
        if v["tmt_mulai"] and v["tmt_selesai"] and v["tmt_selesai"] < v["tmt_mulai"]:
            check.error(
                RIWAYAT_JABATAN,
                rec.row,
                "tmt_selesai",
                v["tmt_selesai"],
                _("tmt_selesai sebelum tmt_mulai %(d)s") % {"d": v["tmt_mulai"].isoformat()},
            )

    for rec in records["beban_kerja"]:
        code = rec.values["kode_jabatan"]
        if code and code not in known_positions:
            check.error(BEBAN_KERJA, rec.row, "kode_jabatan", code, _unknown_position())

    first_row_of_post: dict[tuple[str, str], int] = {}
    for rec in records["preferensi"]:
        v = rec.values
        if v["nip"] and v["nip"] not in known_nips:
            check.error(PREFERENSI, rec.row, "nip", v["nip"], _unknown_nip())
        code = v["kode_jabatan"]
        if code and code not in known_positions:
            check.error(PREFERENSI, rec.row, "kode_jabatan", code, _unknown_position())
        if v["nip"] and code:
            first = first_row_of_post.setdefault((v["nip"], code), rec.row)
            if first != rec.row:
                check.error(
                    PREFERENSI,
                    rec.row,
                    "kode_jabatan",
                    code,
                    _("jabatan ini sudah ada di daftar NIP yang sama di baris %(row)d")
                    % {"row": first},
                )

    order = {s.name: i for i, s in enumerate(SHEETS)}
    column_order = {(s.name, c.name): i for s in SHEETS for i, c in enumerate(s.columns)}

    def sort_key(issue: Issue) -> tuple[int, int, int]:
        return (
            order.get(issue.sheet, -1),
            issue.row or 0,
            column_order.get((issue.sheet, issue.column), -1),
        )

    report.errors.sort(key=sort_key)
    report.warnings.sort(key=sort_key)
    return Validated(report, records, employee_ids)


def _check_units(check: _Checker, records: list[Record]) -> set[str]:
    """Every kode_induk is known, and following parents never comes back to the start.

    Returns the unit codes known after the import (stored or in the file).
    """
    parent_of = {
        code: parent or ""
        for code, parent in Unit.objects.values_list("code", "parent__code").iterator()
    }
    row_of: dict[str, int] = {}
    for rec in records:
        code, parent = rec.values["kode_unit"], rec.values["kode_induk"]
        if code:
            row_of.setdefault(code, rec.row)
            parent_of[code] = parent or ""
    for rec in records:
        parent = rec.values["kode_induk"]
        if parent and parent not in parent_of:
            check.error(UNIT_KERJA, rec.row, "kode_induk", parent, _unknown_unit())
    reported: set[str] = set()
    for rec in records:
        start = rec.values["kode_unit"]
        if not start or start in reported:
            continue
        path = [start]
        seen = {start}
        code = parent_of.get(start, "")
        while code and code in parent_of:
            if code in seen:
                cycle = path[path.index(code) :] + [code]
                reported.update(cycle)
                check.error(
                    UNIT_KERJA,
                    row_of.get(cycle[0], rec.row),
                    "kode_induk",
                    parent_of[cycle[0]],
                    _("unit induk membentuk siklus: %(cycle)s") % {"cycle": " → ".join(cycle)},
                )
                break
            seen.add(code)
            path.append(code)
            code = parent_of.get(code, "")
    return set(parent_of)


def _check_employee(
    check: _Checker,
    rec: Record,
    known_positions: Iterable[str] | set[str],
    golongan_range: Callable[[str], tuple[str, str]],
) -> None:
    v = rec.values
    row = rec.row
    if v["nip"] and (v["tanggal_lahir"] or v["jenis_kelamin"]):
        for problem in nip.nip_problems(
            v["nip"], birth_date=v["tanggal_lahir"], gender=v["jenis_kelamin"] or None
        ):
            check.error(PEGAWAI, row, "nip", v["nip"], problem)
    golongan, kind = v["golongan"], v["jenis_pegawai"]
    if golongan and kind:
        is_pns_code = golongan in PNS_GOLONGAN_CODES
        if kind == "PNS" and not is_pns_code:
            check.error(PEGAWAI, row, "golongan", golongan, _("bukan golongan PNS (I/a … IV/e)"))
            golongan = ""
        elif kind == "PPPK" and is_pns_code:
            check.error(PEGAWAI, row, "golongan", golongan, _("bukan golongan PPPK (I … XVII)"))
            golongan = ""
    code = v["kode_jabatan"]
    if code and code not in known_positions:
        check.error(PEGAWAI, row, "kode_jabatan", code, _unknown_position())
    elif code and golongan:
        low, high = golongan_range(code)
        rank = codes.golongan_rank(golongan)
        if (low and rank < codes.golongan_rank(low)) or (high and rank > codes.golongan_rank(high)):
            check.warn(
                PEGAWAI,
                row,
                "golongan",
                golongan,
                check.out_of_range
                % {"g": golongan, "code": code, "low": low or "…", "high": high or "…"},
            )
    if v["nip_pasangan"] and v["nip_pasangan"] == v["nip"]:
        check.error(
            PEGAWAI,
            row,
            "nip_pasangan",
            v["nip_pasangan"],
            _("NIP pasangan sama dengan NIP pegawai sendiri"),
        )


# --- 3. writing -------------------------------------------------------------------------------


# openpyxl writes floats with 16 significant digits ("%.16g"), one fewer than a double needs, so a
# float that went through an .xlsx may come back one unit off in the last digit.
FLOAT_TOLERANCE = 1e-15


def _differs(old: Any, new: Any) -> bool:
    if old == new:
        return False
    if type(old) is float and type(new) is float:
        return not math.isclose(old, new, rel_tol=FLOAT_TOLERANCE)
    return True


Key = Any
Stored = dict[Key, tuple[int, tuple[Any, ...]]]


def _stored(queryset: models.QuerySet[Any], key: tuple[str, ...], fields: list[str]) -> Stored:
    """Key → (pk, values of ``fields``) of the stored rows, read as plain tuples (fast)."""
    n = len(key)
    rows = queryset.values_list("pk", *key, *fields).iterator(chunk_size=10_000)
    if n == 1:
        return {row[1]: (row[0], row[2:]) for row in rows}
    return {row[1 : 1 + n]: (row[0], row[1 + n :]) for row in rows}


def _upsert(
    model: type[models.Model],
    stored: Stored,
    fields: list[str],
    desired: Iterable[tuple[Key, tuple[Any, ...]]],
    make: Callable[[Key, dict[str, Any]], models.Model],
) -> SheetCounts:
    """Create the missing rows and update the changed ones, writing only the changed fields."""
    counts = SheetCounts()
    new: list[models.Model] = []
    changed_by_fields: dict[tuple[str, ...], list[models.Model]] = defaultdict(list)
    for key, values in desired:
        hit = stored.get(key)
        if hit is None:
            new.append(make(key, dict(zip(fields, values, strict=True))))
            continue
        pk, old = hit
        changed = (
            ()
            if old == values
            else tuple(f for f, a, b in zip(fields, old, values, strict=True) if _differs(a, b))
        )
        if changed:
            obj = model(
                pk=pk, **{f: v for f, v in zip(fields, values, strict=True) if f in changed}
            )
            changed_by_fields[changed].append(obj)
            counts.updated += 1
        else:
            counts.unchanged += 1
    model.objects.bulk_create(new, batch_size=BATCH_SIZE)
    counts.new = len(new)
    for changed_fields, objs in changed_by_fields.items():
        model.objects.bulk_update(objs, list(changed_fields), batch_size=UPDATE_BATCH_SIZE)
    return counts


UNIT_FIELDS = ["name", "parent_id", "sector", "kecamatan"]
POSITION_FIELDS = [
    "unit_id", "name", "kind", "job_family", "gol_min", "gol_max", "education_min", "majors",
    "certificate", "competencies", "formation",
]  # fmt: skip
EMPLOYEE_FIELDS = [
    "name", "birth_date", "gender", "employee_type", "golongan", "education", "major",
    "position_id", "position_start", "home_kecamatan", "performance", "potential",
    "competencies", "certificates", "spouse_nip",
]  # fmt: skip
HISTORY_FIELDS = ["position_id", "position_name", "job_family", "end"]
TASK_FIELDS = ["output_unit", "volume_per_year", "minutes_per_unit"]


def apply(validated: Validated) -> ImportReport:
    """Write a validated file (no errors) and fill in the report's counts."""
    report, records = validated.report, validated.records
    assert report.ok, "apply() needs a file without errors"

    # Units, parents before children (a parent may be new in this file): one layer at a time.
    unit_rows = records["unit_kerja"]
    file_parent = {r.values["kode_unit"]: r.values["kode_induk"] for r in unit_rows}
    depth: dict[str, int] = {}
    for start in file_parent:
        chain = []
        code = start
        while code in file_parent and code not in depth:
            chain.append(code)
            code = file_parent[code]
        base = depth.get(code, -1)
        for offset, link in enumerate(reversed(chain), start=1):
            depth[link] = base + offset
    stored_units = _stored(Unit.objects.all(), ("code",), UNIT_FIELDS)
    unit_ids = {code: pk for code, (pk, _) in stored_units.items()}
    counts = SheetCounts()
    for layer in sorted(set(depth.values())):
        layer_counts = _upsert(
            Unit,
            stored_units,
            UNIT_FIELDS,
            (
                (
                    v["kode_unit"],
                    (
                        v["nama_unit"],
                        unit_ids[v["kode_induk"]] if v["kode_induk"] else None,
                        v["sektor"],
                        v["kecamatan"],
                    ),
                )
                for v in (r.values for r in unit_rows)
                if depth[v["kode_unit"]] == layer
            ),
            lambda code, values: Unit(code=code, **values),
        )
        unit_ids = dict(Unit.objects.values_list("code", "id"))
        counts.new += layer_counts.new
        counts.updated += layer_counts.updated
        counts.unchanged += layer_counts.unchanged
    report.counts["unit_kerja"] = counts

    # Positions.
    report.counts["jabatan"] = _upsert(
        Position,
        _stored(Position.objects.all(), ("code",), POSITION_FIELDS),
        POSITION_FIELDS,
        (
            (
                v["kode_jabatan"],
                (
                    unit_ids[v["kode_unit"]],
                    v["nama_jabatan"],
                    v["jenis_jabatan"],
                    v["rumpun"],
                    v["gol_min"],
                    v["gol_max"],
                    v["pendidikan_min"],
                    v["jurusan"],
                    v["sertifikasi"],
                    v["kompetensi"],
                    v["kebutuhan"],
                ),
            )  # fmt: skip
            for v in (r.values for r in records["jabatan"])
        ),
        lambda code, values: Position(code=code, **values),
    )
    position_by_code = {
        code: (pk, name, family)
        for pk, code, name, family in Position.objects.values_list(
            "id", "code", "name", "job_family"
        )
    }

    # Employees.
    pegawai = records["pegawai"]
    report.counts["pegawai"] = _upsert(
        Employee,
        _stored(Employee.objects.all(), ("nip",), EMPLOYEE_FIELDS) if pegawai else {},
        EMPLOYEE_FIELDS,
        (
            (
                v["nip"],
                (
                    v["nama"],
                    v["tanggal_lahir"],
                    v["jenis_kelamin"],
                    v["jenis_pegawai"],
                    v["golongan"],
                    v["pendidikan"],
                    v["jurusan"],
                    position_by_code[v["kode_jabatan"]][0],
                    v["tmt_jabatan"],
                    v["kecamatan_domisili"],
                    v["predikat_kinerja"],
                    v["nilai_potensi"],
                    v["kompetensi"],
                    v["sertifikasi"],
                    v["nip_pasangan"],
                ),
            )  # fmt: skip
            for v in (r.values for r in pegawai)
        ),
        lambda nip_, values: Employee(nip=nip_, **values),
    )
    employee_ids = (
        dict(Employee.objects.values_list("nip", "id")) if pegawai else validated.employee_ids
    )

    # Competencies named on posts and people become reference rows.
    names = {n for r in records["jabatan"] for n in r.values["kompetensi"]}
    names.update(n for r in pegawai for n in r.values["kompetensi"])
    known = set(Competency.objects.values_list("name", flat=True))
    fresh = [Competency(name=n) for n in sorted(names - known)]
    Competency.objects.bulk_create(fresh, batch_size=BATCH_SIZE)
    report.new_competencies = len(fresh)

    # Position history, by (employee, start). A post named by code lends its name and family.
    riwayat = records["riwayat_jabatan"]

    def history_values(v: dict[str, Any]) -> tuple[Any, ...]:
        pk, name, family = position_by_code.get(v["kode_jabatan"], (None, "", ""))
        return (pk, v["nama_jabatan"] or name, v["rumpun"] or family, v["tmt_selesai"])

    report.counts["riwayat_jabatan"] = _upsert(
        PositionHistory,
        _stored(PositionHistory.objects.all(), ("employee_id", "start"), HISTORY_FIELDS)
        if riwayat
        else {},
        HISTORY_FIELDS,
        (
            ((employee_ids[v["nip"]], v["tmt_mulai"]), history_values(v))
            for v in (r.values for r in riwayat)
        ),
        lambda key, values: PositionHistory(employee_id=key[0], start=key[1], **values),
    )

    # Workload, by (post, task description).
    beban = records["beban_kerja"]
    report.counts["beban_kerja"] = _upsert(
        WorkloadTask,
        _stored(WorkloadTask.objects.all(), ("position_id", "description"), TASK_FIELDS)
        if beban
        else {},
        TASK_FIELDS,
        (
            (
                (position_by_code[v["kode_jabatan"]][0], v["uraian_tugas"]),
                (v["satuan_hasil"], v["volume_per_tahun"], v["waktu_menit"]),
            )
            for v in (r.values for r in beban)
        ),
        lambda key, values: WorkloadTask(position_id=key[0], description=key[1], **values),
    )

    report.counts["preferensi"] = _replace_preferences(
        records["preferensi"], employee_ids, position_by_code
    )
    return report


def _replace_preferences(
    rows: list[Record],
    employee_ids: dict[str, int],
    position_by_code: dict[str, tuple[int, str, str]],
) -> SheetCounts:
    """An employee's list in the file replaces their stored list; unchanged lists stay as they are.

    Replacing whole lists (rather than updating rank by rank) never trips the unique constraints
    on (employee, rank) and (employee, post) halfway through a swap of two ranks.
    """
    counts = SheetCounts()
    if not rows:
        return counts
    wanted: dict[int, dict[int, int]] = defaultdict(dict)
    for r in rows:
        v = r.values
        wanted[employee_ids[v["nip"]]][v["urutan"]] = position_by_code[v["kode_jabatan"]][0]
    stored: dict[int, dict[int, int]] = defaultdict(dict)
    ids = list(wanted)
    for start in range(0, len(ids), BATCH_SIZE):  # SQLite limits the parameters of one query
        for employee_id, rank, position_id in Preference.objects.filter(
            employee_id__in=ids[start : start + BATCH_SIZE]
        ).values_list("employee_id", "rank", "position_id"):
            stored[employee_id][rank] = position_id
    replace: list[int] = []
    fresh: list[Preference] = []
    for employee_id, ranks in wanted.items():
        old = stored.get(employee_id, {})
        for rank, position_id in ranks.items():
            if rank not in old:
                counts.new += 1
            elif old[rank] != position_id:
                counts.updated += 1
            else:
                counts.unchanged += 1
        counts.removed += len(old.keys() - ranks.keys())
        if old != ranks:
            replace.append(employee_id)
            fresh.extend(
                Preference(
                    employee_id=employee_id,
                    rank=rank,
                    position_id=position_id,
                    source=PreferenceSource.IMPORT,
                )
                for rank, position_id in sorted(ranks.items())
            )
    for start in range(0, len(replace), BATCH_SIZE):
        Preference.objects.filter(employee_id__in=replace[start : start + BATCH_SIZE]).delete()
    Preference.objects.bulk_create(fresh, batch_size=BATCH_SIZE)
    return counts
