# ruff: noqa: E501  (the sheet table below keeps one column per line)
"""The import workbook's contract: its sheets, their columns, and how one cell is read and written.

The people app's sheets are declared here; later stages declare theirs in their own app and register
them (``people.registry``). The declarations drive the template (``mutasi template``), the notes
sheet, the import and the export, so the four can never disagree about a name. Sheet and column
names are part of the product: users fill them by hand or map SIASN/SIMPEG exports onto them.

A cell is parsed by its column's ``Kind``; ``parse_cell`` returns the Python value stored on the
model or raises ``CellProblem`` with an Indonesian reason. ``format_cell`` is its inverse for export,
chosen so that export → import gives back equal values (the lossless round trip).
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import codes, nip

NOTES_SHEET = "catatan"

# Error values Excel (and LibreOffice) show in a cell whose formula failed. A CSV saved from
# Excel carries them as text, so a text cell holding one of them is treated the same way.
FORMULA_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#EXTERNAL!",
        "#PYTHON!",
        "#ERR!",
    }
)


class Kind(enum.Enum):
    TEXT = "text"
    NIP = "nip"
    DATE = "date"  # never in the future: every date of the workbook is a birth or a start
    SCHEDULE = "schedule"  # a date that may lie ahead (a course session's dates)
    INTEGER = "integer"
    DECIMAL = "decimal"  # two decimal places, as stored
    NUMBER = "number"  # a float
    CHOICE = "choice"
    LIST = "list"  # "a;b;c"
    COMPETENCIES = "competencies"  # "name:level;name:level"


@dataclass(frozen=True)
class FormulaError:
    """A cell whose formula failed (#N/A, #REF!, …) as read from the file."""

    code: str

    def __str__(self) -> str:
        return self.code


class CellProblem(ValueError):
    """A cell that cannot be read; the message is Indonesian and user-facing."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    # ORM lookup from the sheet's model (``parent__code``): the export reads it with values_list.
    field: str
    note: Promise
    required: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    min_value: Decimal | None = None
    min_exclusive: bool = False
    max_value: Decimal | None = None
    example: str = ""


@dataclass(frozen=True)
class Sheet:
    name: str
    model: str  # app_label.ModelName
    key: tuple[str, ...]  # the columns that identify a row; re-import updates by this key
    columns: tuple[Column, ...]
    note: Promise
    required: bool = False
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


GOLONGAN_CODES = tuple(g.code for g in codes.PNS_GOLONGAN + codes.PPPK_GOLONGAN)
PNS_GOLONGAN_CODES = frozenset(g.code for g in codes.PNS_GOLONGAN)
EDUCATION_CODES = tuple(e.code for e in codes.EDUCATION_LEVELS)
ZERO = Decimal(0)
# The largest values the model fields hold (DecimalField max_digits, PositiveSmallIntegerField…):
# a bigger number is the user's error, reported on its cell, not a database failure.
MAX_FORMATION = 2_147_483_647

KODE_JABATAN_REF = Column(
    "kode_jabatan",
    Kind.TEXT,
    "position__code",
    gettext_lazy("kode jabatan dari sheet jabatan (atau yang sudah ada di database)"),
    required=True,
    max_length=40,
    example="J0001",
)
NIP_REF = Column(
    "nip",
    Kind.NIP,
    "employee__nip",
    gettext_lazy("NIP pegawai dari sheet pegawai (atau yang sudah ada di database)"),
    required=True,
    example="198501012010011001",
)

UNIT_KERJA = Sheet(
    "unit_kerja",
    "people.Unit",
    key=("kode_unit",),
    required=True,
    note=gettext_lazy("Unit kerja: OPD dan sub-unitnya (RSUD, puskesmas, sekolah, bidang)."),
    columns=(
        Column("kode_unit", Kind.TEXT, "code", gettext_lazy("kode unik unit"), True, 40, example="U001"),
        Column("nama_unit", Kind.TEXT, "name", gettext_lazy("nama unit"), True, 200, example="Dinas Kesehatan"),
        Column("kode_induk", Kind.TEXT, "parent__code", gettext_lazy("kode unit induk; kosong untuk OPD"), False, 40),
        Column("sektor", Kind.TEXT, "sector", gettext_lazy("sektor (kesehatan, pendidikan, umum, …)"), True, 60, example="kesehatan"),
        Column("kecamatan", Kind.TEXT, "kecamatan", gettext_lazy("kecamatan lokasi unit"), False, 80),
    ),
)  # fmt: skip

JABATAN = Sheet(
    "jabatan",
    "people.Position",
    key=("kode_jabatan",),
    required=True,
    note=gettext_lazy("Jabatan di tiap unit dengan syarat dan kebutuhannya (formasi)."),
    columns=(
        Column("kode_jabatan", Kind.TEXT, "code", gettext_lazy("kode unik jabatan"), True, 40, example="J0001"),
        Column("kode_unit", Kind.TEXT, "unit__code", gettext_lazy("kode unit dari sheet unit_kerja"), True, 40, example="U001"),
        Column("nama_jabatan", Kind.TEXT, "name", gettext_lazy("nama jabatan"), True, 200, example="Perawat Ahli Pertama"),
        Column("jenis_jabatan", Kind.CHOICE, "kind", gettext_lazy("jenis jabatan"), True, choices=tuple(codes.JOB_KINDS)),
        Column("rumpun", Kind.TEXT, "job_family", gettext_lazy("rumpun jabatan"), True, 80, example="kesehatan"),
        Column("gol_min", Kind.CHOICE, "gol_min", gettext_lazy("golongan terendah, mis. III/a"), choices=GOLONGAN_CODES),
        Column("gol_max", Kind.CHOICE, "gol_max", gettext_lazy("golongan tertinggi, mis. III/d"), choices=GOLONGAN_CODES),
        Column("pendidikan_min", Kind.CHOICE, "education_min", gettext_lazy("pendidikan minimal"), choices=EDUCATION_CODES),
        Column("jurusan", Kind.LIST, "majors", gettext_lazy("jurusan yang diterima, dipisah ;"), example="Keperawatan;Kebidanan"),
        Column("sertifikasi", Kind.TEXT, "certificate", gettext_lazy("sertifikat wajib, mis. STR"), max_length=80),
        Column("kompetensi", Kind.COMPETENCIES, "competencies", gettext_lazy("kompetensi yang dibutuhkan, nama:level;… (level 1–5)"), example="asuhan keperawatan:3;komunikasi:2"),
        Column("kebutuhan", Kind.INTEGER, "formation", gettext_lazy("kebutuhan pegawai (formasi), bilangan bulat"), min_value=ZERO, max_value=Decimal(MAX_FORMATION)),
    ),
)  # fmt: skip

PEGAWAI = Sheet(
    "pegawai",
    "people.Employee",
    key=("nip",),
    required=True,
    note=gettext_lazy("Pegawai ASN (PNS dan PPPK) dan jabatannya sekarang."),
    columns=(
        Column("nip", Kind.NIP, "nip", gettext_lazy("NIP 18 digit, ditulis sebagai teks"), True, example="198501012010011001"),
        Column("nama", Kind.TEXT, "name", gettext_lazy("nama lengkap"), True, 200),
        Column("tanggal_lahir", Kind.DATE, "birth_date", gettext_lazy("tanggal lahir (YYYY-MM-DD), sama dengan NIP"), True, example="1985-01-01"),
        Column("jenis_kelamin", Kind.CHOICE, "gender", gettext_lazy("L atau P, sama dengan NIP"), True, choices=("L", "P")),
        Column("jenis_pegawai", Kind.CHOICE, "employee_type", gettext_lazy("PNS atau PPPK"), True, choices=("PNS", "PPPK")),
        Column("golongan", Kind.CHOICE, "golongan", gettext_lazy("golongan/ruang: I/a … IV/e untuk PNS, I … XVII untuk PPPK"), True, choices=GOLONGAN_CODES),
        Column("pendidikan", Kind.CHOICE, "education", gettext_lazy("pendidikan terakhir"), True, choices=EDUCATION_CODES),
        Column("jurusan", Kind.TEXT, "major", gettext_lazy("jurusan pendidikan terakhir"), max_length=120),
        Column("kode_jabatan", Kind.TEXT, "position__code", gettext_lazy("kode jabatan sekarang, dari sheet jabatan"), True, 40),
        Column("tmt_jabatan", Kind.DATE, "position_start", gettext_lazy("TMT di jabatan sekarang (YYYY-MM-DD)"), True),
        Column("kecamatan_domisili", Kind.TEXT, "home_kecamatan", gettext_lazy("kecamatan tempat tinggal"), max_length=80),
        Column("predikat_kinerja", Kind.CHOICE, "performance", gettext_lazy("predikat kinerja terakhir"), choices=tuple(codes.PERFORMANCE_LEVELS)),
        Column("nilai_potensi", Kind.NUMBER, "potential", gettext_lazy("nilai potensi 0–100"), min_value=ZERO, max_value=Decimal(100)),
        Column("kompetensi", Kind.COMPETENCIES, "competencies", gettext_lazy("kompetensi yang dimiliki, nama:level;… (level 1–5)")),
        Column("sertifikasi", Kind.LIST, "certificates", gettext_lazy("sertifikat yang dimiliki, dipisah ;")),
        Column("nip_pasangan", Kind.NIP, "spouse_nip", gettext_lazy("NIP suami/istri bila juga ASN")),
    ),
)  # fmt: skip

RIWAYAT_JABATAN = Sheet(
    "riwayat_jabatan",
    "people.PositionHistory",
    key=("nip", "tmt_mulai"),
    note=gettext_lazy("Riwayat jabatan (opsional). Isi kode_jabatan atau nama_jabatan."),
    columns=(
        NIP_REF,
        Column("kode_jabatan", Kind.TEXT, "position__code", gettext_lazy("kode jabatan, bila jabatan itu ada di sheet jabatan"), max_length=40),
        Column("nama_jabatan", Kind.TEXT, "position_name", gettext_lazy("nama jabatan (wajib bila kode_jabatan kosong)"), max_length=200),
        Column("rumpun", Kind.TEXT, "job_family", gettext_lazy("rumpun jabatan"), max_length=80),
        Column("tmt_mulai", Kind.DATE, "start", gettext_lazy("mulai menjabat (YYYY-MM-DD)"), True),
        Column("tmt_selesai", Kind.DATE, "end", gettext_lazy("selesai menjabat (YYYY-MM-DD)")),
    ),
)  # fmt: skip

PEOPLE_SHEETS: tuple[Sheet, ...] = (UNIT_KERJA, JABATAN, PEGAWAI, RIWAYAT_JABATAN)


def unknown_unit() -> str:
    return str(_("kode unit tidak dikenal (tidak ada di sheet unit_kerja maupun di database)"))


def unknown_position() -> str:
    return str(_("kode jabatan tidak dikenal (tidak ada di sheet jabatan maupun di database)"))


def unknown_nip() -> str:
    return str(_("NIP tidak dikenal (tidak ada di sheet pegawai maupun di database)"))


# --- reading one cell ------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def cell_text(value: Any) -> str:
    """How a raw cell is shown in an error message (control characters as visible escapes)."""
    if value is None:
        return ""
    if isinstance(value, str) and not value.isprintable():
        return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value).strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        raise CellProblem(_("bukan teks"))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code typed as a number: 101 comes back from Excel as 101.0
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise CellProblem(_("berisi tanggal/waktu, seharusnya teks"))
    return str(value).strip()


def _as_decimal(value: Any) -> Decimal:
    if isinstance(value, bool | datetime.date | datetime.time | datetime.timedelta):
        raise CellProblem(_("bukan angka"))
    if isinstance(value, int | float):
        text = repr(value)
    else:
        text = str(value).strip().replace(" ", "")
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")  # Indonesian decimal comma from a CSV
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellProblem(_("bukan angka")) from None
    if not number.is_finite():
        raise CellProblem(_("bukan angka"))
    return number


def _as_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if match := _ISO_DATE.fullmatch(text.split("T")[0].split(" ")[0]):
            year, month, day = (int(g) for g in match.groups())
        elif match := _DMY_DATE.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
        else:
            raise CellProblem(_("bukan tanggal (tulis YYYY-MM-DD)"))
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise CellProblem(_("bukan tanggal yang ada di kalender")) from None
    raise CellProblem(_("bukan tanggal (tulis YYYY-MM-DD)"))


def _check_range(column: Column, number: Decimal) -> None:
    low, high = column.min_value, column.max_value
    if low is not None:
        if column.min_exclusive and number <= low:
            raise CellProblem(_("harus lebih dari %(min)s") % {"min": low})
        if not column.min_exclusive and number < low:
            if low == ZERO:
                raise CellProblem(_("tidak boleh negatif"))
            raise CellProblem(_("minimal %(min)s") % {"min": low})
    if high is not None and number > high:
        raise CellProblem(_("maksimal %(max)s") % {"max": high})


def empty_value(column: Column) -> Any:
    """What an empty optional cell stores."""
    if column.kind in (Kind.INTEGER, Kind.DECIMAL, Kind.NUMBER, Kind.DATE, Kind.SCHEDULE):
        return None
    if column.kind is Kind.LIST:
        return []
    if column.kind is Kind.COMPETENCIES:
        return {}
    return ""


Parser = Callable[[Any], Any]
# Control characters a database or an .xlsx cannot hold (NUL breaks PostgreSQL; the others are
# illegal in the xlsx XML). Tab, line feed and carriage return are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def check_control_characters(value: str) -> None:
    """Refuse a text with an invisible control character (a NUL byte, say): ``CellProblem``
    naming the character's code. Tab, line feed and carriage return are allowed."""
    if bad := _CONTROL.search(value):
        raise CellProblem(
            _("sel berisi karakter kendali tak terlihat (kode %(code)d); hapus karakter itu")
            % {"code": ord(bad.group())}
        )


def make_parser(
    column: Column, *, today: datetime.date, nip_cache: dict[str, str] | None = None
) -> Parser:
    """A function from one raw cell of ``column`` to its stored value.

    It raises ``CellProblem`` (Indonesian reason) for a formula error, an empty required cell, or
    a value of the wrong type or range; an empty optional cell gives ``empty_value(column)``.
    The import calls it for every cell, so each kind gets its own small function with the common
    case (a non-empty string or number) first. ``nip_cache`` (NIPs already found well-formed) can
    be shared by the parsers of several sheets: a NIP recurs on every history and preference row.
    """
    convert = _converter(column, today, {} if nip_cache is None else nip_cache)
    empty = empty_value(column)
    # A fresh list or dict for each empty cell: rows must not share one mutable value.
    fresh = type(empty) if isinstance(empty, list | dict) else None
    required = column.required
    errors = FORMULA_ERRORS

    def parse(value: Any) -> Any:
        if type(value) is str:
            if not value.isprintable():
                check_control_characters(value)
            text = value.strip()
            if not text:
                if required:
                    raise CellProblem(_("wajib diisi"))
                return fresh() if fresh else empty
            if text[0] == "#" and text.upper() in errors:
                raise CellProblem(_("sel berisi galat rumus %(code)s") % {"code": text})
            return convert(text)
        if value is None:
            if required:
                raise CellProblem(_("wajib diisi"))
            return fresh() if fresh else empty
        if isinstance(value, FormulaError):
            raise CellProblem(_("sel berisi galat rumus %(code)s") % {"code": value.code})
        return convert(value)

    return parse


def _converter(column: Column, today: datetime.date, nip_cache: dict[str, str]) -> Parser:
    """The conversion of a non-empty cell (a stripped string, or a number/date from Excel)."""
    kind = column.kind
    if kind is Kind.TEXT:
        return _text_parser(column.max_length)
    if kind is Kind.NIP:
        return _nip_parser(nip_cache)
    if kind is Kind.SCHEDULE:
        return _as_date
    if kind is Kind.DATE:
        return _past_date_parser(today)
    if kind in (Kind.INTEGER, Kind.DECIMAL, Kind.NUMBER):
        return _number_parser(column)
    if kind is Kind.CHOICE:
        return _choice_parser(column.choices)
    if kind is Kind.LIST:
        return lambda value: codes.split_list(value if type(value) is str else _as_text(value))
    if kind is Kind.COMPETENCIES:
        return _competencies
    raise AssertionError(kind)  # pragma: no cover


def _text_parser(limit: int | None) -> Parser:
    def text(value: Any) -> str:
        result = value if type(value) is str else _as_text(value)
        if limit is not None and len(result) > limit:
            raise CellProblem(_("terlalu panjang (maksimal %(n)d karakter)") % {"n": limit})
        return result

    return text


def _nip_parser(seen: dict[str, str]) -> Parser:
    """A NIP written as text (a number has lost its last digits in Excel); ``seen`` keeps the
    NIPs already checked, so a NIP repeated on other sheets is parsed once."""

    def nip_text(value: Any) -> str:
        if type(value) is str and value in seen:
            return value
        if type(value) is not str:
            if isinstance(value, int | float) and not isinstance(value, bool):
                raise CellProblem(
                    _(
                        "NIP ditulis sebagai angka; tulis sebagai teks (Excel membulatkan"
                        " angka 18 digit)"
                    )
                )
            value = _as_text(value)
        try:
            nip.parse_nip(value)
        except nip.InvalidNip as exc:
            raise CellProblem(str(exc)) from None
        seen[value] = value
        return str(value)

    return nip_text


def _past_date_parser(today: datetime.date) -> Parser:
    def date(value: Any) -> datetime.date:
        result = _as_date(value)
        if result > today:
            raise CellProblem(_("tanggal di masa depan"))
        return result

    return date


def _number_parser(column: Column) -> Parser:
    """An integer, a two-decimal amount or a float, inside the column's range."""
    kind = column.kind
    cent = Decimal("0.01")

    def number(value: Any) -> Any:
        result = _as_decimal(value)
        if kind is Kind.INTEGER and result != result.to_integral_value():
            raise CellProblem(_("bukan bilangan bulat"))
        _check_range(column, result)
        if kind is Kind.INTEGER:
            return int(result)
        if kind is Kind.DECIMAL:
            return result.quantize(cent)
        return float(result)

    return number


def _choice_parser(choices: tuple[str, ...]) -> Parser:
    """One of ``choices``, case and inner spaces forgiven; stored as the choice is spelled."""
    lookup = {c.lower(): c for c in choices}
    choices_text = ", ".join(choices)

    def choice(value: Any) -> str:
        text = value if type(value) is str else _as_text(value)
        found = lookup.get(text.lower()) or lookup.get(" ".join(text.split()).lower())
        if found is None:
            raise CellProblem(
                _("nilai tidak dikenal (pilihan: %(choices)s)") % {"choices": choices_text}
            )
        return found

    return choice


def _competencies(value: Any) -> dict[str, int]:
    try:
        return codes.parse_competencies(value if type(value) is str else _as_text(value))
    except ValueError as exc:
        raise CellProblem(str(exc)) from None


def parse_cell(column: Column, value: Any, *, today: datetime.date) -> Any:
    """The stored value of one cell, or ``CellProblem``: ``make_parser`` for a single cell."""
    return make_parser(column, today=today)(value)


def format_cell(column: Column, value: Any, *, for_csv: bool) -> Any:
    """The cell written on export: the inverse of ``parse_cell``."""
    if value is None:
        return None
    kind = column.kind
    if kind is Kind.LIST:
        return ";".join(value)
    if kind is Kind.COMPETENCIES:
        return codes.format_competencies(value)
    if kind in (Kind.DATE, Kind.SCHEDULE):
        return value.isoformat() if for_csv else value
    if kind is Kind.DECIMAL:
        normal = value.normalize()
        text = format(normal, "f")
        return text if for_csv else (int(normal) if normal == normal.to_integral() else float(text))
    if kind is Kind.NUMBER:
        return repr(value) if for_csv else value
    if value == "":
        return None
    return value
