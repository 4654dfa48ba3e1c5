"""In a real browser, on a phone-sized screen: an employee activates their account, logs in by
NIP, ranks three posts and "rather stay", submits and sees the receipt; once the window closes
the form is read-only."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from mutasi.participation.accounts import do_issue_activation_codes
from mutasi.participation.models import Aspiration, AspirationStatus, Preference
from tests.factories import make_planner
from tests.participation.conftest import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "Sandi-Ani-Bukitintan-27"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(locale="id-ID", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def add_post(page: Any, name: str) -> None:
    item = page.locator("#eligible-posts li", has_text=name)
    with page.expect_navigation():
        item.get_by_role("button", name="Tambah").click()


def test_an_employee_activates_ranks_submits_and_the_form_closes(
    phone: Any, live_server: Any, log_in: Any
) -> None:
    from axes.utils import reset as reset_login_attempts

    reset_login_attempts()
    world = build_world()
    [issued] = do_issue_activation_codes([world.ani], acting_user=make_planner())
    page = phone

    page.goto(f"{live_server.url}/partisipasi/aktivasi/")
    page.fill("#id_nip", world.ani.nip)
    page.fill("#id_code", issued.code)
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Aktifkan akun").click()
    assert "/masuk/" in page.url
    assert "Akun Anda aktif" in page.content()

    log_in(page, world.ani.nip, NEW_PASSWORD)
    page.goto(f"{live_server.url}/partisipasi/preferensi/")
    assert page.locator("h1").inner_text() == "Preferensi mutasi"
    # Only eligible posts can be added; the others are listed with their reason.
    assert page.locator("#eligible-posts li", has_text=world.post_high.name).count() == 0
    page.click("details summary")
    assert "di bawah minimal IV/a" in page.locator("#ineligible-posts").inner_text()

    add_post(page, world.post_1.name)
    add_post(page, world.post_2.name)
    with page.expect_navigation():
        page.click("#add-stay")
    add_post(page, world.post_3.name)
    ranking = page.locator("#ranking > li")
    assert ranking.count() == 4
    assert "Saya lebih memilih tetap" in ranking.nth(2).inner_text()
    # The page fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    with page.expect_navigation():
        page.click("#submit-button")
    assert "/partisipasi/preferensi/tanda-terima/" in page.url
    code = page.locator("#receipt-code").inner_text().strip()
    aspiration = Aspiration.objects.get(employee=world.ani)
    assert code == aspiration.receipt_code and aspiration.status == AspirationStatus.SUBMITTED
    rows = page.locator("#receipt-ranking > li")
    assert rows.count() == 4
    assert world.post_1.name in rows.nth(0).inner_text()
    assert "Saya lebih memilih tetap" in rows.nth(2).inner_text()
    assert list(
        Preference.objects.filter(employee=world.ani).values_list("position", flat=True)
    ) == [world.post_1.pk, world.post_2.pk, world.own_post.pk, world.post_3.pk]

    world.cycle.preference_closes = timezone.now() - datetime.timedelta(minutes=1)
    world.cycle.save(update_fields=["preference_closes"])
    page.goto(f"{live_server.url}/partisipasi/preferensi/")
    assert page.locator("#read-only").is_visible()
    assert page.locator("#ranking > li").count() == 4
    assert page.locator("#submit-button").count() == 0
    assert page.get_by_role("button", name="Tambah").count() == 0
    assert page.locator("#ranking button").count() == 0
    assert page.locator("textarea").count() == 0
