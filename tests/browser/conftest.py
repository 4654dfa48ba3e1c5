"""Playwright against pytest-django's live server, with Debian's Chromium (never a downloaded one).

Use the ``page`` fixture in a test marked ``browser``; the ``log_in`` fixture logs a user in
through the real login form: ``log_in(page, "perencana", password)`` (the password defaults to the
one ``tests.factories.make_user`` gives everyone).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django refuses database access
# from a thread with a running loop unless told it is safe. It is here: the test and the live
# server's thread never touch the same connection concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("MUTASI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "rahasia-demo-123"  # tests.factories.make_user's password


# Module scope: Playwright's event loop stops after each browser module, so it cannot disturb
# the tests that run after it in the same process.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) per test; 10 s timeout for every wait."""
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def log_in(live_server: Any) -> Any:
    """``log_in(page, username, password)``: fill in the login form and wait for the next page."""

    def do_log_in(page: Any, username: str, password: str = PASSWORD) -> None:
        page.goto(f"{live_server.url}/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("form[action='/masuk/'] button[type=submit]")

    return do_log_in
