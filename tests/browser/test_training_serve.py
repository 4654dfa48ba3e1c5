"""Stage 4 on the shipped configuration: ``mutasi demo`` in its own data folder, ``mutasi serve``
started as a user would (subprocess, shipped settings, the database task backend and the worker
that ``serve`` starts), HR queues the training plan of an approved transfer plan from the page and
the worker computes it; the page shows what was chosen, within the budget."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.runtime.conftest import query, run_mutasi, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DEMO_SIZE = 400
PASSWORD = "bukitintan2027"
BUDGET = 20_000_000


@pytest.fixture(scope="module")
def served(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    data = tmp_path_factory.mktemp("training-serve")
    built = run_mutasi(data, "demo", "--size", str(DEMO_SIZE), "--no-serve", timeout=600)
    assert built.returncode == 0, built.stderr
    # The approver's step (its own journey test walks it): the demo's plan is approved.
    (plan_id,) = query(data, "SELECT id FROM plans_plan ORDER BY id DESC LIMIT 1")[0]
    query(data, "UPDATE plans_plan SET status = 'approved' WHERE id = ?", plan_id)
    with serving(data) as (url, _process):
        yield {"url": url, "data": data, "plan": plan_id}


def test_hr_queues_a_training_plan_and_the_worker_that_serve_started_computes_it(
    served: dict[str, Any], browser: Any
) -> None:
    url, data = served["url"], served["data"]
    context = browser.new_context(locale="id-ID", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(f"{url}/masuk/")
    page.fill("#id_username", "perencana")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/masuk/'] button[type=submit]")
    page.goto(f"{url}/pelatihan/")
    page.select_option("#id_plan", str(served["plan"]))
    page.fill("#id_budget", str(BUDGET))
    page.click("#training-plan-form button[type=submit]")
    page.wait_for_url(re.compile(r"/pelatihan/rencana/\d+/$"))
    tp_id = int(re.search(r"/pelatihan/rencana/(\d+)/$", page.url).group(1))
    # The page refreshes itself while the worker runs; the summary appears when it is done.
    page.wait_for_selector("#training-summary", timeout=180_000)
    status, cost, error = query(
        Path(data), "SELECT status, cost, error FROM training_trainingplan WHERE id = ?", tp_id
    )[0]
    assert status == "done", error
    assert 0 < float(cost) <= BUDGET
    (enrolments,) = query(
        Path(data), "SELECT COUNT(*) FROM training_enrolment WHERE training_plan_id = ?", tp_id
    )[0]
    assert enrolments > 0
    assert page.locator("#assignments tbody tr").count() > 0
    tasks = [
        r[0] for r in query(Path(data), "SELECT status FROM django_tasks_database_dbtaskresult")
    ]
    assert "RUNNING" not in tasks and "READY" not in tasks
    context.close()
