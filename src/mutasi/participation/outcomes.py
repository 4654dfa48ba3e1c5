"""Extension point: what a later stage has decided for an employee, shown on their own pages.

The participation stage shows each employee the outcome of published plans, but plans come after
participation in the pipeline, so this module never imports them. A later stage registers a
provider instead (the plans app does it in ``PlansConfig.ready``)::

    from mutasi.participation import outcomes
    outcomes.register(published_outcomes)   # Callable[[Employee], Sequence[object]]

Each provider returns the items for one employee, newest first; the page template reads each
item's ``plan`` (``name``, ``cycle``) and ``move`` (``from_position``, ``to_position``,
``reason``; None when the employee simply stays). With no provider registered the page says that
nothing has been published.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from mutasi.people.models import Employee

Provider = Callable[[Employee], Sequence[Any]]

_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add ``provider`` (idempotent: registering the same function twice keeps one)."""
    if provider not in _providers:
        _providers.append(provider)


def published_outcomes(employee: Employee) -> list[Any]:
    """Every registered provider's items for ``employee``, in registration order."""
    return [item for provider in _providers for item in provider(employee)]
