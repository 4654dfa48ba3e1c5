"""Login protection for every account (employees log in by NIP, staff by user name).

django-axes counts failed logins in the database and locks a user name + address pair out for a
while after too many (settings ``AXES_*``). Its standalone backend insists on a request; calls of
``authenticate()`` without one come only from server-side code (the test client's ``login()``,
the shell), never from a login form, so this backend lets them through to the password check.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


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
        return super().authenticate(request, username=username, password=password, **kwargs)
