"""The shipped configuration end to end: a demo built by ``mutasi demo`` in its own data folder,
``mutasi serve`` started as a user would (subprocess, shipped settings, the database task backend
and the worker that ``serve`` starts itself), a plan queued from the page and seen to finish; and a
worker killed in the middle of a run, the plan marked failed within the heartbeat timeout, re-run
from the page and finished."""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.runtime.conftest import query, run_mutasi, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DEMO_SIZE = 2000  # big enough that a run takes a few seconds (time to kill its worker)
PASSWORD = "bukitintan2027"
HEARTBEAT_TIMEOUT = 15  # seconds (loaded CI machines starve threads); the shipped default is 60


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: Any) -> Path:
    data = tmp_path_factory.mktemp("demo-data")
    built = run_mutasi(data, "demo", "--size", str(DEMO_SIZE), "--no-serve", timeout=600)
    assert built.returncode == 0, built.stderr
    return data


@pytest.fixture(scope="module")
def server(demo_dir: Path) -> Iterator[dict[str, Any]]:
    with serving(demo_dir, MUTASI_PLAN_HEARTBEAT_TIMEOUT=str(HEARTBEAT_TIMEOUT)) as (url, process):
        yield {"url": url, "process": process, "data": demo_dir}
    # The worker went down with the server.
    assert not (demo_dir / "worker.pid").exists()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="id-ID", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def log_in_as_planner(page: Any, url: str) -> None:
    page.goto(f"{url}/masuk/")
    page.fill("#id_username", "perencana")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/masuk/'] button[type=submit]")


def create_cycle(page: Any, url: str, name: str) -> None:
    page.goto(f"{url}/rencana/siklus/baru/")
    page.fill("#id_name", name)
    page.click("#cycle-form button[type=submit]")
    page.wait_for_url(re.compile(r"/rencana/siklus/\d+/$"))


def plan_row(data: Path, plan_id: int) -> tuple[str, int, str]:
    return query(data, "SELECT status, progress, error FROM plans_plan WHERE id = ?", plan_id)[0]


def task_statuses(data: Path) -> list[str]:
    return [row[0] for row in query(data, "SELECT status FROM django_tasks_database_dbtaskresult")]


def test_a_plan_queued_from_the_page_is_run_by_the_worker_that_serve_started(server, page):
    url, data = server["url"], server["data"]
    log_in_as_planner(page, url)
    create_cycle(page, url, "Mutasi uji pekerja")
    page.click("#run-form button[type=submit]")
    page.wait_for_url(re.compile(r"/rencana/\d+/$"))
    plan_id = int(re.search(r"/rencana/(\d+)/$", page.url).group(1))
    # The page polls and reloads when done; the submit button appears on a finished draft.
    page.wait_for_selector("#submit-plan", timeout=180_000)
    status, progress, error = plan_row(data, plan_id)
    assert (status, progress) == ("draft", 100), error
    assert "RUNNING" not in task_statuses(data) and "READY" not in task_statuses(data)


def test_a_killed_worker_leaves_the_plan_failed_and_it_can_be_run_again(server, page):
    url, data = server["url"], server["data"]
    log_in_as_planner(page, url)
    create_cycle(page, url, "Mutasi uji pekerja mati")
    page.click("#run-form button[type=submit]")
    page.wait_for_url(re.compile(r"/rencana/\d+/$"))
    plan_id = int(re.search(r"/rencana/(\d+)/$", page.url).group(1))

    # Kill the worker process in the middle of the run (as the OOM killer would).
    deadline = time.monotonic() + 120
    while plan_row(data, plan_id)[0] != "running":
        assert time.monotonic() < deadline, plan_row(data, plan_id)
        time.sleep(0.05)
    worker_pid = int((data / "worker.pid").read_text())
    os.kill(worker_pid, signal.SIGKILL)
    killed_at = time.monotonic()

    # Nobody reloads: the server's supervisor notices the silence and the page (polling) shows it.
    page.wait_for_selector("#plan-error", timeout=60_000)
    assert time.monotonic() - killed_at < 60
    status, _progress, error = plan_row(data, plan_id)
    assert status == "failed"
    assert "tidak memberi kabar" in error
    assert "tidak memberi kabar" in page.inner_text("#plan-error")
    assert "RUNNING" not in task_statuses(data)
    # The supervisor started a new worker.
    assert int((data / "worker.pid").read_text()) != worker_pid

    page.click("#requeue-plan")
    page.wait_for_selector("#submit-plan", timeout=180_000)
    status, progress, error = plan_row(data, plan_id)
    assert (status, progress, error) == ("draft", 100, "")
