"""The training stage in the browser: HR builds the training plan of an approved plan (1366 px);
the employee moved into IT sees her own training on a phone (390 px). axe-core checks both."""

from __future__ import annotations

import re

import pytest

from mutasi.training.models import TrainingPlan, TrainingStatus
from tests.training.conftest import people, region  # noqa: F401  (fixtures used by name)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_axe_violations(page) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture(autouse=True)
def inline_tasks(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_hr_builds_the_training_plan_and_the_employee_sees_hers_on_a_phone(
    browser, live_server, log_in, request
):
    world = request.getfixturevalue("region")
    request.getfixturevalue("people")
    context = browser.new_context(locale="id-ID", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    log_in(page, "perencana")
    page.goto(f"{live_server.url}/pelatihan/")
    page.select_option("#id_plan", str(world["plan"].pk))
    page.fill("#id_budget", "4500000")
    page.click("#training-plan-form button[type=submit]")
    page.wait_for_url(re.compile(r"/pelatihan/rencana/\d+/$"))
    page.wait_for_selector("#training-summary")
    tp = TrainingPlan.objects.get()
    assert tp.status == TrainingStatus.DONE
    assert page.locator("#assignments tbody tr").count() == 2
    assert "Jaringan Komputer Dasar" in page.inner_text("#assignments")
    assert "anggaran habis" in page.inner_text("#unfunded")
    _no_axe_violations(page)
    page.goto(f"{live_server.url}/pelatihan/")
    page.wait_for_selector("canvas[data-chart=sector-chart]")
    _no_axe_violations(page)
    context.close()

    phone = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    phone.set_default_timeout(20_000)
    page = phone.new_page()
    log_in(page, "ani")
    page.goto(f"{live_server.url}/pelatihan/")
    page.wait_for_url(re.compile(r"/pelatihan/saya/$"))
    assert "Jaringan Komputer Dasar" in page.inner_text("#my-planned")
    assert "belum dinilai" in page.inner_text("#my-gaps")
    # nothing wider than the phone's screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _no_axe_violations(page)
    phone.close()
