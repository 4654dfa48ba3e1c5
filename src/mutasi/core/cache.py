"""Figures that are expensive to compute and change only with the data, cached per data version.

The dashboard and the needs analysis read every employee and post; they change only when the data
does, and every write to that data bumps the data version (``mutasi.core.dataversion``). Keyed by
that version, a cached value is never stale: the first page after a change computes it again.

Two levels: the configured cache (``CACHES``: per process, or Redis shared by every process), and
in front of it the last values this process used, kept as objects. Reading the configured cache
unpickles its value (the needs analysis of 20,000 posts takes a third of a second to unpickle);
the process's own copy costs nothing, so a page that shows cached figures costs only its own
rendering. Values are shared between requests and threads: callers treat them as read-only.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache

from .dataversion import data_version

T = TypeVar("T")
# Long enough to serve a busy morning; the data version, not the timeout, keeps values fresh.
TIMEOUT_SECONDS = 15 * 60
# Values kept as objects in each process: the region's figures and the scopes of the unit heads
# who used a page lately.
LOCAL_ENTRIES = 32

_local: OrderedDict[str, Any] = OrderedDict()
_local_lock = threading.Lock()


def ids_key(ids: Iterable[int] | None) -> str:
    """A short cache-key part for a set of ids (None: all)."""
    if ids is None:
        return "all"
    joined = ",".join(str(i) for i in sorted(set(ids)))
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()[:16]


def _local_get(key: str) -> Any:
    with _local_lock:
        value = _local.get(key)
        if value is not None:
            _local.move_to_end(key)
        return value


def _local_set(key: str, value: Any) -> None:
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def clear_local() -> None:
    """Forget this process's copies (tests; the configured cache is left alone)."""
    with _local_lock:
        _local.clear()


def cached_for_data(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or its value stored for the current data version under ``key``."""
    if isinstance(caches["default"], DummyCache):
        return compute()  # no cache configured: no version lookup either
    full_key = f"mutasi:{key}:v{data_version()}"
    value = _local_get(full_key)
    if value is not None:
        return value  # type: ignore[no-any-return]
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT_SECONDS)
    _local_set(full_key, value)
    return value  # type: ignore[no-any-return]
