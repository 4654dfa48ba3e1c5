"""The training stage's sheets: parsing and validation as pure functions over rows.

Sheets: ``kompetensi`` (nama*, jenis*, deskripsi), ``penilaian_kompetensi`` (nip*, kompetensi*,
level*, tanggal*, sumber), ``katalog_diklat`` (kode_diklat*, nama_diklat*, kompetensi* as
``name:level;…``, jp*, biaya*, penyelenggara, moda*) and ``sesi_diklat`` (kode_sesi*,
kode_diklat*, tanggal_mulai*, tanggal_selesai*, tempat, kursi*); and the e-learning completion
export (nip*, kode_sesi*, tanggal_selesai*, sertifikat).

Each ``parse_*`` takes the rows of one sheet (dicts keyed by lower-cased column name, spreadsheet
row numbers from 2) and what is already known (names of competencies, NIPs, course codes), and
returns the records and every problem at once, each naming sheet / row / column / value. Nothing
is written here: ``services.do_import_training_sheets`` applies the records all or nothing.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _

from mutasi.people import importer
from mutasi.people.workbook import CellProblem, cell_text, check_control_characters

from .models import CompetencyKind, Mode

KOMPETENSI = "kompetensi"
PENILAIAN = "penilaian_kompetensi"
KATALOG = "katalog_diklat"
SESI = "sesi_diklat"
PENYELESAIAN = "penyelesaian"
SHEET_ORDER = (KOMPETENSI, PENILAIAN, KATALOG, SESI)

COLUMNS: dict[str, tuple[str, ...]] = {
    KOMPETENSI: ("nama", "jenis", "deskripsi"),
    PENILAIAN: ("nip", "kompetensi", "level", "tanggal", "sumber"),
    KATALOG: ("kode_diklat", "nama_diklat", "kompetensi", "jp", "biaya", "penyelenggara", "moda"),
    SESI: ("kode_sesi", "kode_diklat", "tanggal_mulai", "tanggal_selesai", "tempat", "kursi"),
    PENYELESAIAN: ("nip", "kode_sesi", "tanggal_selesai", "sertifikat"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    KOMPETENSI: ("nama", "jenis"),
    PENILAIAN: ("nip", "kompetensi", "level", "tanggal"),
    KATALOG: ("kode_diklat", "nama_diklat", "kompetensi", "jp", "biaya", "moda"),
    SESI: ("kode_sesi", "kode_diklat", "tanggal_mulai", "tanggal_selesai", "kursi"),
    PENYELESAIAN: ("nip", "kode_sesi", "tanggal_selesai"),
}


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = (
            self.sheet
            if self.row is None
            else _("%(sheet)s baris %(row)s") % {"sheet": self.sheet, "row": self.row}
        )
        return f"{where}, {self.column} “{self.value}”: {self.message}"


@dataclass(frozen=True)
class Row:
    number: int  # spreadsheet row (1 = header)
    cells: Mapping[str, Any]


@dataclass
class Parsed:
    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class UnreadableSheet(Exception):
    """The upload is not a workbook or CSV this stage can read (message in Indonesian)."""


# ---- reading ---------------------------------------------------------------------------------


def read_rows(data: bytes, filename: str, default_sheet: str) -> dict[str, list[Row]]:
    """Rows of every known sheet in an .xlsx, or of ``default_sheet`` for a .csv.

    The people importer's guards come first, so a hostile file is refused before anything is
    allocated: the size limit, for a CSV its encoding (UTF-16 is named) and row limit, for a
    workbook the scan of each known sheet's real extent (a cell at XFD1048576, however the
    declared dimension hides it). A refused file raises ``UnreadableSheet`` with the reasons.
    """
    try:
        importer.check_size(len(data))
        if filename.lower().endswith(".csv"):
            return {default_sheet: _rows(importer.read_csv_bytes(data, filename))}
        if zipfile.is_zipfile(io.BytesIO(data)):
            importer.scan_xlsx(data, COLUMNS)
    except importer.UnreadableFile as exc:
        raise UnreadableSheet("; ".join(issue.message for issue in exc.issues)) from exc
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableSheet(_("file bukan workbook .xlsx atau CSV yang dapat dibaca")) from exc
    out: dict[str, list[Row]] = {}
    for ws in book.worksheets:
        name = ws.title.strip().lower()
        if name in COLUMNS:
            ws.reset_dimensions()  # the cells as scanned, not the declared rectangle
            out[name] = _rows([list(r) for r in ws.iter_rows(values_only=True)])
    return out


def read_upload(upload: IO[bytes], default_sheet: str) -> dict[str, list[Row]]:
    """``read_rows`` of an uploaded file, read no further than one byte past the size limit."""
    data = upload.read(importer.max_bytes() + 1)
    return read_rows(data, str(getattr(upload, "name", "") or ""), default_sheet)


def _rows(grid: Sequence[Sequence[Any]]) -> list[Row]:
    if not grid:
        return []
    header = [str(h or "").strip().lower() for h in grid[0]]
    rows = []
    for number, values in enumerate(grid[1:], start=2):
        if all(_blank(v) for v in values):
            continue
        rows.append(Row(number, {h: v for h, v in zip(header, values, strict=False) if h}))
    return rows


def keys_of(rows: Iterable[Row], column: str, *, lower: bool = False) -> set[str]:
    """The non-blank values of one column (e.g. every code a sheet names)."""
    values = {_text(r.cells.get(column)) for r in rows}
    return {v.lower() if lower else v for v in values if v}


# ---- cells -----------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _number(value: Any) -> Decimal:
    try:
        number = Decimal(_text(value).replace(" ", ""))
    except InvalidOperation as exc:
        raise _Bad(_("bukan angka")) from exc
    if not number.is_finite():
        raise _Bad(_("bukan angka"))
    return number


def _whole(value: Any, low: int | None = None, high: int | None = None) -> int:
    number = _number(value)
    if number != number.to_integral_value():
        raise _Bad(_("harus bilangan bulat"))
    whole = int(number)
    if low is not None and whole < low:
        raise _Bad(_("tidak boleh kurang dari %(n)s") % {"n": low})
    if high is not None and whole > high:
        raise _Bad(_("tidak boleh lebih dari %(n)s") % {"n": high})
    return whole


def _level(value: Any) -> int:
    try:
        return _whole(value, 1, 5)
    except _Bad as exc:
        raise _Bad(_("level harus 1–5")) from exc


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(_text(value))
    except ValueError as exc:
        raise _Bad(_("tanggal harus berformat TTTT-BB-HH")) from exc


def parse_levels(text: str, known: Iterable[str]) -> dict[str, int]:
    """``name:level;…`` -> {name (lower): level}; unknown names and bad levels raise ``_Bad``."""
    names = set(known)
    out: dict[str, int] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        name, sep, level = part.rpartition(":")
        name = name.strip().lower()
        if not sep or not name:
            raise _Bad(_("tulis sebagai nama:level;… (level 1–5)"))
        if name not in names:
            raise _Bad(_("kompetensi “%(name)s” tidak ada di kamus kompetensi") % {"name": name})
        out[name] = _level(level)
    if not out:
        raise _Bad(_("wajib diisi"))
    return out


class _Sheet:
    """Collects a sheet's problems while its rows are read cell by cell."""

    def __init__(self, name: str, rows: list[Row]) -> None:
        self.name = name
        self.rows = rows
        self.result = Parsed()
        self.ok = True

    def columns_present(self) -> bool:
        """Whether there are rows to read and every required column is there (an empty sheet,
        e.g. an export's header row only, is simply nothing to import)."""
        if not self.rows:
            return False
        seen: set[str] = set()
        for row in self.rows:
            seen.update(row.cells)
        missing = [c for c in REQUIRED[self.name] if c not in seen]
        for column in missing:
            self.problem(None, column, "", _("kolom wajib tidak ada"))
        return not missing

    def problem(self, row: int | None, column: str, value: Any, message: str) -> None:
        self.result.problems.append(Problem(self.name, row, column, _text(value), message))
        self.ok = False

    def cell(self, row: Row, column: str, convert: Any = _text) -> Any:
        value = row.cells.get(column)
        if _blank(value):
            if column in REQUIRED[self.name]:
                self.problem(row.number, column, "", _("wajib diisi"))
                return None
            return None
        if isinstance(value, str) and not value.isprintable():
            try:
                check_control_characters(value)
            except CellProblem as exc:
                self.problem(row.number, column, cell_text(value), str(exc))
                return None
        try:
            return convert(value)
        except _Bad as exc:
            self.problem(row.number, column, value, exc.message)
            return None

    def duplicate(self, seen: dict[Any, int], key: Any, row: Row, column: str) -> bool:
        if key in seen:
            self.problem(
                row.number, column, key, _("sama dengan baris %(row)s") % {"row": seen[key]}
            )
            return True
        seen[key] = row.number
        return False


# ---- the sheets ------------------------------------------------------------------------------


def parse_competencies(rows: list[Row]) -> Parsed:
    sheet = _Sheet(KOMPETENSI, rows)
    if not sheet.columns_present():
        return sheet.result
    kinds = {k.value: k.value for k in CompetencyKind}
    seen: dict[Any, int] = {}

    def kind(value: Any) -> str:
        text = _text(value).lower()
        if text not in kinds:
            raise _Bad(_("jenis harus teknis, manajerial atau sosial kultural"))
        return text

    for row in rows:
        name = sheet.cell(row, "nama")
        record = {
            "name": name.lower() if name else None,
            "kind": sheet.cell(row, "jenis", kind),
            "description": sheet.cell(row, "deskripsi") or "",
        }
        if (
            name
            and not sheet.duplicate(seen, name.lower(), row, "nama")
            and None not in (record["kind"],)
        ):
            sheet.result.records.append(record)
    return sheet.result


def _known_nip(people: set[str]) -> Callable[[Any], str]:
    """A cell reader for a NIP that must be in the employee data (spaces dropped)."""

    def nip(value: Any) -> str:
        text = _text(value).replace(" ", "")
        if text not in people:
            raise _Bad(_("NIP tidak dikenal (tidak ada di data pegawai)"))
        return text

    return nip


def parse_assessments(
    rows: list[Row], *, competencies: Iterable[str], nips: Iterable[str]
) -> Parsed:
    sheet = _Sheet(PENILAIAN, rows)
    if not sheet.columns_present():
        return sheet.result
    known = set(competencies)
    people = set(nips)
    seen: dict[Any, int] = {}

    nip = _known_nip(people)

    def competency(value: Any) -> str:
        text = _text(value).lower()
        if text not in known:
            raise _Bad(_("kompetensi tidak ada di kamus kompetensi"))
        return text

    for row in rows:
        record = {
            "nip": sheet.cell(row, "nip", nip),
            "competency": sheet.cell(row, "kompetensi", competency),
            "level": sheet.cell(row, "level", _level),
            "assessed_on": sheet.cell(row, "tanggal", _date),
            "source": sheet.cell(row, "sumber") or "",
        }
        if None in (record["nip"], record["competency"], record["level"], record["assessed_on"]):
            continue
        key = (record["nip"], record["competency"], record["assessed_on"])
        if not sheet.duplicate(seen, key, row, "tanggal"):
            sheet.result.records.append(record)
    return sheet.result


def parse_courses(rows: list[Row], *, competencies: Iterable[str]) -> Parsed:
    sheet = _Sheet(KATALOG, rows)
    if not sheet.columns_present():
        return sheet.result
    known = set(competencies)
    modes = {m.value for m in Mode}
    seen: dict[Any, int] = {}

    def mode(value: Any) -> str:
        text = _text(value).lower()
        if text not in modes:
            raise _Bad(_("moda harus klasikal, e-learning, blended atau coaching/mentoring"))
        return text

    def cost(value: Any) -> Decimal:
        number = _number(value)
        if number < 0:
            raise _Bad(_("biaya tidak boleh negatif"))
        return number.quantize(Decimal(1))

    for row in rows:
        record = {
            "code": sheet.cell(row, "kode_diklat"),
            "name": sheet.cell(row, "nama_diklat"),
            "raises": sheet.cell(row, "kompetensi", lambda v: parse_levels(_text(v), known)),
            "jp": sheet.cell(row, "jp", lambda v: _whole(v, 1)),
            "cost": sheet.cell(row, "biaya", cost),
            "provider": sheet.cell(row, "penyelenggara") or "",
            "mode": sheet.cell(row, "moda", mode),
        }
        if any(record[k] is None for k in ("code", "name", "raises", "jp", "cost", "mode")):
            continue
        if not sheet.duplicate(seen, record["code"], row, "kode_diklat"):
            sheet.result.records.append(record)
    return sheet.result


def parse_sessions(rows: list[Row], *, courses: Iterable[str]) -> Parsed:
    sheet = _Sheet(SESI, rows)
    if not sheet.columns_present():
        return sheet.result
    known = set(courses)
    seen: dict[Any, int] = {}

    def course(value: Any) -> str:
        text = _text(value)
        if text not in known:
            raise _Bad(_("kode diklat tidak ada di katalog diklat"))
        return text

    for row in rows:
        record = {
            "code": sheet.cell(row, "kode_sesi"),
            "course": sheet.cell(row, "kode_diklat", course),
            "start": sheet.cell(row, "tanggal_mulai", _date),
            "end": sheet.cell(row, "tanggal_selesai", _date),
            "place": sheet.cell(row, "tempat") or "",
            "seats": sheet.cell(row, "kursi", lambda v: _whole(v, 1)),
        }
        if any(record[k] is None for k in ("code", "course", "start", "end", "seats")):
            continue
        if record["end"] < record["start"]:
            sheet.problem(
                row.number,
                "tanggal_selesai",
                record["end"].isoformat(),
                _("sesi berakhir sebelum dimulai (%(start)s)")
                % {"start": record["start"].isoformat()},
            )
            continue
        if not sheet.duplicate(seen, record["code"], row, "kode_sesi"):
            sheet.result.records.append(record)
    return sheet.result


def parse_completions(
    rows: list[Row], *, nips: Iterable[str], sessions: Mapping[str, datetime.date]
) -> Parsed:
    """An e-learning platform's export: who completed which session, when, with what
    certificate. ``sessions`` maps each known session code to its start date."""
    sheet = _Sheet(PENYELESAIAN, rows)
    if not sheet.columns_present():
        return sheet.result
    people = set(nips)
    seen: dict[Any, int] = {}

    nip = _known_nip(people)

    def session(value: Any) -> str:
        text = _text(value)
        if text not in sessions:
            raise _Bad(_("kode sesi tidak ada di jadwal diklat"))
        return text

    for row in rows:
        record = {
            "nip": sheet.cell(row, "nip", nip),
            "session": sheet.cell(row, "kode_sesi", session),
            "completed_on": sheet.cell(row, "tanggal_selesai", _date),
            "certificate": sheet.cell(row, "sertifikat") or "",
        }
        if None in (record["nip"], record["session"], record["completed_on"]):
            continue
        if record["completed_on"] < sessions[record["session"]]:
            sheet.problem(
                row.number,
                "tanggal_selesai",
                record["completed_on"].isoformat(),
                _("tanggal selesai sebelum sesi dimulai"),
            )
            continue
        if not sheet.duplicate(seen, (record["nip"], record["session"]), row, "kode_sesi"):
            sheet.result.records.append(record)
    return sheet.result
