"""Each role's journey on the demo region, in a browser, at 1366 px and at 390 px, with axe-core.

Every page a role meets is checked at both widths: it does not scroll sideways, and axe-core
finds no serious or critical WCAG 2.1 A/AA violation. The plan itself is computed in the
background task as the app does it (django-tasks; the immediate backend here, as in
test_plan_cycle.py).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from mutasi.plans import services
from mutasi.plans.models import Move, Plan, PlanStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_SIZE = 400
WIDTHS = (1366, 390)
DEVELOPER_TEXT = re.compile(r"\[cek\]|issue \d|show_nine_box|db_worker|Traceback|\{'")


@pytest.fixture
def demo(settings, tmp_path):  # type: ignore[no-untyped-def]
    from mutasi.demo.generator import MIN_SIZE
    from mutasi.demo.writer import build_demo

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.OUTPUT_DIR = tmp_path
    return build_demo(max(DEMO_SIZE, MIN_SIZE))


@pytest.fixture
def axe():  # type: ignore[no-untyped-def]
    module = pytest.importorskip("axe_playwright_python.sync_playwright")
    return module.Axe()


def _plan(*, window_open: bool, status: str = PlanStatus.DRAFT) -> Plan:
    planner = get_user_model().objects.get(username="perencana")
    now = timezone.now()
    opens = now - datetime.timedelta(days=3)
    closes = now + datetime.timedelta(days=4) if window_open else now - datetime.timedelta(days=1)
    cycle = services.do_create_cycle(
        name="Mutasi Semester I 2027",
        policy={},
        acting_user=planner,
        preference_opens=opens,
        preference_closes=closes,
    )
    plan = services.do_queue_plan(cycle, mechanism="optimal", acting_user=planner)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT, plan.error
    if status != PlanStatus.DRAFT:
        Plan.objects.filter(pk=plan.pk).update(status=status)
        plan.refresh_from_db()
    return plan


def check_page(page, axe, url: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """The page at both widths: no sideways scroll, no serious/critical axe finding, no developer
    text. Returns the page's visible text (at the last width)."""
    text = ""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        if url:
            page.goto(url)
        else:
            page.reload()
        page.wait_for_load_state("load")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{page.url} scrolls sideways at {width} px ({scroll} px)"
        result = axe.run(page)
        bad = [
            (v["id"], [n["target"] for n in v["nodes"][:3]])
            for v in result.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, f"{page.url} at {width} px: {bad}"
        text = page.inner_text("body")
        assert not DEVELOPER_TEXT.search(text), (page.url, DEVELOPER_TEXT.search(text))
    return text


def test_the_planner_lands_on_what_waits_and_reads_a_plan_in_plain_words(
    page, live_server, log_in, demo, axe
):
    url = live_server.url
    plan = _plan(window_open=True, status=PlanStatus.RETURNED)
    log_in(page, "perencana", demo.password)
    # Lands on the dashboard with the inbox: the returned plan is the first thing.
    assert page.url == f"{url}/"
    text = check_page(page, axe)
    assert "Yang menunggu Anda" in text
    inbox = page.locator("[data-inbox=plans-returned]")
    assert inbox.locator("[data-count]").inner_text() == "1"
    assert plan.name in inbox.inner_text()

    inbox.get_by_role("link", name=plan.name).click()
    page.wait_for_url(f"{url}/rencana/{plan.pk}/")
    text = check_page(page, axe)
    assert "Celah dari yang terbaik (%)" in text
    assert "makin kecil makin baik" in text
    assert "Pasangan iri beralasan" in text

    text = check_page(page, axe, f"{url}/rencana/{plan.pk}/mutasi/")
    assert "Pilihan ke-" in text or "Jabatan " in text  # reasons are sentences
    assert re.search(r"\d\.\d tahun", text) is None  # Indonesian decimals (9,6 tahun)

    # A hand edit without typing a code: "Ubah" on a row, pick a post with room, save. (The
    # first rows whose eligible posts are all full in this plan are skipped: which of several
    # equally good plans the solver returns decides that.)
    with_room = "#post-picker label:has([data-room]:not([data-room='0']))"
    for index in range(10):
        page.goto(f"{url}/rencana/{plan.pk}/mutasi/")
        page.set_viewport_size({"width": 1366, "height": 900})
        row = page.locator("#moves-table tbody tr[data-nip]").nth(index)
        nip = row.get_attribute("data-nip")
        row.get_by_role("link", name="Ubah").click()
        page.wait_for_selector("#post-picker")
        if page.locator(with_room).count():
            break
    check_page(page, axe)
    page.set_viewport_size({"width": 1366, "height": 900})
    choice = page.locator(with_room).first
    post_name = choice.locator("span.me-auto").inner_text().split(" · ")[0]
    choice.locator("input[type=radio]").check()
    page.click("#save-move")
    page.wait_for_load_state()
    assert "lolos pemeriksaan aturan" in page.inner_text(".alert-success"), page.inner_text("main")
    moved = Move.objects.get(plan=plan, employee__nip=nip)
    assert moved.to_position.name == post_name.strip() and moved.edited

    # "Batalkan" on another row: the proposal lists the repair, confirming saves it.
    page.goto(f"{url}/rencana/{plan.pk}/mutasi/")
    # A move no rule requires (a forced one cannot be cancelled: check() would refuse it).
    row = (
        page.locator("#moves-table tbody tr[data-nip]")
        .filter(has_not=page.locator(".badge", has_text="wajib"))
        .filter(has_not=page.locator(".badge", has_text="manual"))
        .filter(has=page.get_by_role("link", name="Batalkan"))
        .first
    )
    cancelled_nip = row.get_attribute("data-nip")
    row.get_by_role("link", name="Batalkan").click()
    page.wait_for_selector("#cancel-move")
    check_page(page, axe)
    page.set_viewport_size({"width": 1366, "height": 900})
    assert page.locator("#confirm-cancel").count() == 1, page.inner_text("#cancel-move")
    page.click("#confirm-cancel")
    page.wait_for_load_state()
    assert "dibatalkan" in page.inner_text(".alert-success")
    assert not (
        Move.objects.filter(plan=plan, employee__nip=cancelled_nip)
        .exclude(to_position_id=F("from_position_id"))
        .exists()
    )

    # The cycle form: solver settings folded under "Lanjutan", no code names under the labels.
    page.goto(f"{url}/rencana/siklus/{plan.cycle_id}/ubah/")
    check_page(page, axe)
    assert page.locator("#advanced-settings").get_attribute("open") is None
    assert page.locator("code").count() == 0

    # The audit log, the plan list and the needs heat map, each at both widths.
    check_page(page, axe, f"{url}/rencana/{plan.pk}/audit/")
    check_page(page, axe, f"{url}/rencana/")
    check_page(page, axe, f"{url}/kebutuhan/peta/")


def test_publishing_is_refused_while_the_preference_window_is_open(
    page, live_server, log_in, demo, axe
):
    plan = _plan(window_open=True, status=PlanStatus.APPROVED)
    log_in(page, "perencana", demo.password)
    page.goto(f"{live_server.url}/rencana/{plan.pk}/")
    page.click("#publish-plan")
    page.wait_for_load_state()
    assert "masih dibuka" in page.inner_text(".alert-danger")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    check_page(page, axe)


def test_the_approver_lands_on_plans_waiting_for_approval_and_approves(
    page, live_server, log_in, demo, axe
):
    url = live_server.url
    plan = _plan(window_open=False, status=PlanStatus.SUBMITTED)
    log_in(page, "penyetuju", demo.password)
    assert page.url == f"{url}/"
    text = check_page(page, axe)
    assert "Menunggu persetujuan Anda" in text
    waiting = page.locator("[data-inbox=plans-submitted]")
    assert waiting.locator("[data-count]").inner_text() == "1"
    waiting.get_by_role("link", name=plan.name).click()
    page.wait_for_url(f"{url}/rencana/{plan.pk}/")
    check_page(page, axe)
    page.click("#approve-plan")
    page.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert "Disetujui" in check_page(page, axe)
    # Nothing waits any more.
    page.goto(f"{url}/")
    assert "Tidak ada rencana yang menunggu persetujuan Anda." in check_page(page, axe)


def test_the_unit_head_lands_on_their_units_moves_and_comments(
    page, live_server, log_in, demo, axe
):
    url = live_server.url
    draft = _plan(window_open=False)  # never submitted: not theirs
    submitted = services.do_queue_plan(
        draft.cycle,
        mechanism="optimal",
        acting_user=get_user_model().objects.get(username="perencana"),
    )
    Plan.objects.filter(pk=submitted.pk).update(status=PlanStatus.SUBMITTED)
    log_in(page, "kepala.dinkes", demo.password)
    page.wait_for_url(f"{url}/rencana/{submitted.pk}/unit/")
    text = check_page(page, axe)
    assert "Dinas Kesehatan" in text
    rows = page.locator("#unit-moves tbody tr[data-nip]")
    assert rows.count() > 0
    first = rows.first
    first.locator("textarea").fill("Perawat ini masih dibutuhkan di puskesmas.")
    first.get_by_role("button", name="Kirim komentar").click()
    page.wait_for_load_state()
    comment = page.locator(".comment").first.inner_text()
    assert "Perawat ini masih dibutuhkan" in comment
    check_page(page, axe)

    # Their plan list: only the submitted plan, linking to their unit's moves, never a 403.
    page.goto(f"{url}/rencana/")
    check_page(page, axe)
    links = page.locator("#plan-table a")
    assert links.count() == 1
    assert links.first.get_attribute("href") == f"/rencana/{submitted.pk}/unit/"
    links.first.click()
    page.wait_for_url(f"{url}/rencana/{submitted.pk}/unit/")

    # The planner sees the comment in their inbox.
    page.set_viewport_size({"width": 1366, "height": 900})  # the menu is folded at 390 px
    page.click("text=Keluar")
    log_in(page, "perencana", demo.password)
    assert page.locator("[data-inbox=plans-comments] [data-count]").inner_text() == "1"


def test_the_employee_lands_on_their_participation_home_with_the_deadline(
    page, live_server, log_in, demo, axe
):
    url = live_server.url
    plan = _plan(window_open=True)
    employees = [a for a in demo.accounts if a.role == "employee"]
    pppk = next(a.username for a in employees if "PPPK" in a.description)
    # Someone who may move now (the demo says which accounts already sent preferences).
    someone = next(a.username for a in employees if "pengadministrasi" in a.description)
    log_in(page, someone, demo.password)
    assert page.url == f"{url}/partisipasi/profil/", page.url
    text = check_page(page, axe)
    closes = timezone.localtime(plan.cycle.preference_closes)
    assert "Dibuka sampai" in text and str(closes.year) in text
    check_page(page, axe, f"{url}/partisipasi/preferensi/")

    # Reordering: the row moves, the order is saved, the page does not reload.
    from mutasi.participation import queries
    from mutasi.participation import services as participation
    from mutasi.participation.models import Aspiration
    from mutasi.participation.status import rules_from_policy
    from mutasi.people.models import Employee

    employee = Employee.objects.select_related("position").get(nip=someone)
    options = queries.post_options(employee, rules_from_policy(None), "", exclude=[], shown=2)
    assert len(options.eligible) == 2, (someone, options.eligible_count)
    for option in options.eligible[:2]:
        participation.do_edit_ranking(
            employee, plan.cycle, action="add", position_id=option.position.pk, acting_user=None
        )
    first, second = [o.position.pk for o in options.eligible[:2]]
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{url}/partisipasi/preferensi/")
    page.evaluate("window.notReloaded = true")
    page.locator("#ranking li").first.locator("button[value=down]").click()
    page.wait_for_selector("#ranking-status:not(:empty)", state="attached")
    assert page.evaluate("window.notReloaded") is True
    assert options.eligible[1].position.name in page.locator("#ranking li").first.inner_text()
    saved = Aspiration.objects.get(employee=employee, cycle=plan.cycle).draft_ranking
    assert saved[:2] == [second, first]

    # A PPPK employee is told why only their own unit's posts can be chosen.
    page.set_viewport_size({"width": 1366, "height": 900})  # the menu is folded at 390 px
    page.click("text=Keluar")
    log_in(page, pppk, demo.password)
    text = check_page(page, axe, f"{url}/partisipasi/preferensi/")
    assert "Sebagai PPPK, Anda hanya dapat dipindahkan di dalam unit kerja Anda sendiri" in text


LISTED_PAGES = (
    "/rencana/banding/?a={a}&b={b}",
    "/kebutuhan/",
    "/rencana/{a}/audit/",
    "/rencana/{a}/",
    "/rencana/",
    "/rencana/siklus/{cycle}/",
    "/pegawai/unit/",
    "/pegawai/",
    "/",
)


def test_no_listed_page_scrolls_sideways_at_390_px(page, live_server, log_in, demo):
    first = _plan(window_open=False)
    second = services.do_queue_plan(
        first.cycle,
        mechanism="fair",
        acting_user=get_user_model().objects.get(username="perencana"),
    )
    log_in(page, "perencana", demo.password)
    page.set_viewport_size({"width": 390, "height": 800})
    from mutasi.people.models import Position, Unit

    unit = Unit.objects.order_by("code").first()
    post = Position.objects.order_by("code").first()
    pages = [p.format(a=first.pk, b=second.pk, cycle=first.cycle_id) for p in LISTED_PAGES]
    pages += [f"/kebutuhan/unit/{unit.code}/", f"/kebutuhan/jabatan/{post.code}/"]
    for path in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= 390, f"{path}: {scroll} px wide at 390 px"
