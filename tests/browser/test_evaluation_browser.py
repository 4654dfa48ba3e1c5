"""In a real browser: a citizen answers the public SKM form on a phone-width screen (no login),
and HR sees the unit's IKM change on the IKM page. Both pages pass axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from mutasi.evaluation.models import PublicResponse
from tests.factories import make_planner, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _context(browser: Any, viewport: dict[str, int], **extra: Any) -> Any:
    context = browser.new_context(locale="id-ID", viewport=viewport, **extra)
    context.set_default_timeout(10_000)
    return context


def _axe_violations(page: Any, context: str | None = None) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    return [
        f"{v['id']}: {n['html'][:120]}" for v in results.response["violations"] for n in v["nodes"]
    ]


def _answer(page: Any, url: str, choice: int) -> None:
    """Pick answer ``choice`` (1–4) for each of the nine elements, then send."""
    page.goto(url)
    for number in range(1, 10):
        page.locator(f"#q{number} label").nth(choice - 1).click()
    page.select_option("#id_gender", "P")
    page.fill("#id_age", "41")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim jawaban").click()
    assert "Terima kasih" in page.locator("h1").inner_text()


def _ikm_cell(page: Any) -> str:
    return page.locator("#ikm-table tr[data-unit='PKM1'] td[data-col='ikm']").inner_text()


def test_a_citizen_answers_on_a_phone_and_hr_sees_the_ikm_update(
    browser: Any, live_server: Any, log_in: Any
) -> None:
    from axes.utils import reset as reset_login_attempts

    reset_login_attempts()
    make_unit("PKM1", name="Puskesmas Satu", sector="kesehatan")
    make_planner()
    form_url = f"{live_server.url}/evaluasi/skm/PKM1/"

    phone = _context(browser, PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(form_url)
    assert "Puskesmas Satu" in phone.locator("header").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _axe_violations(phone) == []
    # No script on the page at all: it works on any phone browser.
    assert phone.evaluate("document.scripts.length") == 0
    _answer(phone, form_url, 4)
    assert PublicResponse.objects.get().answers == (4,) * 9

    desk = _context(browser, DESKTOP).new_page()
    log_in(desk, "perencana")
    desk.goto(f"{live_server.url}/evaluasi/ikm/")
    assert _ikm_cell(desk) == "100,00"
    assert "A" in desk.locator("#ikm-table tr[data-unit='PKM1'] td[data-col='mutu']").inner_text()
    # The page's own content; the shared navigation bar is checked with the layout's tests.
    assert _axe_violations(desk, "#main") == []

    _answer(phone, form_url, 1)  # a second, unhappy citizen
    desk.reload()
    assert _ikm_cell(desk) == "62,50"  # (4 + 1) / 2 × 25
    assert "D" in desk.locator("#ikm-table tr[data-unit='PKM1'] td[data-col='mutu']").inner_text()
    desk.goto(f"{live_server.url}/evaluasi/unit/PKM1/")
    assert desk.locator("#responses tbody tr").count() == 2
    # The page's own content; the shared navigation bar is checked with the layout's tests.
    assert _axe_violations(desk, "#main") == []
