"""Suggestions of later stages for a cycle's policy: a small registry that this app owns.

A later stage (the evaluation of past cycles) cannot be imported here; it registers a
contributor in its ``AppConfig.ready``. A contributor proposes changes to the mapping settings of
the policy (for example a higher ``unit_weights`` entry for a unit whose service fell after the
last cycle), each with a reason a person can read. A new cycle starts from the defaults with every
suggestion not dropped; the cycle form shows each one and HR accepts or drops it, which the
contributor records (audited) through ``decide``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .models import Cycle


@dataclass(frozen=True)
class PolicySuggestion:
    key: str  # stable and unique among the suggestions of one contributor for one cycle
    title: str
    reason: str
    # Mapping settings of the planner's Policy and the entries to set, e.g.
    # {"unit_weights": {"PKM-01": 2.0}}.
    changes: Mapping[str, Mapping[str, float]]
    actions: tuple[str, ...] = ()
    # For the cycle asked about: True accepted, False dropped, None not decided yet.
    decision: bool | None = None
    url: str = ""  # where the evidence is shown
    contributor: Any = field(default=None, compare=False, repr=False)


class PolicyContributor(Protocol):
    def suggestions(self, cycle: Cycle | None) -> list[PolicySuggestion]: ...

    def decide(
        self, cycle: Cycle, suggestion: PolicySuggestion, accepted: bool, *, acting_user: Any
    ) -> None: ...


_CONTRIBUTORS: list[PolicyContributor] = []


def register(contributor: PolicyContributor) -> None:
    if contributor not in _CONTRIBUTORS:
        _CONTRIBUTORS.append(contributor)


def unregister(contributor: PolicyContributor) -> None:
    if contributor in _CONTRIBUTORS:
        _CONTRIBUTORS.remove(contributor)


def suggestions(cycle: Cycle | None) -> list[PolicySuggestion]:
    """Every registered contributor's suggestions for ``cycle`` (None: a cycle not created yet)."""
    out: list[PolicySuggestion] = []
    for contributor in _CONTRIBUTORS:
        for s in contributor.suggestions(cycle):
            out.append(
                PolicySuggestion(
                    key=s.key,
                    title=s.title,
                    reason=s.reason,
                    changes=s.changes,
                    actions=s.actions,
                    decision=s.decision,
                    url=s.url,
                    contributor=contributor,
                )
            )
    return out


def apply(policy: Mapping[str, Any], chosen: Iterable[PolicySuggestion]) -> dict[str, Any]:
    """``policy`` with the suggestions' entries set (a larger value already there is kept)."""
    out = {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in policy.items()}
    for s in chosen:
        for setting, entries in s.changes.items():
            current = out.setdefault(setting, {})
            for name, value in entries.items():
                current[name] = max(float(current.get(name, value)), float(value))
    return out


def withdraw(policy: Mapping[str, Any], dropped: Iterable[PolicySuggestion]) -> dict[str, Any]:
    """``policy`` without the entries that dropped suggestions had set (same value only)."""
    out = {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in policy.items()}
    for s in dropped:
        for setting, entries in s.changes.items():
            current = out.get(setting)
            if not isinstance(current, dict):
                continue
            for name, value in entries.items():
                if name in current and float(current[name]) == float(value):
                    del current[name]
            if not current:
                del out[setting]
    return out


def default_policy(cycle: Cycle | None = None) -> dict[str, Any]:
    """The policy a new cycle starts from: the defaults plus every suggestion not dropped."""
    return apply({}, [s for s in suggestions(cycle) if s.decision is not False])


def settle(
    policy: Mapping[str, Any], chosen: Mapping[str, bool], offered: Iterable[PolicySuggestion]
) -> dict[str, Any]:
    """The policy after HR's choices (suggestion key -> accepted) among ``offered``."""
    offered = list(offered)
    accepted = [s for s in offered if chosen.get(s.key, s.decision is not False)]
    dropped = [s for s in offered if not chosen.get(s.key, s.decision is not False)]
    return apply(withdraw(policy, dropped), accepted)


def record_decisions(
    cycle: Cycle,
    chosen: Mapping[str, bool],
    offered: Iterable[PolicySuggestion],
    *,
    acting_user: Any,
) -> None:
    """Hand each changed decision to its contributor (each records and audits it)."""
    for s in offered:
        if s.key in chosen and chosen[s.key] != s.decision and s.contributor is not None:
            s.contributor.decide(cycle, s, chosen[s.key], acting_user=acting_user)
