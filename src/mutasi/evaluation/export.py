"""The IKM table as CSV and xlsx: the same rows (``selectors.ikm_rows``), the same columns, the
same rounding (half up, two decimals) as the pages."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from . import questionnaire
from .selectors import IkmRow

COLUMNS = ("kode_unit", "periode", "responden", *questionnaire.ANSWER_FIELDS, "ikm", "mutu")


def row_values(row: IkmRow) -> list[Any]:
    """kode_unit, periode, responden, u1…u9 (NRR), ikm, mutu; Decimals at two places."""
    return [
        row.unit.code,
        row.period,
        row.respondents,
        *row.nrr2,
        row.ikm2,
        row.grade or "",
    ]


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def to_csv(rows: Sequence[IkmRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row_values(row)])
    return out.getvalue()


def to_xlsx(rows: Sequence[IkmRow]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "ikm"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row_values(row)])
    for cells in sheet.iter_rows(min_row=2, min_col=4, max_col=len(COLUMNS) - 1):
        for cell in cells:
            cell.number_format = "0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
