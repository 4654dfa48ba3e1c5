"""A whole planning cycle in the browser on the demo region: the planner creates a cycle, runs it,
pins a move, re-runs, submits; the approver approves; the SK is downloaded."""

from __future__ import annotations

import re

import pytest
from django.db.models import F

from mutasi.plans.models import Move, Pin, Plan, PlanStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_SIZE = 400


@pytest.fixture
def demo(settings, tmp_path):  # type: ignore[no-untyped-def]
    from mutasi.demo.generator import MIN_SIZE
    from mutasi.demo.writer import build_demo

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.OUTPUT_DIR = tmp_path
    return build_demo(max(DEMO_SIZE, MIN_SIZE))


def test_a_planner_and_an_approver_go_through_a_whole_cycle(page, live_server, log_in, demo):
    url = live_server.url
    log_in(page, "perencana", demo.password)

    # Create a cycle: the policy form comes with every default filled in.
    page.goto(f"{url}/rencana/siklus/baru/")
    page.fill("#id_name", "Mutasi Semester I 2027")
    page.fill("#id_p-unit_departure_cap", "0.3")
    page.click("#cycle-form button[type=submit]")
    page.wait_for_url(re.compile(r"/rencana/siklus/\d+/$"))

    # Run it (in the background; the page shows the progress until it is done).
    page.click("#run-form button[type=submit]")
    page.wait_for_url(re.compile(r"/rencana/\d+/$"))
    first = Plan.objects.latest("id")
    assert first.status == PlanStatus.DRAFT, (first.status, first.error)
    page.wait_for_selector("#submit-plan", timeout=60_000)
    assert first.status == PlanStatus.DRAFT, first.error
    assert first.policy["unit_departure_cap"] == 0.3

    # Pin the person of the first move to stay: the re-run must leave them in place.
    page.click("text=Daftar mutasi")
    row = page.locator("#moves-table tbody tr").first
    nip = row.get_attribute("data-nip")
    row.locator("button", has_text="Tetap").click()
    page.wait_for_load_state()
    pin = Pin.objects.get(employee__nip=nip)
    assert pin.kind == "stay"

    page.goto(f"{url}/rencana/{first.pk}/")
    page.click("#rerun-plan")
    page.wait_for_url(re.compile(r"/rencana/\d+/$"))
    page.wait_for_selector("#submit-plan", timeout=60_000)
    second = Plan.objects.latest("id")
    assert second.pk != first.pk and second.based_on_id == first.pk
    assert not (
        Move.objects.filter(plan=second, employee__nip=nip)
        .exclude(to_position_id=F("from_position_id"))
        .exists()
    )

    page.click("#submit-plan")
    page.wait_for_load_state()
    assert page.locator("[data-status=submitted]").count() >= 1
    page.click("text=Keluar")

    # The approver approves; the plan is frozen and its decree can be downloaded.
    log_in(page, "penyetuju", demo.password)
    page.goto(f"{url}/rencana/{second.pk}/")
    page.click("#approve-plan")
    page.wait_for_load_state()
    second.refresh_from_db()
    assert second.status == PlanStatus.APPROVED
    page.click("#decree-link")
    # The test's inline task backend renders while the request waits: allow for a loaded machine.
    with page.expect_download(timeout=90_000) as download:
        page.click("#download-docx", timeout=90_000)
    assert download.value.suggested_filename.endswith(".docx")
    with page.expect_download(timeout=90_000) as download:
        page.click("#download-pdf", timeout=90_000)
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
