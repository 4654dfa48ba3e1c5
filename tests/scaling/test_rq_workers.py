"""Plan runs on the distributed queue (MUTASI_TASKS=rq, RQ on Redis), as an office would run it:
every step is a `mutasi` command in its own process, sharing one database and one Redis.

The database is the run's: when the suite runs on PostgreSQL (``DATABASE_URL``), the office gets a
fresh PostgreSQL database of its own on that server (several workers sharing PostgreSQL, as on a
province's machines); on SQLite, a SQLite file in its data folder.

Two `mutasi rqworker` processes take two plans queued at once and each computes one; a worker
killed in the middle of a run leaves its plan failed (its heartbeat stops) and the plan runs again
to completion once queued again.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.slow

REDIS = "redis://127.0.0.1:6379"
DONE = {"draft", "failed"}


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS).ping())
    except Exception:  # noqa: BLE001 - no Redis: the test says so and is skipped
        return False


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat_file.parent.name))
    return found


@contextlib.contextmanager
def office_database(tmp_path: Path) -> Iterator[str | None]:
    """The office's DATABASE_URL: a new PostgreSQL database on the run's server when the suite
    runs on PostgreSQL (dropped afterwards), None (the data folder's SQLite file) otherwise."""
    if connection.vendor != "postgresql":
        yield None
        return
    import psycopg

    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    name = f"mutasi_rq_{os.getpid()}_{random.randint(0, 10**6)}"
    admin = urllib.parse.urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(url._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Office:
    """One data folder, one database (the run's kind) and one Redis database number: an office
    on the RQ backend."""

    def __init__(self, tmp_path: Path, heartbeat: int, database_url: str | None) -> None:
        self.db_number = random.randint(6, 15)
        self.database_url = database_url
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("MUTASI_")}
        self.env.pop("DATABASE_URL", None)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.env.update(
            {
                "MUTASI_DATA_DIR": str(tmp_path / "data"),
                "MUTASI_TASKS": "rq",
                "MUTASI_REDIS_URL": f"{REDIS}/{self.db_number}",
                "MUTASI_PLAN_HEARTBEAT_TIMEOUT": str(heartbeat),
            }
        )
        self.tmp_path = tmp_path
        self.workers: list[subprocess.Popen[bytes]] = []
        # A fresh Redis database: no queued job and no finished-job record of an earlier run.
        self.python("import django_rq; django_rq.get_queue('default').connection.flushdb()")

    def mutasi(self, *args: str, timeout: float = 900) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "mutasi.cli", *args],
            env=self.env,
            cwd=self.tmp_path,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def python(self, code: str) -> str:
        return self.mutasi("shell", "-c", code)

    def queue_plans(self, count: int, mechanism: str = "fair") -> list[int]:
        out = self.python(
            "from mutasi.plans.services import do_queue_plan; "
            f"print([do_queue_plan(None, mechanism={mechanism!r}, acting_user=None).pk "
            f"for _ in range({count})])"
        )
        return json.loads(out.strip().splitlines()[-1])

    def peek(self, plan_id: int) -> str:
        """The plan's status read straight from the database (fast enough to catch a run)."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as db:
                row = db.execute(
                    "SELECT status FROM plans_plan WHERE id = %s", (plan_id,)
                ).fetchone()
        else:
            path = self.tmp_path / "data" / "mutasi.sqlite3"
            with contextlib.closing(sqlite3.connect(path)) as db:
                row = db.execute(
                    "SELECT status FROM plans_plan WHERE id = ?", (plan_id,)
                ).fetchone()
        assert row is not None, plan_id
        return str(row[0])

    def vendor(self) -> str:
        """The database the office's own `mutasi` processes use."""
        out = self.python("from django.db import connection; print(connection.vendor)")
        return out.strip().splitlines()[-1]

    def statuses(self, plan_ids: list[int]) -> dict[int, str]:
        out = self.python(
            "import json; from mutasi.plans.models import Plan; "
            f"print(json.dumps({{p.pk: p.status for p in Plan.objects.filter(pk__in={plan_ids})}}))"
        )
        return {int(k): v for k, v in json.loads(out.strip().splitlines()[-1]).items()}

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        log = (self.tmp_path / f"{name}.log").open("wb")
        worker = subprocess.Popen(
            [sys.executable, "-m", "mutasi.cli", "rqworker", "--job-class",
             "django_tasks_rq.Job", "--name", f"{name}-{self.db_number}-{os.getpid()}", "default"],
            env=self.env, cwd=self.tmp_path, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.workers.append(worker)
        return worker

    def wait(self, plan_ids: list[int], until: set[str], timeout: float) -> dict[int, str]:
        deadline = time.monotonic() + timeout
        while True:
            now = self.statuses(plan_ids)
            if all(status in until for status in now.values()) or time.monotonic() > deadline:
                return now
            time.sleep(1)

    def wait_for_workers(self, count: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = self.python(
                "import django_rq; from rq import Worker; "
                "print(Worker.count(queue=django_rq.get_queue('default')))"
            )
            if int(out.strip().splitlines()[-1]) >= count:
                return
            time.sleep(0.5)
        raise AssertionError(f"{count} RQ workers did not start within {timeout} s")

    def workers_of_finished_jobs(self) -> set[str]:
        out = self.python(
            "import django_rq; from rq.job import Job; q = django_rq.get_queue('default'); "
            "ids = q.finished_job_registry.get_job_ids(); "
            "jobs = [Job.fetch(i, connection=q.connection) for i in ids]; "
            "print(sorted({r.worker_name for j in jobs for r in j.results()}))"
        )
        return set(json.loads(out.strip().splitlines()[-1].replace("'", '"')))

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    with office_database(tmp_path) as database_url:
        office = Office(tmp_path, heartbeat=30, database_url=database_url)
        try:
            office.mutasi("demo", "--size", "600", "--no-serve", "--mechanism", "fair")
            yield office
        finally:
            office.stop()


def test_the_office_uses_the_runs_database(office: Office) -> None:
    """On the PostgreSQL leg of the suite, the workers share PostgreSQL, not a SQLite file."""
    assert office.vendor() == connection.vendor
    assert (office.tmp_path / "data" / "mutasi.sqlite3").exists() == (connection.vendor == "sqlite")


def test_two_workers_run_two_plans_at_once_to_completion(office: Office) -> None:
    office.start_worker("w1")
    office.start_worker("w2")
    office.wait_for_workers(2)  # both listening before the runs arrive, so each takes one
    plans = office.queue_plans(2)
    final = office.wait(plans, DONE, timeout=900)
    assert final == {plans[0]: "draft", plans[1]: "draft"}, final
    assert len(office.workers_of_finished_jobs()) == 2  # one run on each worker


def test_a_worker_killed_mid_run_leaves_its_plan_failed_and_re_runnable(office: Office) -> None:
    office.env["MUTASI_PLAN_HEARTBEAT_TIMEOUT"] = "6"
    [plan] = office.queue_plans(1, mechanism="optimal")
    worker = office.start_worker("doomed")
    deadline = time.monotonic() + 300
    while office.peek(plan) == "queued" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert office.peek(plan) == "running"
    # RQ computes in a forked "work-horse" in its own session: kill it and the worker.
    for pid in [*children_of(worker.pid), worker.pid]:
        os.kill(pid, signal.SIGKILL)
    worker.wait(timeout=30)
    time.sleep(8)  # past the heartbeat timeout; the next `mutasi` command checks it
    assert office.statuses([plan]) == {plan: "failed"}
    office.python(
        "from mutasi.plans.models import Plan; from mutasi.plans.runs import do_requeue_plan; "
        f"do_requeue_plan(Plan.objects.get(pk={plan}), acting_user=None)"
    )
    office.start_worker("rescuer")
    assert office.wait([plan], DONE, timeout=900) == {plan: "draft"}
