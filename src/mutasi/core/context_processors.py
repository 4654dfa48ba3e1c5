"""What every page shows about the office (its name in the header)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Instance


def instance(request: HttpRequest) -> dict[str, Any]:
    return {"instance": SimpleLazyObject(Instance.cached)}
