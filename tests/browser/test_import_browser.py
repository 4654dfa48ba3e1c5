"""The web import in the browser: upload a workbook with an error, see the preview and the error,
upload the corrected file, confirm, and see the employees. At a desktop and a phone width, with
an accessibility check (axe-core) of each page."""

from __future__ import annotations

import re

import pytest

from mutasi.people.models import Employee, ImportStatus, ImportUpload
from tests.factories import make_planner
from tests.people.test_import import BUDI, base, write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def planner(settings, tmp_path):  # type: ignore[no-untyped-def]
    # The check runs inline here (the request that uploads runs it); the database queue and its
    # worker are tested in tests/people/test_import_web.py.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_planner()


def assert_accessible(page) -> None:  # type: ignore[no-untyped-def]
    """axe-core finds no violation in the page's main content (the import pages' own part)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context="#main")
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [1366, 390])
def test_a_planner_uploads_sees_the_preview_and_errors_confirms_and_sees_the_data(
    page, live_server, log_in, planner, tmp_path, width
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, planner.username)
    page.goto(f"{live_server.url}/pegawai/impor/")
    assert_accessible(page)

    # A file with an error: the preview names it, and nothing can be applied.
    bad = base()
    bad["pegawai"][0]["golongan"] = "V/z"
    page.set_input_files("#id_file", str(write_xlsx(tmp_path / "pegawai-salah.xlsx", bad)))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/pegawai/impor/\d+/$"))
    page.wait_for_selector("#upload-rejected")
    error_row = page.locator("#issue-table tbody tr").first
    assert error_row.locator("td").nth(1).inner_text() == "pegawai"
    assert error_row.locator("td").nth(2).inner_text() == "2"
    assert "nilai tidak dikenal" in error_row.inner_text()
    assert page.locator("#confirm-form").count() == 0
    with page.expect_download() as download:
        page.click("#issues-download")
    assert download.value.suggested_filename.endswith(".xlsx")
    # Checked at rest: not while the clicked button is still fading from its pressed colours.
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(400)
    assert_accessible(page)
    assert Employee.objects.count() == 0

    # The corrected file: a preview of what will change, still nothing changed.
    page.goto(f"{live_server.url}/pegawai/impor/")
    page.set_input_files("#id_file", str(write_xlsx(tmp_path / "pegawai.xlsx", base())))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/pegawai/impor/\d+/$"))
    page.wait_for_selector("#upload-ready")
    new_employees = page.locator("#count-table tr[data-sheet=pegawai] td").first.inner_text()
    assert new_employees == "2"
    assert_accessible(page)
    assert Employee.objects.count() == 0

    page.click("#confirm-form button[type=submit]")
    page.wait_for_selector("#upload-applied")
    assert ImportUpload.objects.filter(status=ImportStatus.APPLIED).count() == 1
    page.click("#upload-applied a")
    page.wait_for_url(re.compile(r"/pegawai/$"))
    assert page.locator(f"text={BUDI}").count() >= 1 or "Budi Santoso" in page.content()
    assert Employee.objects.count() == 2
