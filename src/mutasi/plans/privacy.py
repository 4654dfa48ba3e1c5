"""The employee's download: their rows of published plans (see mutasi.core.privacy)."""

from __future__ import annotations

from typing import Any

from mutasi.core.privacy import register_personal_data

from .outcomes import published_outcomes


def published_moves(employee: Any) -> list[dict[str, Any]]:
    return [
        {
            "plan": outcome.plan.name,
            "from": outcome.move.from_position.code,
            "to": outcome.move.to_position.code,
            "reason": outcome.move.reason,
        }
        for outcome in published_outcomes(employee)
        if outcome.move is not None
    ]


def register() -> None:
    register_personal_data("rencana_diumumkan", published_moves)
