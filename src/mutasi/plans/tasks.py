"""Background runs of the planner (django-tasks; the database backend in production).

``mutasi serve`` starts a worker (``mutasi db_worker``) itself. The task writes its progress to
``Plan.progress`` as it goes, which the plan page polls; a failed run leaves an Indonesian
message in ``Plan.error``.
Tests switch ``TASKS`` to ``django_tasks.backends.immediate.ImmediateBackend`` to run it inline.
"""

from __future__ import annotations

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
def render_document_task(document_id: int) -> str:
    """Render a decree document into the cache folder (mutasi.plans.documents)."""
    from .documents import render_document
    from .models import DecreeDocument

    document = DecreeDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "gone"  # evicted or its plan deleted before the worker got to it
    return render_document(document).status
