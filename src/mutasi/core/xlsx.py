"""Writing cells of an .xlsx download safely: a text is always written as text.

openpyxl writes any string that starts with ``=`` as a formula, so a name or code typed as
``=HYPERLINK(…)`` (or ``=cmd|…``) in an imported file would come back as a live formula in every
workbook the product writes. ``text_safe`` turns such strings into cells of type string; every
.xlsx writer passes its rows through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# What spreadsheet programs treat as the start of a formula when a value is typed or pasted.
FORMULA_PREFIXES = ("=", "+", "-", "@")


def text_safe(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """The row for ``sheet.append``: strings that look like formulas become string cells."""
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in values:
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl typed it as a formula ("f") when it starts with =
            row.append(cell)
        else:
            row.append(value)
    return row


def neutralize_formulas(sheet: Any) -> None:
    """In a sheet built in memory, turn every cell openpyxl typed as a formula into text.

    The product never writes formulas, so any "formula" in a sheet is data that began with ``=``.
    """
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
