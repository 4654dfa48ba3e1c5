"""A killed ``mutasi plan`` leaves no orphan plan: SIGTERM/Ctrl+C mark it failed at once; after a
SIGKILL its silent heartbeat gets it failed by the next command (or the server's supervisor)."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from .conftest import MUTASI, command_env, query, run_mutasi

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def region(tmp_path_factory: Any) -> Path:
    data = tmp_path_factory.mktemp("region")
    built = run_mutasi(data, "demo", "--size", "2000", "--no-serve", timeout=600)
    assert built.returncode == 0, built.stderr
    return data


def start_plan_and_wait_until_running(data: Path, **env: str) -> tuple[subprocess.Popen[str], int]:
    before = query(data, "SELECT coalesce(max(id), 0) FROM plans_plan")[0][0]
    process = subprocess.Popen(
        [MUTASI, "plan"],
        env=command_env(data, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while True:
        rows = query(data, "SELECT id, status FROM plans_plan WHERE id > ?", before)
        if rows and rows[0][1] == "running":
            return process, rows[0][0]
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)


def status_of(data: Path, plan_id: int) -> tuple[str, str]:
    return query(data, "SELECT status, error FROM plans_plan WHERE id = ?", plan_id)[0]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_plan_command_marks_its_plan_failed(region, signum):
    process, plan_id = start_plan_and_wait_until_running(region)
    process.send_signal(signum)
    _out, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "Traceback" not in err
    assert f"Rencana #{plan_id} dihentikan" in err
    status, error = status_of(region, plan_id)
    assert status == "failed"
    assert "dihentikan sebelum selesai" in error


def test_a_killed_plan_command_is_failed_by_the_next_command(region):
    process, plan_id = start_plan_and_wait_until_running(region, MUTASI_PLAN_HEARTBEAT_TIMEOUT="3")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert status_of(region, plan_id)[0] == "running"
    time.sleep(4)
    result = run_mutasi(region, "needs", "--format", "csv", MUTASI_PLAN_HEARTBEAT_TIMEOUT="3")
    assert result.returncode == 0, result.stderr
    status, error = status_of(region, plan_id)
    assert status == "failed"
    assert "tidak memberi kabar selama lebih dari 3 detik" in error
