"""Background runs of the planner (django-tasks; the database backend in production).

Start a worker with ``mutasi db_worker``. The task writes its progress to ``Plan.progress`` as it
goes, which the plan page polls; a failed run leaves an Indonesian message in ``Plan.error``.
Tests switch ``TASKS`` to ``django_tasks.backends.immediate.ImmediateBackend`` to run it inline.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task

from .models import Plan, PlanStatus


def enqueue_run(plan_id: int, user_id: int | None) -> None:
    """Hand a queued plan to the workers.

    The database backend's task row commits with the plan in the caller's transaction. A queue
    outside the database (RQ on Redis) is only told once that transaction has committed: a worker
    on another machine could otherwise take the run before the plan row exists for it.
    """
    if settings.TASK_QUEUE_BACKEND == "db":
        run_plan_task.enqueue(plan_id, user_id)
    else:
        transaction.on_commit(lambda: run_plan_task.enqueue(plan_id, user_id))


@task()
def run_plan_task(plan_id: int, user_id: int | None) -> str:
    from .services import do_run_plan

    plan = Plan.objects.select_related("cycle").get(pk=plan_id)
    if plan.status not in (PlanStatus.QUEUED, PlanStatus.FAILED):
        return plan.status  # already run (a retried task must not overwrite a reviewed plan)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    plan = do_run_plan(plan, acting_user=user)
    return plan.status


@task()
def render_decree_pdf_task(plan_id: int, header: dict[str, Any]) -> str:
    """Render a large decree PDF into the cache (``decree.cached_pdf``) for a later download."""
    from . import decree

    plan = Plan.objects.select_related("cycle").get(pk=plan_id)
    if plan.status not in (PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        return "not approved"
    head = decree.header_from_json(header)
    decree.cached_pdf(plan, head, decree.decree_rows(plan))
    return str(decree.cached_pdf_path(plan, head, decree.decree_rows(plan)))
