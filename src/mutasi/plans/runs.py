"""Keeping plan runs honest: a heartbeat while a run is alive, and failing the runs that lost it.

A run writes ``Plan.heartbeat_at`` from a small thread in the process that computes it (the task
worker, or ``mutasi plan``), every quarter of ``settings.PLAN_HEARTBEAT_TIMEOUT``. If that process
dies (killed, out of memory, machine restarted) the heartbeat stops, and ``fail_stale_runs`` marks
the plan failed with a message saying so, and the worker's task row failed too, so nothing is left
"running" forever. ``fail_stale_runs`` runs from the ``mutasi serve`` supervisor every few seconds,
at the start of every ``mutasi`` command, and whenever a plan page or its status is viewed. A failed
plan is queued again with ``do_requeue_plan``.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi.core.audit import record_audit

from .models import Plan, PlanStatus

logger = logging.getLogger(__name__)

RUN_TASK_PATH = "mutasi.plans.tasks.run_plan_task"


def heartbeat_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=max(1, int(settings.PLAN_HEARTBEAT_TIMEOUT)))


def beat(plan_id: int) -> None:
    Plan.objects.filter(pk=plan_id).update(heartbeat_at=timezone.now())


@contextlib.contextmanager
def keep_alive(touch: Callable[[], None], what: str) -> Iterator[None]:
    """Call ``touch`` now and every quarter of the heartbeat timeout from a daemon thread while
    the block runs (so a long solver or layout call without progress still counts as alive)."""
    interval = max(0.5, heartbeat_timeout().total_seconds() / 4)
    stop = threading.Event()

    def keep_beating() -> None:
        try:
            while not stop.wait(interval):
                try:
                    touch()
                except Exception:  # noqa: BLE001 - a missed beat is retried; never stop the run
                    logger.warning("heartbeat of %s not written", what, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    touch()
    thread = threading.Thread(target=keep_beating, name=f"{what}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


def heartbeat(plan_id: int) -> contextlib.AbstractContextManager[None]:
    """Keep ``plan.heartbeat_at`` fresh while the block runs."""
    return keep_alive(lambda: beat(plan_id), f"plan-{plan_id}")


def stale_message(seconds: int) -> str:
    return _(
        "Perhitungan terhenti: proses yang menghitung rencana ini tidak memberi kabar selama lebih "
        "dari %(s)s detik (misalnya dimatikan, kehabisan memori, atau server dinyalakan ulang). "
        "Tidak ada mutasi yang tersimpan; jalankan ulang rencana ini."
    ) % {"s": seconds}


def interrupted_message() -> str:
    return _(
        "Perhitungan dihentikan sebelum selesai (proses dihentikan). Tidak ada mutasi yang "
        "tersimpan; jalankan ulang rencana ini."
    )


def do_fail_run(plan_id: int, *, message: str, acting_user: Any = None) -> bool:
    """Mark a running or queued plan failed (only if it still is) and its task row with it."""
    with transaction.atomic():
        changed = Plan.objects.filter(
            pk=plan_id, status__in=[PlanStatus.RUNNING, PlanStatus.QUEUED]
        ).update(status=PlanStatus.FAILED, error=message)
        if not changed:
            return False
        audit_failure(Plan.objects.get(pk=plan_id), message, acting_user=acting_user)
        _fail_task_rows(plan_id)
    logger.error("plan %s marked failed: %s", plan_id, message)
    return True


def audit_failure(plan: Plan, message: str, *, acting_user: Any) -> None:
    """The audit log's record of a failed run, with why."""
    record_audit(
        "plan.fail",
        acting_user=acting_user,
        obj=plan,
        summary=message,
        after={"status": PlanStatus.FAILED, "error": message},
    )


def _fail_task_rows(plan_id: int) -> None:
    """The django-tasks database row of a dead run stays RUNNING otherwise."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        return
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(
        task_path=RUN_TASK_PATH,
        status__in=[TaskResultStatus.RUNNING, TaskResultStatus.READY],
    )
    for row in rows:
        args = (row.args_kwargs or {}).get("args") or []
        if args and args[0] == plan_id:
            row.status = TaskResultStatus.FAILED
            row.finished_at = timezone.now()
            row.save(update_fields=["status", "finished_at"])


def fail_stale_runs() -> list[int]:
    """Fail every RUNNING plan whose heartbeat is older than the timeout; return their ids."""
    timeout = heartbeat_timeout()
    cutoff = timezone.now() - timeout
    stale = list(
        Plan.objects.filter(status=PlanStatus.RUNNING, heartbeat_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    ) + list(
        Plan.objects.filter(
            status=PlanStatus.RUNNING, heartbeat_at__isnull=True, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    message = stale_message(int(timeout.total_seconds()))
    return [pk for pk in stale if do_fail_run(pk, message=message)]


def periodic_check() -> None:
    """For the serve supervisor (mutasi.core.runtime.PERIODIC_CHECKS): never raises."""
    from .documents import fail_stale_documents

    close_old_connections()
    for check in (fail_stale_runs, fail_stale_documents):
        try:
            check()
        except Exception:  # noqa: BLE001 - the next round tries again
            logger.exception("stale run check failed")


def do_requeue_plan(plan: Plan, *, acting_user: Any) -> Plan:
    """Queue a failed plan again, as it was (same cycle, mechanism and policy)."""
    from .services import PlanActionError
    from .tasks import enqueue_run

    with transaction.atomic():
        changed = Plan.objects.filter(pk=plan.pk, status=PlanStatus.FAILED).update(
            status=PlanStatus.QUEUED, progress=0, error="", heartbeat_at=None
        )
        if not changed:
            raise PlanActionError(
                _("Hanya rencana yang gagal yang dapat dijalankan ulang (“%(name)s”).")
                % {"name": plan.name}
            )
        plan.refresh_from_db()
        record_audit(
            "plan.requeue",
            acting_user=acting_user,
            obj=plan,
            summary=_("Rencana “%(name)s” dijalankan ulang") % {"name": plan.name},
            before={"status": PlanStatus.FAILED},
            after={"status": PlanStatus.QUEUED},
        )
        user_id = acting_user.pk if getattr(acting_user, "is_authenticated", False) else None
        # In the same transaction: the database backend's task row commits with the plan's status.
        enqueue_run(plan.pk, user_id)
    return plan
