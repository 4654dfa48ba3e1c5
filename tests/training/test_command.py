"""``mutasi training`` as a user runs it: a subprocess on a freshly built demo region."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
MUTASI = [sys.executable, "-m", "mutasi.cli"]


def _run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MUTASI_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)  # the demo's own SQLite file, as a user would have it
    return subprocess.run(
        MUTASI + args, capture_output=True, text=True, env=env, timeout=600, check=False
    )


def test_the_demo_has_a_training_plan_within_budget_and_the_csv_lists_it(tmp_path: Path) -> None:
    built = _run(["demo", "--size", "300", "--no-serve"], tmp_path)
    assert built.returncode == 0, built.stderr
    assert "Rencana pelatihan #" in built.stdout
    match = re.search(r"Rencana #(\d+):", built.stdout)
    assert match, built.stdout
    plan = match.group(1)

    shown = _run(["training", "--plan", plan, "--format", "csv"], tmp_path)
    assert shown.returncode == 0, shown.stderr
    rows = list(csv.DictReader(io.StringIO(shown.stdout)))
    assert list(rows[0]) == [
        "nip",
        "nama",
        "kode_diklat",
        "nama_diklat",
        "kode_sesi",
        "tanggal_mulai",
        "jp",
        "biaya",
        "gap_ditutup",
    ]
    # demo budget: Rp 600.000 per employee (mutasi.training.demo.BUDGET_PER_EMPLOYEE)
    assert 0 < sum(int(r["biaya"]) for r in rows) <= 300 * 600_000

    tight = _run(["training", "--plan", plan, "--budget", "5000000", "--format", "csv"], tmp_path)
    assert tight.returncode == 0, tight.stderr
    rows = list(csv.DictReader(io.StringIO(tight.stdout)))
    assert 0 < sum(int(r["biaya"]) for r in rows) <= 5_000_000

    year = rows[0]["tanggal_mulai"][:4]
    jp = _run(["training", "--jp", "--year", year, "--format", "csv"], tmp_path)
    assert jp.returncode == 0, jp.stderr
    jp_rows = list(csv.DictReader(io.StringIO(jp.stdout)))
    assert len(jp_rows) == 300
    assert {r["di_bawah_minimal"] for r in jp_rows} == {"ya"}  # nothing completed yet

    bad = _run(["training", "--plan", "999"], tmp_path)
    assert bad.returncode != 0 and "tidak ditemukan" in bad.stderr
