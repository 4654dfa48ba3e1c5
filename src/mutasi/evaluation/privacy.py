"""Evaluation's kind of personal data (see mutasi.core.privacy): the free-text comments of the
public satisfaction survey (SKM) and of the moved employees' survey are emptied once past their
keeping time (the scores stay: the IKM of past periods does not change); a removed person's own
survey comments are emptied at once."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from mutasi.core.privacy import RetentionKind, register_forgetter, register_retention

from .models import EmployeeSurveyResponse, PublicResponse

# Long enough for two yearly IKM reports and their follow-up, which quote the comments.
DEFAULT_DAYS = 2 * 365


def _old_comments(cutoff: datetime.datetime) -> list[Any]:
    return [
        PublicResponse.objects.filter(submitted_at__lt=cutoff).exclude(comment=""),
        EmployeeSurveyResponse.objects.filter(answered_at__lt=cutoff).exclude(comment=""),
    ]


def forget(employee: Any) -> dict[str, list[str]]:
    """A removed person's answers to the employee survey keep their scores, not their words."""
    answers = EmployeeSurveyResponse.objects.filter(employee=employee)
    ids = [str(pk) for pk in answers.values_list("pk", flat=True)]
    answers.update(comment="")
    return {"evaluation.employeesurveyresponse": ids}


def register() -> None:
    register_retention(
        RetentionKind(
            key="survey_comments",
            label=_("komentar survei"),
            default_days=DEFAULT_DAYS,
            apply=lambda cutoff: sum(qs.update(comment="") for qs in _old_comments(cutoff)),
            count=lambda cutoff: sum(qs.count() for qs in _old_comments(cutoff)),
        )
    )
    register_forgetter(forget)
