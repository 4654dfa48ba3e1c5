"""Cards that later stages add to the employee's portal home (a registry this app owns).

A later stage (training, evaluation) cannot be imported here; it registers a function in its
``AppConfig.ready`` that takes the logged-in employee and returns cards to show, for example a
reminder of a survey waiting for an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PortalCard:
    title: str
    text: str
    url: str = ""
    link_text: str = ""
    urgent: bool = False


CardSource = Callable[[Any], list[PortalCard]]
_SOURCES: list[CardSource] = []


def register(source: CardSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def cards_for(employee: Any) -> list[PortalCard]:
    out: list[PortalCard] = []
    for source in _SOURCES:
        out.extend(source(employee))
    return out
