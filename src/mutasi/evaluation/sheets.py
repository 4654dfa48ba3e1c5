"""The optional sheet ``survei_skm``: paper SKM questionnaires typed into the workbook.

Columns: kode_unit*, periode*, responden* (the questionnaire's number within the unit and period),
u1*…u9* (1–4, in the order of ``questionnaire.ELEMENTS``), and the respondent fields as optional
columns: jenis_kelamin (L/P), usia, pendidikan, pekerjaan, saran.

``parse_skm_sheet`` is a plain function of the sheet's grid, the known unit codes and today's date:
it returns the parsed rows and EVERY problem (sheet / row / column / value / reason, in
Indonesian). The service ``services.do_import_skm`` writes nothing when there is any problem.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from django.utils.translation import gettext as _

from . import questionnaire
from .ikm import SCALE_MAX, SCALE_MIN
from .periods import PeriodError, parse_period

SHEET: Final = "survei_skm"
REQUIRED: Final = ("kode_unit", "periode", "responden", *questionnaire.ANSWER_FIELDS)
OPTIONAL: Final = ("jenis_kelamin", "usia", "pendidikan", "pekerjaan", "saran")
COLUMNS: Final = REQUIRED + OPTIONAL
_CODES: Final = {
    "jenis_kelamin": {c for c, _label in questionnaire.GENDER_CHOICES},
    "pendidikan": {c for c, _label in questionnaire.EDUCATION_CHOICES},
    "pekerjaan": {c for c, _label in questionnaire.OCCUPATION_CHOICES},
}


@dataclass(frozen=True)
class SheetIssue:
    """One problem, located as a user sees it in the spreadsheet (row 1 = the header)."""

    sheet: str
    row: int | None
    column: str
    value: str
    message: str


@dataclass(frozen=True)
class SkmRow:
    unit_code: str
    period: str
    respondent: str
    answers: tuple[int, ...]
    gender: str = ""
    age: int | None = None
    education: str = ""
    occupation: str = ""
    comment: str = ""


@dataclass
class ParsedSheet:
    rows: list[SkmRow] = field(default_factory=list)
    issues: list[SheetIssue] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _whole(value: Any) -> int | None:
    """A whole number from a cell (``3``, ``3.0``, ``"3"``), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _text(value).replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def parse_skm_sheet(
    grid: Sequence[Sequence[Any]], *, unit_codes: Collection[str], today: datetime.date
) -> ParsedSheet:
    """Parse and check every row of a bare grid; ``grid[0]`` is the header row."""
    if not grid:
        return ParsedSheet()
    header = [_text(h).lower() for h in grid[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return ParsedSheet(
            issues=[SheetIssue(SHEET, 1, ", ".join(missing), "", _("kolom wajib tidak ada"))]
        )
    index = {name: header.index(name) for name in COLUMNS if name in header}
    rows = []
    for line, raw in enumerate(grid[1:], start=2):
        cells = {name: (raw[i] if i < len(raw) else None) for name, i in index.items()}
        if any(_text(v) != "" for v in cells.values()):  # skip empty lines between blocks
            rows.append((line, cells))
    return parse_skm_rows(rows, unit_codes=unit_codes, today=today)


def parse_skm_rows(
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    unit_codes: Collection[str],
    today: datetime.date,
) -> ParsedSheet:
    """Parse and check rows given as (spreadsheet row number, cells by column name)."""
    out = ParsedSheet()
    seen: dict[tuple[str, str, str], int] = {}
    for line, cells in rows:
        full = {name: cells.get(name) for name in COLUMNS}
        row = _parse_row(line, full, unit_codes, today, out.issues)
        if row is None:
            continue
        key = (row.unit_code, row.period, row.respondent)
        if key in seen:
            out.issues.append(
                SheetIssue(
                    SHEET,
                    line,
                    "responden",
                    row.respondent,
                    _("responden yang sama untuk unit dan periode ini sudah ada di baris %(row)d")
                    % {"row": seen[key]},
                )
            )
            continue
        seen[key] = line
        out.rows.append(row)
    return out


def _parse_row(
    line: int,
    cells: dict[str, Any],
    unit_codes: Collection[str],
    today: datetime.date,
    issues: list[SheetIssue],
) -> SkmRow | None:
    before = len(issues)

    def problem(column: str, message: str) -> None:
        issues.append(SheetIssue(SHEET, line, column, _text(cells.get(column)), message))

    unit_code = _text(cells["kode_unit"])
    if not unit_code:
        problem("kode_unit", _("wajib diisi"))
    elif unit_code not in unit_codes:
        problem("kode_unit", _("unit tidak dikenal (tidak ada di data unit kerja)"))
    period_text = _text(cells["periode"])
    period = ""
    if not period_text:
        problem("periode", _("wajib diisi"))
    else:
        try:
            parsed = parse_period(period_text)
        except PeriodError:
            problem(
                "periode",
                _("bukan periode yang dikenal (contoh: 2026, 2026-S1, 2026-T3)"),
            )
        else:
            if parsed.is_future(today):
                problem("periode", _("periode belum dimulai (di masa depan)"))
            period = parsed.code
    respondent = _text(cells["responden"])
    if not respondent:
        problem("responden", _("wajib diisi"))
    answers: list[int] = []
    for name in questionnaire.ANSWER_FIELDS:
        value = _whole(cells[name])
        if _text(cells[name]) == "":
            problem(name, _("wajib diisi"))
        elif value is None or not SCALE_MIN <= value <= SCALE_MAX:
            problem(
                name,
                _("jawaban harus bilangan bulat %(lo)d–%(hi)d")
                % {"lo": SCALE_MIN, "hi": SCALE_MAX},
            )
        else:
            answers.append(value)
    optional: dict[str, str] = {}
    for name, codes in _CODES.items():
        text = _text(cells.get(name))
        if text and text not in codes:
            problem(name, _("isi salah satu: %(codes)s") % {"codes": ", ".join(sorted(codes))})
        optional[name] = text
    age: int | None = None
    if _text(cells.get("usia")):
        age = _whole(cells.get("usia"))
        if age is None or not questionnaire.AGE_MIN <= age <= questionnaire.AGE_MAX:
            problem(
                "usia",
                _("usia harus bilangan bulat %(lo)d–%(hi)d")
                % {"lo": questionnaire.AGE_MIN, "hi": questionnaire.AGE_MAX},
            )
    if len(issues) > before:
        return None
    return SkmRow(
        unit_code=unit_code,
        period=period,
        respondent=respondent,
        answers=tuple(answers),
        gender=optional["jenis_kelamin"],
        age=age,
        education=optional["pendidikan"],
        occupation=optional["pekerjaan"],
        comment=_text(cells.get("saran")),
    )
