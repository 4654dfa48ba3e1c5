"""The one writer of tables for people and programs: CSV and aligned plain text.

Every command that prints a table prints it through ``text_table`` (or ``--format csv`` through
``csv_text``), and every CSV file is written by ``write_csv``, so the formats agree everywhere.
Cells are written as ``str(value)``; None is an empty cell. No Django import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any, TextIO


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def write_csv(
    out: TextIO,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    lineterminator: str = "\r\n",
) -> int:
    """Write ``header`` and ``rows`` to ``out`` as CSV (RFC 4180 line ends by default);
    returns the number of data rows."""
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([_cell(v) for v in row])
        count += 1
    return count


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The table as CSV text for a terminal or a pipe (one ``\\n`` per line)."""
    out = io.StringIO()
    write_csv(out, header, rows, lineterminator="\n")
    return out.getvalue()


def text_table(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    numeric: Sequence[bool] | None = None,
    underline: bool = False,
) -> str:
    """Columns padded to their widest cell, two spaces apart; ``numeric`` columns are aligned
    right; ``underline`` draws a line of dashes under the header."""
    cells = [[_cell(v) for v in header]] + [[_cell(v) for v in row] for row in rows]
    right = list(numeric) if numeric is not None else [False] * len(header)
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.rjust(w) if r else cell.ljust(w)
            for cell, w, r in zip(row, widths, right, strict=True)
        ).rstrip()
        for row in cells
    ]
    if underline:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The table in Markdown (pipes; a None cell is written as an em dash)."""

    def cell(value: Any) -> str:
        return "—" if value is None else str(value).replace("|", "\\|")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
