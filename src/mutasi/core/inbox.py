"""What waits for each user when they log in: a small registry the later stages fill.

Core owns the registry; each stage registers, in its ``AppConfig.ready``, the providers that know
its own data (plans: "plans submitted to you"; participation: "consultations waiting"). Core never
imports a later stage. Two kinds of entry:

- an *inbox provider* ``provider(user, role) -> list[InboxItem]``: the items shown at the top of the
  dashboard ("Yang menunggu Anda");
- a *landing* ``landing(user) -> str | None``: where a role goes right after logging in (the first
  registered landing that returns a URL wins; otherwise the dashboard).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class InboxLink:
    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class InboxItem:
    """One heading of a user's inbox: what it is, how many, where to act, the first few."""

    key: str  # a stable id for the page and the tests, e.g. "plans-submitted"
    title: str
    count: int
    url: str
    action: str  # the button's words, e.g. "Tinjau"
    links: list[InboxLink] = field(default_factory=list)
    order: int = 50  # lower comes first


InboxProvider = Callable[[Any, str], list[InboxItem]]
Landing = Callable[[Any], "str | None"]

_providers: list[InboxProvider] = []
_landings: dict[str, list[Landing]] = {}


def register(provider: InboxProvider) -> InboxProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def register_landing(role: str, landing: Landing) -> Landing:
    entries = _landings.setdefault(role, [])
    if landing not in entries:
        entries.append(landing)
    return landing


def items_for(user: Any, role: str) -> list[InboxItem]:
    """Every provider's items for ``user`` that have something in them, in their order."""
    items: list[InboxItem] = []
    for provider in _providers:
        items.extend(item for item in provider(user, role) if item.count)
    return sorted(items, key=lambda item: (item.order, item.key))


def landing_for(user: Any, role: str) -> str | None:
    for landing in _landings.get(role, []):
        url = landing(user)
        if url:
            return url
    return None
