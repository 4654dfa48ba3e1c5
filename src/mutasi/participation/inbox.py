"""What participation puts in each role's inbox (registered in ``ParticipationConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from mutasi.core.inbox import InboxItem, InboxLink
from mutasi.core.models import Role

from .models import ConsultationRequest, ConsultationStatus

SHOWN = 5


def inbox(user: Any, role: str) -> list[InboxItem]:
    if role != Role.PLANNER:
        return []
    waiting = ConsultationRequest.objects.filter(status=ConsultationStatus.REQUESTED)
    first = list(waiting.select_related("employee").order_by("created_at")[:SHOWN])
    return [
        InboxItem(
            key="consultations-waiting",
            title=_("Permintaan konsultasi yang belum dijadwalkan"),
            count=waiting.count(),
            url=reverse("participation:hr_consultations") + "?status=requested",
            action=_("Jadwalkan"),
            links=[
                InboxLink(
                    item.employee.name,
                    reverse("participation:consultation", args=[item.pk]),
                    item.topic,
                )
                for item in first
            ],
            order=30,
        )
    ]


def employee_landing(user: Any) -> str | None:
    """An employee starts at their participation home (the preference window, its deadline)."""
    if getattr(getattr(user, "profile", None), "employee_id", None) is None:
        return None
    return reverse("participation:home")
