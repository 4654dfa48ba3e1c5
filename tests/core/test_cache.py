"""The figures cache (mutasi.core.cache) on the shipped cache backend: the dashboard and the
needs are computed once per data version, and any write that bumps the version shows at once."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mutasi.core.dataversion import bump_data_version
from mutasi.needs.selectors import compute_needs
from mutasi.people import selectors
from tests.factories import make_employee, make_position, make_unit

TODAY = datetime.date(2027, 1, 1)


@pytest.fixture
def shipped_cache(settings):  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def test_the_dashboard_is_computed_once_per_data_version(db, shipped_cache) -> None:  # type: ignore[no-untyped-def]
    post = make_position(make_unit(sector="kesehatan"), formation=3)
    make_employee(post)
    assert selectors.dashboard(TODAY).total.staff == 1
    with CaptureQueriesContext(connection) as queries:
        assert selectors.dashboard(TODAY).total.staff == 1
    assert len(queries) == 1  # the data version only
    make_employee(post)  # a write through the ORM alone is not seen ...
    assert selectors.dashboard(TODAY).total.staff == 1
    bump_data_version()  # ... every service that writes people bumps the version
    assert selectors.dashboard(TODAY).total.staff == 2


def test_the_needs_are_cached_per_scope_and_version(db, shipped_cache) -> None:  # type: ignore[no-untyped-def]
    first, second = make_unit(), make_unit()
    make_position(first, formation=2)
    make_position(second, formation=5)
    assert len(compute_needs(today=TODAY).posts) == 2
    assert [p.formation for p in compute_needs(today=TODAY, unit_ids=[second.pk]).posts] == [5]
    make_position(first, formation=1)
    bump_data_version()
    assert len(compute_needs(today=TODAY).posts) == 3
