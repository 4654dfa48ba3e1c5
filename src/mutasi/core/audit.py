"""Append to the audit log. Call inside the service function's transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEntry


def record_audit(
    action: str,
    *,
    acting_user: Any,
    obj: models.Model | None = None,
    summary: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary,
        before=before,
        after=after,
    )
