"""The page right after logging in: it sends each role to what waits for it (see core.inbox)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from mutasi.core import inbox
from mutasi.core.permissions import role_of


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """Where a user goes right after logging in: the first landing their role's stages
    registered (an employee's participation home, a unit head's moves), else the dashboard."""
    role = role_of(request.user)
    url = inbox.landing_for(request.user, role) if role else None
    return redirect(url or "dashboard")
