"""Figures that are expensive to compute and change only with the data, cached per data version.

The dashboard and the needs analysis read every employee and post; they change only when the data
does, and every write to that data bumps the data version (``mutasi.core.dataversion``). Keyed by
that version, a cached value is never stale: the first page after a change computes it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache

from .dataversion import data_version

T = TypeVar("T")
# Long enough to serve a busy morning; the data version, not the timeout, keeps values fresh.
TIMEOUT_SECONDS = 15 * 60


def ids_key(ids: Iterable[int] | None) -> str:
    """A short cache-key part for a set of ids (None: all)."""
    if ids is None:
        return "all"
    joined = ",".join(str(i) for i in sorted(set(ids)))
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()[:16]


def cached_for_data(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or its value stored for the current data version under ``key``."""
    if isinstance(caches["default"], DummyCache):
        return compute()  # no cache configured: no version lookup either
    full_key = f"mutasi:{key}:v{data_version()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT_SECONDS)
    return value
