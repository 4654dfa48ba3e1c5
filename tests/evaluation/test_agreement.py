"""``mutasi ikm --format csv``, the IKM page and the xlsx export agree figure for figure."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from mutasi.evaluation import services

HEADER = ["kode_unit", "periode", "responden", *[f"u{i}" for i in range(1, 10)]]
SHEET = [
    HEADER,
    ["PKM1", "2026-S1", "1", 4, 4, 4, 4, 4, 4, 4, 4, 4],
    ["PKM1", "2026-S1", "2", 3, 3, 3, 3, 3, 3, 3, 3, 3],
    ["PKM1", "2026-S1", "3", 2, 3, 4, 1, 2, 3, 4, 1, 2],
    ["PKM1", "2026-S2", "1", 4, 3, 3, 2, 4, 3, 3, 2, 4],
    ["KEC1", "2026-S1", "1", 2, 2, 2, 2, 2, 2, 2, 2, 3],
    ["KEC1", "2026-S1", "2", 3, 2, 2, 2, 3, 2, 2, 2, 2],
]
# By hand: PKM1 2026-S1 is the worked example of test_ikm (78.70, B); PKM1 2026-S2 the single
# respondent (77.78, B); KEC1: Σ = 19 + 20 = 39 of 18 answers, 25 × 39 / 18 = 54.17 (D).
EXPECTED = [
    "KEC1,2026-S1,2,2.50,2.00,2.00,2.00,2.50,2.00,2.00,2.00,2.50,54.17,D",
    "PKM1,2026-S1,3,3.00,3.33,3.67,2.67,3.00,3.33,3.67,2.67,3.00,78.70,B",
    "PKM1,2026-S2,1,4.00,3.00,3.00,2.00,4.00,3.00,3.00,2.00,4.00,77.78,B",
]


class _Table(HTMLParser):
    """The cells of ``#ikm-table``'s body rows, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_body = self._in_table = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag == "table" and ("id", "ikm-table") in attrs:
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag == "td":
            self._cell = []

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._in_table = self._in_body = False

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._cell is not None:
            self._cell.append(data)


def _page_rows(client, **params) -> list[str]:
    parser = _Table()
    parser.feed(client.get(reverse("evaluation:ikm"), params).content.decode())
    out = []
    for cells in parser.rows:
        respondents = cells[2].split()[0]  # "3 min. 384": the count before the badge
        figures = [c.replace(",", ".") for c in cells[3:13]]  # Indonesian decimal comma
        grade = cells[13].split()[0]
        out.append(",".join([cells[0], cells[1], respondents, *figures, grade]))
    return out


def _xlsx_rows(client, **params) -> list[str]:
    response = client.get(reverse("evaluation:ikm_xlsx"), params)
    sheet = load_workbook(io.BytesIO(response.content)).active
    out = []
    for row in list(sheet.iter_rows(values_only=True))[1:]:
        code, period, respondents, *figures, grade = row
        out.append(
            ",".join([code, period, str(respondents), *(f"{v:.2f}" for v in figures), grade])
        )
    return out


def _command_rows(*extra: str) -> list[str]:
    out = io.StringIO()
    call_command("ikm", "--format", "csv", *extra, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "kode_unit,periode,responden,u1,u2,u3,u4,u5,u6,u7,u8,u9,ikm,mutu"
    return lines[1:]


@pytest.fixture
def surveyed(units, planner):
    services.do_import_skm(SHEET, acting_user=planner)
    return planner


def test_the_command_the_page_and_the_xlsx_agree(client, surveyed):
    client.force_login(surveyed)
    assert _command_rows() == EXPECTED
    assert _page_rows(client) == EXPECTED
    assert _xlsx_rows(client) == EXPECTED


def test_they_agree_for_one_period_too(client, surveyed):
    client.force_login(surveyed)
    expected = [r for r in EXPECTED if ",2026-S2," in r]
    assert _command_rows("--periode", "2026-s2") == expected
    assert _page_rows(client, period="2026-S2") == expected
    assert _xlsx_rows(client, period="2026-S2") == expected


def _mutasi(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["MUTASI_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "mutasi.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.slow
def test_the_installed_command_prints_the_csv(tmp_path):
    """What a user runs: ``mutasi ikm --format csv`` in its own process, on its own database."""
    assert _mutasi(tmp_path, "migrate", "--verbosity", "0").returncode == 0
    seed = textwrap.dedent(
        f"""
        import django, os
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutasi.settings")
        django.setup()
        from mutasi.people.models import Unit
        from mutasi.evaluation import services
        Unit.objects.create(code="PKM1", name="Puskesmas Satu", sector="kesehatan")
        Unit.objects.create(code="KEC1", name="Kecamatan Satu", sector="kewilayahan")
        services.do_import_skm({SHEET!r}, acting_user=None)
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    subprocess.run(
        [sys.executable, "-c", seed],
        check=True,
        env={**env, "MUTASI_DATA_DIR": str(tmp_path)},
        timeout=120,
    )
    done = _mutasi(tmp_path, "ikm", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == EXPECTED
    assert list(csv.reader(io.StringIO(done.stdout)))[0][-2:] == ["ikm", "mutu"]
    wrong = _mutasi(tmp_path, "ikm", "--periode", "2026-S9")
    assert wrong.returncode != 0
    assert "Periode “2026-S9” tidak dikenal" in wrong.stderr
    assert re.search(r"ikm\s+indeks kepuasan masyarakat", _mutasi(tmp_path, "--help").stdout)
