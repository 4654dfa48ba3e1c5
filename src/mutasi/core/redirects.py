"""Where to go after a form: a ``next`` parameter only when it points into this site."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str) -> str:
    """The POSTed (or GET) ``next`` if it is a path on this host, else ``default``.

    ``//evil.example/x`` starts with "/" but is another host; Django's own check (the one its
    login view uses) refuses it, other schemes and hosts, and backslash tricks.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path only: ``redirect("0")`` would look "0" up as a URL name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
