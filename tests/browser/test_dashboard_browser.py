"""In a real browser: the demo planner logs in, sees the dashboard's charts, switches to English."""

from __future__ import annotations

from typing import Any

import pytest

from mutasi.demo.writer import DEMO_PASSWORD, PLANNER_USERNAME, build_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_SIZE = 400  # enough for every sector and chart, small enough to build in a second or two


def test_the_demo_planner_sees_the_dashboard_charts_and_can_switch_to_english(
    page: Any, live_server: Any, log_in: Any
) -> None:
    build_demo(DEMO_SIZE)
    log_in(page, PLANNER_USERNAME, DEMO_PASSWORD)

    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text() == "Dasbor kepegawaian"
    # Chart.js (served locally) drew all four charts on their canvases.
    page.wait_for_function(
        "document.querySelectorAll('canvas[data-chart]').length === 4 && "
        "[...document.querySelectorAll('canvas[data-chart]')].every(c => c.mutasiChart)"
    )
    sizes = page.eval_on_selector_all(
        "canvas[data-chart]", "cs => cs.map(c => [c.width, c.height])"
    )
    assert all(width > 100 and height > 100 for width, height in sizes)
    assert page.locator("#table-staff tbody tr").count() >= 3
    assert page.get_by_role("link", name="Pegawai", exact=True).is_visible()

    with page.expect_navigation():
        page.click("#language-form button[value=en]")
    assert page.locator("h1").inner_text() == "Workforce dashboard"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Employees", exact=True).is_visible()

    # Logging out is a POST from the menu, and leads back to the login page.
    with page.expect_navigation():
        page.click("form[action='/keluar/'] button[type=submit]")
    assert "/masuk/" in page.url
