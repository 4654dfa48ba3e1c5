"""``mutasi serve`` refuses to listen beyond this machine with the built-in demo secret key."""

from __future__ import annotations

import re
import signal
import subprocess
import time

import pytest

from mutasi.core.runtime import is_loopback

from .conftest import MUTASI, command_env, run_mutasi

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10"])
def test_serving_on_a_public_address_with_the_demo_key_is_refused_in_one_line(tmp_path, host):
    result = run_mutasi(tmp_path, "serve", "--host", host, "--port", "0", timeout=60)
    assert result.returncode == 1
    refusal = [line for line in result.stderr.splitlines() if "kunci rahasia demo" in line]
    assert len(refusal) == 1
    assert "MUTASI_SECRET_KEY" in refusal[0]
    assert "Traceback" not in result.stderr


def test_with_a_secret_key_it_serves_on_every_address_and_stops_with_its_worker(tmp_path):
    process = subprocess.Popen(
        [MUTASI, "serve", "--host", "0.0.0.0", "--port", "0"],
        env=command_env(tmp_path, MUTASI_SECRET_KEY="a-long-random-test-key-" + "x" * 40),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        while "berjalan di" not in line:
            assert process.poll() is None, line
            line = process.stdout.readline() if process.stdout else ""
        assert re.search(r"http://0\.0\.0\.0:\d+/", line)
        deadline = time.monotonic() + 10
        while not (tmp_path / "worker.pid").exists():
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert process.returncode == 0
    assert not (tmp_path / "worker.pid").exists()


def test_loopback_names_and_addresses():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.10")
