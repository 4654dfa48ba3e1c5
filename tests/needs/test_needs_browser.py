"""In a real browser, on the demo: the planner reads the needs charts, sorts the posts by
shortage and sets one post's formation by hand with a reason."""

from __future__ import annotations

from typing import Any

import pytest

from mutasi.demo.writer import DEMO_PASSWORD, PLANNER_USERNAME, build_demo
from mutasi.needs.models import FormationOverride
from tests.browser.conftest import browser, log_in, page  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_planner_reads_the_charts_sorts_by_shortage_and_overrides_a_post(
    page: Any,  # noqa: F811
    live_server: Any,
    log_in: Any,  # noqa: F811
) -> None:
    build_demo(400)
    log_in(page, PLANNER_USERNAME, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/kebutuhan/")
    page.wait_for_function(
        "[...document.querySelectorAll('canvas[data-chart]')].length === 3 && "
        "[...document.querySelectorAll('canvas[data-chart]')].every(c => c.mutasiChart)"
    )

    with page.expect_navigation():
        page.get_by_role("link", name="Per jabatan", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Selisih", exact=True).click()  # numbers: largest first
    with page.expect_navigation():
        page.get_by_role("link", name="Selisih ▼", exact=True).click()  # then most short first
    first = page.locator("table tbody tr").first
    shortest = int(first.locator("td").nth(6).inner_text())
    values = [int(t) for t in page.locator("table tbody tr td:nth-child(7)").all_inner_texts()]
    assert shortest == min(values) < 0

    code = first.locator("td").first.inner_text()
    with page.expect_navigation():
        first.locator("a").first.click()
    page.fill("#id_formation", "1")
    page.fill("#id_reason", "Layanan dialihkan ke puskesmas lain (uji browser)")
    with page.expect_navigation():
        page.get_by_role("button", name="Tetapkan kebutuhan").click()
    assert (
        "Layanan dialihkan ke puskesmas lain (uji browser)"
        in page.locator(".alert-info").inner_text()
    )
    assert page.get_by_text("Kebutuhan berlaku: ditetapkan perencana").is_visible()
    override = FormationOverride.objects.get(position__code=code)
    assert (override.formation, override.created_by.username) == (1, PLANNER_USERNAME)
