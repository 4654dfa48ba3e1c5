"""First run as the superuser: record the office, see its name in the header; HR adds a unit head
on the users page; the decree template page. At 1366 px and 390 px, with axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from mutasi.core.models import Instance, Role
from tests.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = [1366, 390]


@pytest.fixture(autouse=True)
def _fast(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    Instance.forget_cached()
    yield
    Instance.forget_cached()


def serious_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    # The page's own content: the shared navbar's contrast is the layout's (fixed there).
    results = Axe().run(page, context={"include": [["main"]]})
    return [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def assert_fits(page: Any, width: int) -> None:
    scroll = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways: {scroll} px at {width} px"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_superuser_records_the_office_on_first_run_and_hr_adds_a_unit_head(
    page, live_server, log_in, width
):  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 900})
    get_user_model().objects.create_superuser("admin", password="rahasia-demo-123")
    unit = make_unit("DINKES", name="Dinas Kesehatan")
    log_in(page, "admin")
    page.wait_for_url(re.compile(r"/pengaturan/instansi/$"))
    assert page.locator("#first-run").is_visible()
    assert serious_violations(page) == []
    assert_fits(page, width)

    page.fill("#id_region_name", "Kabupaten Bukitintan")
    page.select_option("#id_head_title", "Bupati")
    page.fill("#id_head_name", "H. Rahmat Hidayat")
    page.fill("#id_office_head_nip", "123")
    page.click("#instance-form button[type=submit]")
    assert "tidak sah" in page.inner_text("#instance-form")
    assert page.input_value("#id_region_name") == "Kabupaten Bukitintan"  # kept on error
    page.fill("#id_office_head_nip", "197205141998032004")
    page.click("#instance-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.inner_text("#office-name") == "BKPSDM Kabupaten Bukitintan"
    assert Instance.objects.get().head_full_title == "Bupati Bukitintan"

    page.goto(f"{live_server.url}/pengaturan/pengguna/")
    assert serious_violations(page) == []
    assert_fits(page, width)
    page.fill("#id_username", "kepala.dinkes")
    page.fill("#id_full_name", "Dr. Rina Wati")
    page.select_option("#id_role", "unit_head")
    page.select_option("#id_unit", str(unit.pk))
    page.fill("#id_password", "sandi-yang-panjang-1")
    page.click("#user-form button[type=submit]")
    page.wait_for_selector("tr[data-username='kepala.dinkes']")
    head = get_user_model().objects.get(username="kepala.dinkes")
    assert (head.profile.role, head.profile.unit_id) == (Role.UNIT_HEAD, unit.pk)

    page.goto(f"{live_server.url}/rencana/templat-sk/")
    assert serious_violations(page) == []
    assert_fits(page, width)
    with page.expect_download() as download:
        page.click("#template-download")
    assert download.value.suggested_filename == "templat-sk-mutasi.docx"
