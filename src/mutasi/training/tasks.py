"""Background runs of the training-plan optimisation (django-tasks; the database backend)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from .models import TrainingPlan, TrainingStatus


@task()
def run_training_plan_task(training_plan_id: int, user_id: int | None) -> str:
    from .services import do_run_training_plan

    tp = TrainingPlan.objects.select_related("plan__cycle").get(pk=training_plan_id)
    if tp.status not in (TrainingStatus.QUEUED, TrainingStatus.FAILED):
        return tp.status  # already run: a retried task must not recompute a stored plan
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return do_run_training_plan(tp, acting_user=user).status
