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


def test_a_process_keeps_its_last_values_as_objects_until_the_data_changes(
    db, shipped_cache
) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    from mutasi.core.cache import cached_for_data

    computed = []

    def compute() -> list[int]:
        computed.append(1)
        return [len(computed)]

    first = cached_for_data("probe", compute)
    cache.clear()  # the shared cache lost it (another process, an eviction) ...
    assert cached_for_data("probe", compute) is first  # ... this process still has the object
    assert len(computed) == 1
    bump_data_version()
    assert cached_for_data("probe", compute) == [2]  # a change is seen at once


def test_the_process_copies_are_bounded(db, shipped_cache) -> None:  # type: ignore[no-untyped-def]
    from mutasi.core import cache as figures

    for i in range(figures.LOCAL_ENTRIES + 10):
        figures.cached_for_data(f"probe-{i}", lambda i=i: i)
    assert len(figures._local) == figures.LOCAL_ENTRIES
