"""The background worker that ``mutasi serve`` starts and watches.

Plan runs and document rendering are django-tasks tasks on the database backend; they only run if
a worker process (``mutasi db_worker``) takes them from the queue. ``mutasi serve`` starts one as a
child process and a supervisor thread that:

1. restarts the worker if it exits (after a pause that grows while it keeps dying at once, so a
   broken database does not make it spin);
2. runs the periodic checks (``runtime.PERIODIC_CHECKS``, e.g. failing plan runs that lost their
   heartbeat because the worker was killed in the middle) every few seconds;
3. stops the worker with the server: SIGTERM (the worker ends its current task's process, and the
   run is marked failed by its own handler), then SIGKILL after a grace period.

The worker's process id is written to ``DATA_DIR/worker.pid`` while it runs.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from . import runtime

logger = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 5.0
# A worker that ran at least this long before dying is restarted at once; quicker deaths back off.
HEALTHY_RUN_SECONDS = 60.0
MAX_RESTART_DELAY_SECONDS = 60.0
STOP_GRACE_SECONDS = 10.0


def worker_command() -> list[str]:
    if settings.TASK_QUEUE_BACKEND == "rq":
        # RQ on Redis (MUTASI_TASKS=rq): the same worker as on the other machines.
        return [sys.executable, "-m", "mutasi.cli", *RQ_WORKER_ARGS]
    return [sys.executable, "-m", "mutasi.cli", "db_worker", "--no-startup-delay", "--no-reload"]


# `mutasi rqworker` with django-tasks-rq's job class (it runs the task functions), one queue.
RQ_WORKER_ARGS = ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the worker gets SIGTERM if the server process dies without stopping it."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except OSError:
        pass


class WorkerSupervisor:
    """Start, watch and stop the task worker (see the module docstring)."""

    def __init__(
        self,
        command: list[str] | None = None,
        *,
        check_every: float = CHECK_EVERY_SECONDS,
        checks: Callable[[], None] = runtime.run_periodic_checks,
    ) -> None:
        self.command = command or worker_command()
        self.check_every = check_every
        self.checks = checks
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="mutasi-worker", daemon=True)
        self._started_at = 0.0
        self._quick_deaths = 0

    @property
    def pid_file(self) -> Path:
        return Path(settings.DATA_DIR) / "worker.pid"

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    def _spawn(self) -> None:
        from mutasi.cli import CHILD_ENV

        env = {**os.environ, CHILD_ENV: "1"}
        self.process = subprocess.Popen(
            self.command,
            env=env,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
            # its own process group: Ctrl+C in the terminal (or a signal to the server's group)
            # reaches the server alone, which then stops the worker; reached as well, the worker
            # stopped at once, was reported "exited ... restarting", and the server's SIGTERM
            # then came during its exit, printing a traceback
            process_group=0,
        )
        self._started_at = time.monotonic()
        self.pid_file.write_text(f"{self.process.pid}\n")
        logger.info("task worker started, pid %s", self.process.pid)

    def _watch(self) -> None:
        next_check = 0.0
        while not self._stopping.is_set():
            process = self.process
            if process is not None and process.poll() is not None:
                self._restart(process.returncode)
            if time.monotonic() >= next_check:
                self.checks()
                next_check = time.monotonic() + self.check_every
            self._stopping.wait(0.5)

    def _restart(self, returncode: int | None) -> None:
        lived = time.monotonic() - self._started_at
        self._quick_deaths = 0 if lived >= HEALTHY_RUN_SECONDS else self._quick_deaths + 1
        delay = 0.0
        if self._quick_deaths:
            delay = min(MAX_RESTART_DELAY_SECONDS, 2.0 ** (self._quick_deaths - 1))
        logger.error(
            "task worker exited with code %s after %.0f s; restarting in %.0f s",
            returncode,
            lived,
            delay,
        )
        if self._stopping.wait(delay):
            return
        self.restarts += 1
        self._spawn()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        process = self.process
        if process is not None and process.poll() is None:
            # The first SIGTERM asks the worker to stop after its current task; a second one ends
            # that task (a plan run then marks itself failed, to be re-run after the restart).
            for signum, wait in ((signal.SIGTERM, 2.0), (signal.SIGTERM, STOP_GRACE_SECONDS)):
                process.send_signal(signum)
                try:
                    process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
            if process.poll() is None:
                logger.warning("task worker did not stop in time; killing it")
                process.kill()
                process.wait()
        self.pid_file.unlink(missing_ok=True)
        logger.info("task worker stopped")
