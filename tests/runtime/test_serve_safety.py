"""``mutasi serve`` refuses to listen beyond this machine with the built-in demo secret key."""

from __future__ import annotations

import os
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


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_to_the_terminal_group_stops_server_and_worker_quietly(tmp_path, signum):
    """Ctrl+C in a terminal signals the whole foreground group. Only the server takes it; it stops
    the worker itself, so nothing reports the worker "exited ... restarting" and no second
    signal lands in the worker's own exit (which printed a traceback)."""
    out = tmp_path / "serve.out"
    with out.open("w+") as log:
        process = subprocess.Popen(
            [MUTASI, "serve", "--port", "0"],
            env=command_env(tmp_path),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a group of its own, like a terminal's foreground job
        )
        try:
            # the worker logs "Starting worker" once its own signal handlers are set (on a busy
            # machine its start-up took longer than a fixed pause; a SIGTERM before then ends it
            # without a word)
            worker_log = tmp_path / "logs" / "mutasi.log"
            deadline = time.monotonic() + 60
            while "berjalan di" not in out.read_text() or "Starting worker" not in (
                worker_log.read_text() if worker_log.exists() else ""
            ):
                assert time.monotonic() < deadline and process.poll() is None, out.read_text()
                time.sleep(0.2)
            worker = int((tmp_path / "worker.pid").read_text())
            os.killpg(process.pid, signum)
            assert process.wait(timeout=30) == 0
        finally:
            if process.poll() is None:
                process.kill()
    text = out.read_text()
    assert "Traceback" not in text and "restarting" not in text and "ERROR" not in text
    # the worker heard one signal, the server's SIGTERM (not the terminal's Ctrl+C)
    assert text.count("Received Terminated") == 1 and "Received Interrupt" not in text
    assert not (tmp_path / "worker.pid").exists()
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)


def test_a_port_out_of_range_is_refused_not_wrapped(tmp_path):
    result = run_mutasi(tmp_path, "serve", "--port", "99999", timeout=60)
    assert result.returncode == 1
    assert "Kesalahan: --port harus antara 0 dan 65535, bukan 99999" in result.stderr
    assert "berjalan di" not in result.stdout
