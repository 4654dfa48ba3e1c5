"""Single pages of the journeys on the demo region, with the plan computed by the immediate task
backend (quick to set up in the test database): publishing refused while the preference window
is open, and the pages once listed as scrolling sideways at 390 px. The role journeys themselves
run on the shipped configuration in test_journeys_served.py.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from mutasi.plans import services
from mutasi.plans.models import Plan, PlanStatus
from tests.browser.pages import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_SIZE = 400


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
