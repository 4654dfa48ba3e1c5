"""Core's kinds of personal data: login records and sessions (see mutasi.core.privacy)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from .privacy import RetentionKind, register_retention


def _login_records(cutoff: datetime.datetime) -> list[Any]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return [
        AccessAttempt.objects.filter(attempt_time__lt=cutoff),
        AccessLog.objects.filter(attempt_time__lt=cutoff),
        AccessFailureLog.objects.filter(attempt_time__lt=cutoff),
    ]


def _expired_sessions(cutoff: datetime.datetime) -> Any:
    from django.contrib.sessions.models import Session

    return Session.objects.filter(expire_date__lt=cutoff)


def account(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "username": user.username,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "role": getattr(getattr(user, "profile", None), "role", ""),
        }
    ]


def login_records(user: Any) -> list[dict[str, Any]]:
    from axes.models import AccessAttempt, AccessLog

    rows = [
        {"time": a.attempt_time, "address": a.ip_address, "failures": a.failures_since_start}
        for a in AccessAttempt.objects.filter(username=user.username).order_by("attempt_time")
    ]
    rows += [
        {"time": a.attempt_time, "address": a.ip_address, "logout": a.logout_time}
        for a in AccessLog.objects.filter(username=user.username).order_by("attempt_time")
    ]
    return rows


def register() -> None:
    register_retention(
        RetentionKind(
            key="login_records",
            label=_("catatan masuk"),
            default_days=365,
            apply=lambda cutoff: sum(qs.delete()[0] for qs in _login_records(cutoff)),
            count=lambda cutoff: sum(qs.count() for qs in _login_records(cutoff)),
        )
    )
    register_retention(
        RetentionKind(
            key="sessions",
            label=_("sesi"),
            default_days=1,
            apply=lambda cutoff: _expired_sessions(cutoff).delete()[0],
            count=lambda cutoff: _expired_sessions(cutoff).count(),
        )
    )
