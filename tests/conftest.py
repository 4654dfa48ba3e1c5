from __future__ import annotations

import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Tests marked postgres_only are skipped on SQLite (they need real row locks)."""
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)
