from __future__ import annotations

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _no_figure_cache(settings):  # type: ignore[no-untyped-def]
    """Tests write rows straight through the ORM (no data-version bump) and pin query counts:
    they run without the figures cache; tests/core/test_cache.py tests the cache itself.
    Each test's database starts at the same data version: no process copy outlives a test."""
    from mutasi.core.cache import clear_local

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    clear_local()
    yield
    clear_local()


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Tests marked postgres_only are skipped on SQLite (they need real row locks)."""
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _default_language_after_each_test():  # type: ignore[no-untyped-def]
    """A request with the English cookie leaves English active in the thread (the locale
    middleware activates, nothing deactivates): the next test starts in Indonesian again."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
