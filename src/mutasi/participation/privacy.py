"""Participation's kinds of personal data (see mutasi.core.privacy): aspirations and personal
circumstances are made empty once past their keeping time; an employee's preferences,
aspirations and consultations are part of their download."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from mutasi.core.privacy import (
    RetentionKind,
    register_forgetter,
    register_personal_data,
    register_retention,
)

from .models import ActivationThrottle, Aspiration, ConsultationRequest, Preference


def _aspirations(cutoff: datetime.datetime) -> Any:
    return Aspiration.objects.filter(updated_at__lt=cutoff).exclude(
        fields_of_interest="", career_aspiration=""
    )


def _circumstances(cutoff: datetime.datetime) -> Any:
    return Aspiration.objects.filter(updated_at__lt=cutoff).exclude(personal_circumstances="")


def _throttles(cutoff: datetime.datetime) -> Any:
    return ActivationThrottle.objects.filter(last_failure_at__lt=cutoff)


def preferences(employee: Any) -> list[dict[str, Any]]:
    return [
        {"rank": p.rank, "position": p.position.code, "position_name": p.position.name}
        for p in Preference.objects.filter(employee=employee).select_related("position")
    ]


def aspirations(employee: Any) -> list[dict[str, Any]]:
    return [
        {
            "cycle": a.cycle.name,
            "status": a.status,
            "fields_of_interest": a.fields_of_interest,
            "career_aspiration": a.career_aspiration,
            # Never shown back to the employee (only HR planners read it): whether it is held.
            "personal_circumstances_held": bool(a.personal_circumstances),
            "submitted_at": a.submitted_at,
        }
        for a in Aspiration.objects.filter(employee=employee).select_related("cycle")
    ]


def consultations(employee: Any) -> list[dict[str, Any]]:
    return [
        {
            "topic": c.topic,
            "preferred_time": c.preferred_time,
            "message": c.message,
            "status": c.status,
            "scheduled_for": c.scheduled_for,
            "outcome": c.outcome,
            "created_at": c.created_at,
        }
        for c in ConsultationRequest.objects.filter(employee=employee)
    ]


def forget(employee: Any) -> dict[str, list[str]]:
    """A removed person's preferences, aspirations and consultations are deleted."""
    ids = {
        "participation.aspiration": [
            str(pk)
            for pk in Aspiration.objects.filter(employee=employee).values_list("pk", flat=True)
        ],
        "participation.consultationrequest": [
            str(pk)
            for pk in ConsultationRequest.objects.filter(employee=employee).values_list(
                "pk", flat=True
            )
        ],
    }
    Preference.objects.filter(employee=employee).delete()
    Aspiration.objects.filter(employee=employee).delete()
    ConsultationRequest.objects.filter(employee=employee).delete()
    return ids


def register() -> None:
    register_retention(
        RetentionKind(
            key="aspirations",
            label=_("aspirasi"),
            default_days=2 * 365,
            apply=lambda cutoff: _aspirations(cutoff).update(
                fields_of_interest="", career_aspiration=""
            ),
            count=lambda cutoff: _aspirations(cutoff).count(),
        )
    )
    register_retention(
        RetentionKind(
            key="circumstances",
            label=_("keadaan pribadi"),
            default_days=365,
            apply=lambda cutoff: _circumstances(cutoff).update(
                personal_circumstances="", circumstances_consent=False
            ),
            count=lambda cutoff: _circumstances(cutoff).count(),
        )
    )
    register_retention(
        RetentionKind(
            key="activation_attempts",
            label=_("percobaan aktivasi"),
            default_days=30,
            apply=lambda cutoff: _throttles(cutoff).delete()[0],
            count=lambda cutoff: _throttles(cutoff).count(),
        )
    )
    register_personal_data("preferensi", preferences)
    register_personal_data("aspirasi", aspirations)
    register_personal_data("konsultasi", consultations)
    register_forgetter(forget)
