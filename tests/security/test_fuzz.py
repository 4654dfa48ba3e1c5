"""Hostile input on every page: every parameter name the site reads (from its forms' rendered
fields and from the views' source), posted and sent in the query string with values meant to break
it, to every page, as every role. Nothing answers 500 (the test client re-raises any exception a
view lets through) and nothing past its bounds is stored.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import ROLES
from .fuzz import (
    MILLION,
    NASTY_VALUES,
    names_in_forms,
    names_in_page,
    names_in_source,
    oversized_rows,
)
from .urlmap import ACCESS, PUBLIC, routes

ROUTES = routes()


def client_for(world, role: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


_NAMES: list[str] = []


def all_parameter_names(world) -> list[str]:  # type: ignore[no-untyped-def]
    """The names the views read by hand, and every field of every page each role can open
    (the pages are the same in every test's world, so they are read once)."""
    if _NAMES:
        return _NAMES
    names = names_in_source() | names_in_forms()
    for route in ROUTES:
        allowed = ACCESS[route.name]
        roles = ["anonymous"] if allowed == PUBLIC else sorted(allowed)
        for role in roles:
            response = client_for(world, role).get(route.url(world.kwargs))
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                names |= names_in_page(response.content.decode())
    _NAMES.extend(sorted(names))
    return _NAMES


def roles_for(route) -> list[str]:  # type: ignore[no-untyped-def]
    allowed = ACCESS[route.name]
    return list(ROLES) if allowed == PUBLIC else sorted(allowed)


PREFERRED = ["planner", "approver", "clinic_head", "employee", "anonymous"]


def first_role(route) -> str:  # type: ignore[no-untyped-def]
    allowed = roles_for(route)
    return next(role for role in PREFERRED if role in allowed)


@pytest.mark.slow
@pytest.mark.parametrize("route", [r for r in ROUTES if r.name != "logout"], ids=lambda r: r.name)
def test_every_nasty_value_in_every_parameter_is_refused_cleanly(world, route):  # type: ignore[no-untyped-def]
    """Each value in every parameter name at once, as the page's most privileged role."""
    if not roles_for(route):
        pytest.skip("nobody may use this page on the test world's objects (the matrix checks it)")
    names = all_parameter_names(world)
    assert {"q", "formation", "comment", "version", "position", "next"} <= set(names)
    client = client_for(world, first_role(route))
    url = route.url(world.kwargs)
    response = client.post(url, {"comment": MILLION, "text": MILLION, "version": 1})
    assert response.status_code == 400
    for value in NASTY_VALUES:
        data = dict.fromkeys(names, value)
        for method in ("get", "post"):
            if method == "get" and len(value) > 1000:
                data = {"q": value}  # the query string of a browser holds a few KB
            response = getattr(client, method)(url, data)
            assert response.status_code < 500, (method, value[:20])
            if response.status_code in (301, 302):
                target = urlsplit(response.url)
                assert not target.netloc and not target.scheme, response.url  # this site only
    assert oversized_rows() == []


values = st.one_of(
    st.sampled_from(NASTY_VALUES),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(max_size=300),
    st.just(MILLION),
)


@pytest.mark.slow
@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_hostile_requests_never_fail_or_store_too_much(world, data):  # type: ignore[no-untyped-def]
    names = all_parameter_names(world)
    route = data.draw(st.sampled_from([r for r in ROUTES if r.name != "logout" and roles_for(r)]))
    role = data.draw(st.sampled_from(roles_for(route)))
    method = data.draw(st.sampled_from(["get", "post"]))
    params = data.draw(st.dictionaries(st.sampled_from(names), values, max_size=6))
    params = {k: v.replace("\x00", "") if method == "get" else v for k, v in params.items()}
    response = getattr(client_for(world, role), method)(route.url(world.kwargs), params)
    assert response.status_code < 500
    assert oversized_rows() == []
