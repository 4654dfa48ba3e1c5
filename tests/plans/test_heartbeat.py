"""A plan run carries a heartbeat; one that lost it is failed with a clear message, its task row
too, and a planner can queue it again."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from mutasi.core.models import AuditEntry
from mutasi.plans import runs
from mutasi.plans.models import Plan, PlanStatus
from mutasi.plans.services import do_queue_plan, do_run_plan
from tests.factories import make_approver, make_planner

pytestmark = pytest.mark.django_db


def running_plan(heartbeat_age: float | None) -> Plan:
    plan = do_queue_plan(None, mechanism="optimal", acting_user=None, enqueue=False)
    beat = (
        None
        if heartbeat_age is None
        else timezone.now() - datetime.timedelta(seconds=heartbeat_age)
    )
    Plan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.RUNNING, progress=37, heartbeat_at=beat
    )
    return plan


def test_a_run_silent_for_longer_than_the_timeout_is_failed_with_a_message(settings):
    settings.PLAN_HEARTBEAT_TIMEOUT = 60
    silent = running_plan(heartbeat_age=61)
    alive = running_plan(heartbeat_age=5)

    assert runs.fail_stale_runs() == [silent.pk]

    silent.refresh_from_db()
    alive.refresh_from_db()
    assert silent.status == PlanStatus.FAILED
    assert "lebih dari 60 detik" in silent.error and "jalankan ulang" in silent.error
    assert alive.status == PlanStatus.RUNNING
    assert AuditEntry.objects.filter(action="plan.fail", object_id=str(silent.pk)).count() == 1
    # A second check changes nothing more.
    assert runs.fail_stale_runs() == []


def test_a_run_that_never_beat_counts_from_its_creation(settings):
    settings.PLAN_HEARTBEAT_TIMEOUT = 60
    plan = running_plan(heartbeat_age=None)
    assert runs.fail_stale_runs() == []
    Plan.objects.filter(pk=plan.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    assert runs.fail_stale_runs() == [plan.pk]


def test_the_task_row_of_a_dead_run_is_not_left_running(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PLAN_HEARTBEAT_TIMEOUT = 60
    plan = do_queue_plan(None, mechanism="optimal", acting_user=None)
    other = do_queue_plan(None, mechanism="optimal", acting_user=None)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
    old = timezone.now() - datetime.timedelta(minutes=5)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.RUNNING, heartbeat_at=old)

    runs.fail_stale_runs()

    statuses = {row.args_kwargs["args"][0]: row.status for row in DBTaskResult.objects.all()}
    assert statuses == {plan.pk: TaskResultStatus.FAILED, other.pk: TaskResultStatus.RUNNING}


def test_a_run_writes_its_heartbeat(settings, region):  # type: ignore[no-untyped-def]
    plan = do_queue_plan(None, mechanism="optimal", acting_user=None, enqueue=False)
    before = timezone.now()
    plan = do_run_plan(plan, acting_user=None)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT, plan.error
    assert plan.heartbeat_at is not None and plan.heartbeat_at >= before


def test_an_interrupted_run_marks_itself_failed(monkeypatch, region):  # type: ignore[no-untyped-def]
    from mutasi.plans import adapter

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(adapter, "solve", interrupted)
    plan = do_queue_plan(None, mechanism="optimal", acting_user=None, enqueue=False)
    with pytest.raises(KeyboardInterrupt):
        do_run_plan(plan, acting_user=None)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FAILED
    assert "dihentikan sebelum selesai" in plan.error


def test_a_planner_re_runs_a_failed_plan_from_its_page(client, settings, region):  # type: ignore[no-untyped-def]
    settings.PLAN_HEARTBEAT_TIMEOUT = 60
    plan = running_plan(heartbeat_age=120)
    planner = make_planner()
    client.force_login(planner)

    page = client.get(f"/rencana/{plan.pk}/")  # viewing the page runs the check too
    assert page.status_code == 200
    assert 'id="requeue-plan"' in page.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FAILED

    response = client.post(f"/rencana/{plan.pk}/jalankan-ulang/")
    assert response.status_code == 302
    plan.refresh_from_db()
    # The inline task backend ran it at once.
    assert plan.status == PlanStatus.DRAFT, plan.error
    assert plan.error == ""
    assert AuditEntry.objects.filter(action="plan.requeue", actor=planner).count() == 1


def test_only_a_failed_plan_is_re_run_and_only_by_a_planner(client, region):  # type: ignore[no-untyped-def]
    plan = do_run_plan(
        do_queue_plan(None, mechanism="optimal", acting_user=None, enqueue=False), acting_user=None
    )
    client.force_login(make_approver())
    assert client.post(f"/rencana/{plan.pk}/jalankan-ulang/").status_code == 403

    client.force_login(make_planner())
    response = client.post(f"/rencana/{plan.pk}/jalankan-ulang/", follow=True)
    assert "Hanya rencana yang gagal" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert not AuditEntry.objects.filter(action="plan.requeue").exists()
