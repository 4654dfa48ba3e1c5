"""``{{ move|move_reason }}``: a move's reason in the page's language (see plans.reasons)."""

from __future__ import annotations

from typing import Any

from django import template

from mutasi.plans import reasons

register = template.Library()


@register.filter
def move_reason(move: Any) -> str:
    return reasons.move_reason(move)
