"""Helpers that read the same table from ``mutasi needs`` and from the pages."""

from __future__ import annotations

import csv
import io

from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from mutasi.needs.tables import as_text

PAGE_OF = {"post": "needs:positions", "unit": "needs:units", "sector": "needs:sectors"}


def command_rows(by: str, *extra: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("needs", "--by", by, "--format", "csv", *extra, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def _plain(text: str) -> str:
    """A figure as the page shows it in Indonesian (1.234,50; – for none) → as in the CSV."""
    text = text.strip()
    if text == "–":
        return ""
    if any(ch.isdigit() for ch in text) and all(ch in "-0123456789.," for ch in text):
        return text.replace(".", "").replace(",", ".")
    return text


def page_rows(client, by: str) -> list[dict[str, str]]:
    """Every row of the page's table, walking all its pages."""
    url = reverse(PAGE_OF[by])
    rows: list[dict[str, str]] = []
    page = 1
    while True:
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        table = response.context["table"]
        keys = [h["column"].key for h in table["headers"]]
        for cells in table["body"]:
            rows.append({k: _plain(c["text"]) for k, c in zip(keys, cells, strict=True)})
        if not table["page"].has_next():
            return rows
        page += 1


def _xlsx_text(cell) -> str:
    if cell.value is None:
        return ""
    if cell.number_format == "0.00":  # the two-decimal figures
        return f"{cell.value:.2f}"
    return as_text(cell.value)


def xlsx_rows(client, by: str) -> list[dict[str, str]]:
    response = client.get(reverse(PAGE_OF[by]), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows())
    keys = [cell.value for cell in rows[0]]
    return [{k: _xlsx_text(cell) for k, cell in zip(keys, row, strict=True)} for row in rows[1:]]


def assert_agree(client, by: str) -> int:
    """Every figure the command prints equals the page's and the export's; returns the rows."""
    command = command_rows(by)
    assert command, "the command printed no rows"
    keys = list(command[0])
    for other in (page_rows(client, by), xlsx_rows(client, by)):
        assert [{k: r[k] for k in keys} for r in other] == command
    return len(command)
