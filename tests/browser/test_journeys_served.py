"""Each role's journey on the shipped configuration, in a browser, at 1366 px and at 390 px.

One demo region built by ``mutasi demo`` in its own data folder and one ``mutasi serve`` subprocess
(shipped settings, the database task backend and the worker that ``serve`` starts) for the whole
module. Every state a journey needs is made through the pages, as the people would make it: the
planner creates a cycle and queues a plan, the worker computes it, the planner submits it, the
approver decides. The tests only read the server's database (to check what the page claimed).

Every page a role meets is checked at both widths: it does not scroll sideways, axe-core finds no
serious or critical WCAG 2.1 A/AA violation, and no developer text shows.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import check_page
from tests.runtime.conftest import query, run_mutasi, serving

# One worker runs the whole module under pytest -n: one demo and one server, not one per worker.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("served-journeys")]
DEMO_SIZE = 400
PASSWORD = "bukitintan2027"  # every demo account's password
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")  # the shipped TIME_ZONE: datetime-local inputs use it
PLAN_TIMEOUT = 180_000  # ms: a loaded CI machine starves the worker
PLANNER, APPROVER, UNIT_HEAD = "perencana", "penyetuju", "kepala.dinkes"


def demo_accounts(output: str) -> dict[str, str]:
    """The employee accounts ``mutasi demo`` printed, by what they are: {"pppk": NIP, ...}."""
    found = {}
    for nip, description in re.findall(r"^\s+(\d{18})\s+.*? — (.+)$", output, re.MULTILINE):
        if "PPPK" in description:
            found["pppk"] = nip
        elif "pengadministrasi" in description:  # may move now
            found["employee"] = nip
    assert set(found) == {"pppk", "employee"}, output
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    data = tmp_path_factory.mktemp("journeys-data")
    built = run_mutasi(data, "demo", "--size", str(DEMO_SIZE), "--no-serve", timeout=600)
    assert built.returncode == 0, built.stderr
    with serving(data) as (url, _process):
        yield {"url": url, "data": data, **demo_accounts(built.stdout)}


@pytest.fixture
def axe() -> Any:
    module = pytest.importorskip("axe_playwright_python.sync_playwright")
    return module.Axe()


@pytest.fixture
def as_user(browser: Any, server: dict[str, Any]) -> Iterator[Any]:
    """``as_user(username)``: a fresh browser context (no cookies) logged in through the form."""
    contexts: list[Any] = []

    def log_in(username: str) -> Any:
        context = browser.new_context(locale="id-ID", viewport={"width": 1366, "height": 900})
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{server['url']}/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("form[action='/masuk/'] button[type=submit]")
        return page

    yield log_in
    for context in contexts:
        context.close()


def local_input(moment: datetime.datetime) -> str:
    """A datetime-local input's value in the server's time zone."""
    return moment.astimezone(JAKARTA).strftime("%Y-%m-%dT%H:%M")


def create_cycle(page: Any, url: str, name: str, *, window_open: bool) -> int:
    """The planner creates a cycle through the form; its preference window is open or closed."""
    now = datetime.datetime.now(datetime.UTC)
    page.goto(f"{url}/rencana/siklus/baru/")
    page.fill("#id_name", name)
    page.fill("#id_preference_opens", local_input(now - datetime.timedelta(days=3)))
    closes = now + datetime.timedelta(days=4) if window_open else now - datetime.timedelta(hours=1)
    page.fill("#id_preference_closes", local_input(closes))
    page.click("#cycle-form button[type=submit]")
    page.wait_for_url(re.compile(r"/rencana/siklus/\d+/$"))
    return int(re.search(r"/siklus/(\d+)/$", page.url).group(1))


def close_window(page: Any, url: str, cycle_id: int) -> None:
    """The planner closes the preference window through the cycle form (closes an hour ago)."""
    now = datetime.datetime.now(datetime.UTC)
    page.goto(f"{url}/rencana/siklus/{cycle_id}/ubah/")
    page.fill("#id_preference_closes", local_input(now - datetime.timedelta(hours=1)))
    page.click("#cycle-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/rencana/siklus/{cycle_id}/$"))


def run_plan(page: Any, url: str, cycle_id: int) -> int:
    """Queue a plan from the cycle page; the worker that serve started computes it (the page polls
    and reloads when done)."""
    page.goto(f"{url}/rencana/siklus/{cycle_id}/")
    page.click("#run-form button[type=submit]")
    page.wait_for_url(re.compile(r"/rencana/\d+/$"))
    page.wait_for_selector("#submit-plan", timeout=PLAN_TIMEOUT)
    return int(re.search(r"/rencana/(\d+)/$", page.url).group(1))


def submit_plan(page: Any, url: str, plan_id: int) -> None:
    page.goto(f"{url}/rencana/{plan_id}/")
    page.click("#submit-plan")
    page.wait_for_load_state()


def plan_status(data: Path, plan_id: int) -> str:
    return query(data, "SELECT status FROM plans_plan WHERE id = ?", plan_id)[0][0]


def plan_name(data: Path, plan_id: int) -> str:
    return query(data, "SELECT name FROM plans_plan WHERE id = ?", plan_id)[0][0]


def approve(page: Any, url: str, plan_id: int, note: str = "") -> None:
    page.goto(f"{url}/rencana/{plan_id}/")
    page.get_by_label("Catatan persetujuan (opsional)").fill(note)
    page.click("#approve-plan")
    page.wait_for_load_state()


def test_planner_queues_a_plan_the_worker_computes_edits_it_without_codes_and_submits(
    server, as_user, axe
):
    url, data = server["url"], server["data"]
    page = as_user(PLANNER)
    assert page.url == f"{url}/"
    check_page(page, axe)

    cycle_id = create_cycle(page, url, "Mutasi perencana 2027", window_open=False)
    check_page(page, axe)  # the cycle page
    plan_id = run_plan(page, url, cycle_id)
    assert plan_status(data, plan_id) == "draft"
    text = check_page(page, axe)
    assert "Celah dari yang terbaik (%)" in text and "makin kecil makin baik" in text
    assert "Pasangan iri beralasan" in text

    text = check_page(page, axe, f"{url}/rencana/{plan_id}/mutasi/")
    assert re.search(r"\d\.\d tahun", text) is None  # Indonesian decimals (9,6 tahun)

    # A hand edit without typing a code: "Ubah" on a row, pick a post with room, save. A
    # refusal is one sentence in words (the rules may forbid a particular edit): try the next row.
    saved = None
    for index in range(6):
        page.goto(f"{url}/rencana/{plan_id}/mutasi/")
        row = page.locator("#moves-table tbody tr[data-nip]").nth(index)
        nip = row.get_attribute("data-nip")
        row.get_by_role("link", name="Ubah").click()
        page.wait_for_selector("#post-picker")
        if index == 0:
            check_page(page, axe)
        choice = page.locator("#post-picker label:has([data-room]:not([data-room='0']))").first
        if choice.count() == 0:
            continue
        post_name = choice.locator("span.me-auto").inner_text().split(" · ")[0].strip()
        choice.locator("input[type=radio]").check()
        page.click("#save-move")
        page.wait_for_load_state()
        success = page.locator(".alert-success")
        if success.count() and "lolos pemeriksaan aturan" in success.inner_text():
            saved = (nip, post_name)
            break
        refusal = page.locator(".alert-danger").inner_text()
        assert refusal.startswith("Perubahan ditolak:") and "\n" not in refusal.strip(), refusal
        assert page.locator("#post-picker input[type=radio]:checked").count() == 1  # kept
    assert saved, "no hand edit of the first rows passed the rules"
    nip, post_name = saved
    moved = query(
        data,
        "SELECT p.name, m.edited FROM plans_move m JOIN people_employee e ON e.id = m.employee_id"
        " JOIN people_position p ON p.id = m.to_position_id WHERE m.plan_id = ? AND e.nip = ?",
        plan_id,
        nip,
    )
    assert moved == [(post_name, 1)]

    # "Batalkan" on a move no rule requires: the page proposes the repair, confirming saves it.
    page.goto(f"{url}/rencana/{plan_id}/mutasi/")
    row = (
        page.locator("#moves-table tbody tr[data-nip]")
        .filter(has_not=page.locator(".badge", has_text="wajib"))
        .filter(has_not=page.locator(".badge", has_text="manual"))
        .filter(has=page.get_by_role("link", name="Batalkan"))
        .first
    )
    row.get_by_role("link", name="Batalkan").click()
    page.wait_for_selector("#cancel-move")
    check_page(page, axe)
    page.click("#confirm-cancel")
    page.wait_for_load_state()
    assert "dibatalkan" in page.inner_text(".alert-success")

    # The cycle form: solver settings folded under "Lanjutan", no code names under the labels.
    check_page(page, axe, f"{url}/rencana/siklus/{cycle_id}/ubah/")
    assert page.locator("#advanced-settings").get_attribute("open") is None
    assert page.locator("code").count() == 0
    check_page(page, axe, f"{url}/kebutuhan/peta/")

    # The audit log reads as sentences; then the plan goes to the approver.
    text = check_page(page, axe, f"{url}/rencana/{plan_id}/audit/")
    assert "perencana membuat siklus." in text, text
    submit_plan(page, url, plan_id)
    assert plan_status(data, plan_id) == "submitted"
    assert "Diajukan" in check_page(page, axe)
    check_page(page, axe, f"{url}/rencana/")
    # Leave nothing waiting for the next journey: the approver approves it.
    approve(as_user(APPROVER), url, plan_id)
    assert plan_status(data, plan_id) == "approved"


def test_approver_returns_with_a_reason_then_approves_and_gets_the_decree(server, as_user, axe):
    url, data = server["url"], server["data"]
    planner = as_user(PLANNER)
    cycle_id = create_cycle(planner, url, "Mutasi penyetuju 2027", window_open=False)
    plan_id = run_plan(planner, url, cycle_id)
    submit_plan(planner, url, plan_id)
    name = plan_name(data, plan_id)

    page = as_user(APPROVER)
    assert page.url == f"{url}/"
    text = check_page(page, axe)
    assert "Menunggu persetujuan Anda" in text
    waiting = page.locator("[data-inbox=plans-submitted]")
    waiting.get_by_role("link", name=name).click()
    page.wait_for_url(f"{url}/rencana/{plan_id}/")
    check_page(page, axe)
    # Labelled fields: found by their labels, as a screen reader would.
    page.get_by_label("Alasan pengembalian (wajib)").fill("Mohon tinjau ulang mutasi guru.")
    page.click("#return-plan")
    page.wait_for_load_state()
    assert plan_status(data, plan_id) == "returned"
    assert "Mohon tinjau ulang mutasi guru." in check_page(page, axe)

    # The planner finds it first thing, with the reason, and submits it again.
    planner.goto(f"{url}/")
    returned = planner.locator("[data-inbox=plans-returned]")
    returned.get_by_role("link", name=name).click()
    planner.wait_for_url(f"{url}/rencana/{plan_id}/")
    assert "Mohon tinjau ulang mutasi guru." in planner.inner_text("#decision-comment")
    submit_plan(planner, url, plan_id)

    approve(page, url, plan_id, note="Sesuai kebutuhan.")
    assert plan_status(data, plan_id) == "approved"
    assert "Disetujui" in check_page(page, axe)
    page.goto(f"{url}/")
    assert "Tidak ada rencana yang menunggu persetujuan Anda." in check_page(page, axe)

    # The decree: asked for on its page, prepared by the worker, downloaded.
    page.goto(f"{url}/rencana/{plan_id}/")
    page.click("#decree-link")
    page.wait_for_url(f"{url}/rencana/{plan_id}/sk/")
    check_page(page, axe)
    page.click("#download-docx")
    page.wait_for_selector("#decree-documents .download-link", timeout=PLAN_TIMEOUT)
    with page.expect_download() as download:
        page.click("#decree-documents .download-link")
    assert download.value.suggested_filename.endswith(".docx")
    text = check_page(page, axe)
    assert "kode_jabatan_asal" not in text and "rantai mutasi #" not in text


def test_unit_head_lands_on_their_units_moves_comments_and_sees_them_closed(server, as_user, axe):
    url, data = server["url"], server["data"]
    planner = as_user(PLANNER)
    cycle_id = create_cycle(planner, url, "Mutasi kepala unit 2027", window_open=False)
    draft_id = run_plan(planner, url, cycle_id)  # never submitted: not theirs to see
    plan_id = run_plan(planner, url, cycle_id)
    submit_plan(planner, url, plan_id)

    page = as_user(UNIT_HEAD)
    page.wait_for_url(f"{url}/rencana/{plan_id}/unit/")
    text = check_page(page, axe)
    assert "Dinas Kesehatan" in text
    rows = page.locator("#unit-moves tbody tr[data-nip]")
    assert rows.count() > 0
    # The comment box at 390 px: labelled, visible, typed into and sent.
    page.set_viewport_size({"width": 390, "height": 800})
    first = rows.first
    box = first.locator("textarea")
    box.scroll_into_view_if_needed()
    assert box.bounding_box()["width"] >= 200
    box.fill("Perawat ini masih dibutuhkan di puskesmas.")
    first.get_by_role("button", name="Kirim komentar").click()
    page.wait_for_load_state()
    assert "Perawat ini masih dibutuhkan" in page.locator(".comment").first.inner_text()
    check_page(page, axe)

    # Their plan list: no draft, links to their unit's moves (never a 403).
    page.goto(f"{url}/rencana/")
    check_page(page, axe)
    hrefs = [a.get_attribute("href") for a in page.locator("#plan-table a").all()]
    assert f"/rencana/{plan_id}/unit/" in hrefs
    assert not any(f"/rencana/{draft_id}/" in h for h in hrefs)
    assert all(h.endswith("/unit/") for h in hrefs)

    # The planner reads the comment in their inbox, with the unit head's name.
    planner.goto(f"{url}/")
    comments = planner.locator("[data-inbox=plans-comments]")
    assert "Perawat ini masih dibutuhkan" in comments.inner_text()

    # Approved: the comment box is gone and the page says why.
    approve(as_user(APPROVER), url, plan_id)
    page.goto(f"{url}/rencana/{plan_id}/unit/")
    assert page.locator("#comments-closed").count() == 1
    assert page.locator("#unit-moves textarea").count() == 0
    assert plan_status(data, plan_id) == "approved"


def test_employee_lands_on_participation_home_ranks_and_sees_an_outcome_that_agrees_with_the_receipt(  # noqa: E501
    server, as_user, axe
):
    url, data = server["url"], server["data"]
    planner = as_user(PLANNER)
    cycle_id = create_cycle(planner, url, "Mutasi pegawai 2027", window_open=True)

    employee = server["employee"]
    page = as_user(employee)
    assert page.url == f"{url}/partisipasi/profil/", page.url
    text = check_page(page, axe)
    assert "Dibuka sampai" in text

    # Two posts added from the list (no codes typed), reordered without a reload, then sent.
    page.goto(f"{url}/partisipasi/preferensi/")
    for _ in range(2):
        page.locator("#eligible-posts button[value=add]:not([disabled])").first.click()
        page.wait_for_load_state()
    ranked = page.locator("#ranking li")
    assert ranked.count() == 2
    second = ranked.nth(1).locator(".fw-semibold").inner_text()
    page.set_viewport_size({"width": 390, "height": 900})
    page.evaluate("window.notReloaded = true")
    ranked.first.locator("button[value=down]").click()
    page.wait_for_selector("#ranking-status:not(:empty)", state="attached")
    assert page.evaluate("window.notReloaded") is True
    assert second in ranked.first.inner_text()
    check_page(page, axe)
    assert second in page.locator("#ranking li").first.inner_text()  # saved: survives a reload
    page.click("#submit-button")
    page.wait_for_url(re.compile(r"/partisipasi/preferensi/tanda-terima/"))
    text = check_page(page, axe)
    receipt_code = page.inner_text("#receipt-code").strip()
    receipt = [
        li.get_attribute("data-position") for li in page.locator("#receipt-ranking li").all()
    ]
    assert len(receipt) == 2

    # Publishing waits for the window to close; the planner closes it, plans, the approver
    # approves, the planner publishes.
    close_window(planner, url, cycle_id)
    plan_id = run_plan(planner, url, cycle_id)
    submit_plan(planner, url, plan_id)
    approve(as_user(APPROVER), url, plan_id)
    planner.goto(f"{url}/rencana/{plan_id}/")
    planner.click("#publish-plan")
    planner.wait_for_load_state()
    assert plan_status(data, plan_id) == "published"

    # The outcome agrees with the receipt: the rank it names is the destination's rank there.
    text = check_page(page, axe, f"{url}/partisipasi/hasil/")
    assert "Mutasi pegawai 2027" in text
    destination = query(
        data,
        "SELECT m.to_position_id, m.from_position_id FROM plans_move m"
        " JOIN people_employee e ON e.id = m.employee_id WHERE m.plan_id = ? AND e.nip = ?",
        plan_id,
        employee,
    )
    statement = page.locator(f"#outcome-receipt-{plan_id}")
    rank = statement.get_attribute("data-receipt-rank")
    assert receipt_code in statement.inner_text()
    moved_to = (
        str(destination[0][0]) if destination and destination[0][0] != destination[0][1] else None
    )
    if moved_to in receipt:
        assert rank == str(receipt.index(moved_to) + 1)
        assert f"pilihan ke-{rank}" in statement.inner_text()
    else:
        assert rank == ""
        assert "pilihan ke-" not in statement.inner_text()


def test_a_pppk_employee_is_told_why_only_their_units_posts_can_be_chosen(server, as_user, axe):
    url = server["url"]
    planner = as_user(PLANNER)
    create_cycle(planner, url, "Mutasi PPPK 2027", window_open=True)
    page = as_user(server["pppk"])
    text = check_page(page, axe, f"{url}/partisipasi/preferensi/")
    assert "Sebagai PPPK, Anda hanya dapat dipindahkan di dalam unit kerja Anda sendiri" in text
    # Never "0 jabatan sesuai" above an empty list: when nothing fits, the page says so in words.
    assert not re.search(r"\b0 jabatan", text), text
    count = page.inner_text("#eligible-count")
    assert re.match(r"\d+ jabatan di unit Anda", count) or "tidak ada jabatan lain di unit" in count
