"""Background work of the web import (django-tasks; the database backend in production).

``check_upload_task`` previews an uploaded workbook (the import runs and is rolled back);
``apply_upload_task`` imports it once the planner confirmed the preview. A worker
(``mutasi db_worker``) runs them.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task


@task()
def check_upload_task(upload_id: int) -> str:
    from .services import run_upload_check

    return run_upload_check(upload_id).status


@task()
def apply_upload_task(upload_id: int, user_id: int | None) -> str:
    from .services import run_upload_apply

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return run_upload_apply(upload_id, user).status
