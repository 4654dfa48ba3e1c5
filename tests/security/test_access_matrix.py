"""The roles × URLs matrix, generated from the URL configuration.

Every named URL must appear in ``urlmap.ACCESS``; every role it does not list is refused on GET
and on POST (403, or the same "not found" as a missing record where telling them apart would leak
who exists), anonymous users go to the login page, nothing is written by a refused request, and
the roles it lists are never refused.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mutasi.core.models import AuditEntry
from mutasi.participation.models import Aspiration, Preference
from mutasi.plans.models import Cycle, Move, Pin, PlanComment

from .conftest import ROLES
from .urlmap import ACCESS, EMPTY_UNTIL_USED, PUBLIC, REFUSED_AS_MISSING, routes


def state() -> tuple[int, ...]:
    return (
        AuditEntry.objects.count(),
        Pin.objects.count(),
        Move.objects.count(),
        PlanComment.objects.count(),
        Cycle.objects.count(),
        Preference.objects.count(),
        Aspiration.objects.count(),
    )


def client_for(world, role: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def test_every_page_of_the_url_configuration_says_who_may_open_it(db):  # type: ignore[no-untyped-def]
    names = {route.name for route in routes()}
    missing = sorted(names - ACCESS.keys())
    assert not missing, f"pages without an entry in the roles × URLs matrix: {missing}"
    assert not sorted(ACCESS.keys() - names), "matrix entries for pages that no longer exist"


@pytest.mark.parametrize("route", routes(), ids=lambda r: r.name)
def test_every_role_outside_the_matrix_is_refused_and_changes_nothing(world, route):  # type: ignore[no-untyped-def]
    allowed = ACCESS[route.name]
    if allowed == PUBLIC:
        return
    url = route.url(world.kwargs)
    for role in ROLES:
        if role in allowed:
            continue
        refused_code = 404 if role in REFUSED_AS_MISSING.get(route.name, ()) else 403
        client = client_for(world, role)
        before = state()
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"version": 1, "comment": "x", "text": "x"})
            if role == "anonymous":
                assert response.status_code in (302, 405), (role, method, url)
                if response.status_code == 302:
                    assert response.url.startswith(reverse("login")), (role, method, url)
            elif method == "get":
                assert response.status_code in (refused_code, 405), (role, method, url)
            else:
                assert response.status_code == refused_code, (role, method, url)
        assert state() == before, (role, url)


@pytest.mark.parametrize("route", routes(), ids=lambda r: r.name)
def test_the_roles_in_the_matrix_are_let_in(world, route):  # type: ignore[no-untyped-def]
    allowed = ACCESS[route.name]
    roles = ROLES if allowed == PUBLIC else sorted(allowed)
    url = route.url(world.kwargs)
    refused = (403, 500) if route.name in EMPTY_UNTIL_USED else (403, 404, 500)
    for role in roles:
        response = client_for(world, role).get(url)
        assert response.status_code not in refused, (role, url, response.status_code)
