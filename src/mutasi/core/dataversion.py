"""The data version: a counter bumped by every write to the data plans are computed from.

Call ``bump_data_version()`` inside the transaction of any service that changes people, posts,
formation or preferences (the import, formation overrides, workload tasks, submitted
preferences, the demo build); read ``data_version()`` to key a cache of loaded data. A rolled-back
write rolls the bump back with it.
"""

from __future__ import annotations

from django.db.models import F

from .models import DataVersion

_ROW = 1


def bump_data_version() -> None:
    if not DataVersion.objects.filter(pk=_ROW).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(pk=_ROW, defaults={"value": 1})


def data_version() -> int:
    value = DataVersion.objects.filter(pk=_ROW).values_list("value", flat=True).first()
    return int(value or 0)
