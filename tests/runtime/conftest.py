"""Helpers for tests that run the ``mutasi`` command as a user would: a subprocess of the installed
console script, with its own data folder (never the test database)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

MUTASI = str(Path(sys.executable).with_name("mutasi"))


def command_env(data_dir: Path | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MUTASI_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)  # each test's own SQLite file, whatever the suite runs on
    env.pop("XDG_DATA_HOME", None)
    if data_dir is not None:
        env["MUTASI_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def run_mutasi(
    data_dir: Path | None, *args: str, cwd: Path | None = None, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [MUTASI, *args],
        env=command_env(data_dir, **env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@contextlib.contextmanager
def serving(data_dir: Path, **env: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``mutasi serve --port 0`` on ``data_dir`` as a user starts it (with the worker it starts
    itself): yields the address it printed and the process; stops it with SIGTERM afterwards."""
    out = data_dir / "serve.out"
    with out.open("w+") as log:
        process = subprocess.Popen(
            [MUTASI, "serve", "--port", "0"],
            env=command_env(data_dir, **env),
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            url = None
            deadline = time.monotonic() + 60
            while url is None and time.monotonic() < deadline and process.poll() is None:
                time.sleep(0.2)
                found = re.search(r"http://127\.0\.0\.1:\d+/", out.read_text())
                url = found.group(0).rstrip("/") if found else None
            assert url, out.read_text()
            yield url, process
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def query(data_dir: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Read the command's own SQLite database directly."""
    with sqlite3.connect(data_dir / "mutasi.sqlite3", timeout=30) as db:
        return list(db.execute(sql, params))


@pytest.fixture
def mutasi() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_mutasi
