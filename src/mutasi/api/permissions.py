"""The pages' roles, for the API: who may read what, and who may import."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from mutasi.core.models import Role
from mutasi.core.permissions import role_of

STAFF = (Role.PLANNER, Role.APPROVER, Role.UNIT_HEAD)
REVIEWERS = (Role.PLANNER, Role.APPROVER)


def roles(*allowed: str) -> type[BasePermission]:
    """A permission class letting in the logged-in (or token) users with one of ``allowed``."""

    class HasRole(BasePermission):
        message = _("Peran Anda tidak mencakup data ini.")

        def has_permission(self, request: Any, view: Any) -> bool:
            return role_of(request.user) in allowed

    HasRole.__name__ = "HasRole_" + "_".join(allowed)
    return HasRole
