"""The data version: a counter bumped by every write to the data plans are computed from.

Call ``bump_data_version()`` inside the transaction of any service that changes people, posts,
formation or preferences (the import, formation overrides, workload tasks, submitted
preferences, the demo build); read ``data_version()`` to key a cache of loaded data. A rolled-back
write rolls the bump back with it.

A cached value is only right if no two states of the data ever share a number, also across a
restore (which brings back an older number) and a database built anew (which starts again). So a
new counter starts at the clock (Unix seconds), and a restore moves it past both the number it had
before and the clock (``move_past``): to catch up with a later database, an earlier one would need
more than one change a second over its whole life.
"""

from __future__ import annotations

import time

from django.db.models import F

from .models import DataVersion

_ROW = 1


def bump_data_version() -> None:
    if not DataVersion.objects.filter(pk=_ROW).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(pk=_ROW, defaults={"value": int(time.time())})


def move_past(previous: int) -> None:
    """After the data was replaced whole (a restore): a number no earlier state had."""
    value = max(previous, data_version(), int(time.time())) + 1
    DataVersion.objects.update_or_create(pk=_ROW, defaults={"value": value})


def data_version() -> int:
    value = DataVersion.objects.filter(pk=_ROW).values_list("value", flat=True).first()
    return int(value or 0)
