"""Login protection for every account (employees log in by NIP, staff by user name).

django-axes counts failed logins in the database and locks a user name + address pair out for a
while after too many (settings ``AXES_*``). On top of that, one address may fail at most
``LOGIN_FAILURES_PER_ADDRESS`` times across all user names within the cool-off time: enough for a
whole office behind one NAT address to mistype, not enough to try a list of NIPs. Its standalone
backend insists on a request; calls of ``authenticate()`` without one come only from server-side
code (the test client's ``login()``, the shell), never from a login form, so this backend lets
them through to the password check.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_ip_address, get_lockout_message
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def failures_from_address(address: str | None) -> int:
    """Failed logins from one address, over all user names, within the cool-off time."""
    if not address:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


class LoginAttemptsBackend(AxesStandaloneBackend):
    """Refuses a locked-out login before the password is checked; authenticates nobody itself."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        address = get_client_ip_address(request)
        if failures_from_address(address) >= settings.LOGIN_FAILURES_PER_ADDRESS:
            kwargs.get("response_context", {})["error"] = get_lockout_message()
            request.axes_locked_out = True  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied("too many failed logins from this address")
        return super().authenticate(request, username=username, password=password, **kwargs)
