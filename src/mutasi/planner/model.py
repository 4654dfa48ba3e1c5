"""The planner's vocabulary: what goes in (Problem, Policy) and what comes out (Plan, Violation).

Everything here is a frozen dataclass of plain values: ids are strings chosen by the caller (the
Django adapter uses the database primary keys as strings), ranks are the integers of
``mutasi.people.codes`` (golongan rank 1 = I/a, education rank 1 = SD), and nothing imports Django.

A ``Problem`` is a snapshot of the workforce on the plan date; a ``Policy`` holds every hard rule as
a switch or a number, and every weight of the objective, each with its default and its source
(``docs/domain.md``; lines marked [check] there are settings for that reason). ``solve`` returns a
``Plan``; ``check`` re-derives every hard rule from the raw ``Problem`` and returns ``Violation``s.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

from mutasi.planner.messages import Message
from mutasi.planner.reasons import ReasonPart

# Marker inside ``Employee.preferences`` for "staying where I am" (the workbook's row naming the
# employee's own post). The employee's own current position id in the list means the same thing.
STAY: Final = "__stay__"

JOB_KINDS: Final = ("jpt", "administrator", "pengawas", "pelaksana", "fungsional")
MANAGERIAL_KINDS: Final = frozenset({"jpt", "administrator", "pengawas"})


class EmployeeKind(StrEnum):
    PNS = "PNS"
    PPPK = "PPPK"


class PinKind(StrEnum):
    """A planner's fixed decision for one employee (same values as ``plans.models.PinKind``)."""

    STAY = "stay"  # stays in the current post
    GOTO = "goto"  # goes to ``Pin.position_id``
    NEVER_UNIT = "never_unit"  # is never placed in ``Pin.unit_id``


class Mechanism(StrEnum):
    OPTIMAL = "optimal"
    FAIR = "fair"


class Rule(StrEnum):
    """Codes of the hard rules; ``check`` reports each broken rule under one of these."""

    UNKNOWN_REFERENCE = "unknown_reference"  # plan names an employee/post that does not exist
    UNASSIGNED = "unassigned"  # an employee has no post in the plan
    MIN_YEARS = "min_years"  # moved before min_years_in_post (PP 11/2017 Pasal 190)
    MUST_MOVE = "must_move"  # past max_years_in_post, stays although an eligible post has room
    GOLONGAN = "golongan"  # golongan outside the post's range
    EDUCATION = "education"  # education below the post's minimum
    MAJOR = "major"  # major not among the post's accepted majors
    CERTIFICATE = "certificate"  # required certificate not held
    JOB_FAMILY = "job_family"  # job family neither the same nor declared interchangeable
    FUNCTIONAL = "functional"  # functional post for someone not holding that functional job
    RETIREMENT = "retirement"  # moved within retirement_buffer_years of BUP
    PPPK_UNIT = "pppk_unit"  # PPPK moved out of their unit
    FORMATION = "formation"  # a post ends above its formation through moves in
    DEPARTURE_CAP = "departure_cap"  # a unit loses more than unit_departure_cap of its staff
    PRIORITY_SECTOR = "priority_sector"  # a priority-sector unit falls further below formation
    SPOUSE_HEAD = "spouse_head"  # placed in a unit whose head is their spouse
    PIN = "pin"  # a pin neither honoured nor explained in Plan.pin_notices
    ELECTION_FREEZE = "election_freeze"  # an official replaced inside the election freeze


# --------------------------------------------------------------------------------------------
# Problem
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A unit (OPD or sub-unit). ``head_employee_id``: who heads it (for the spouse rule)."""

    id: str
    code: str
    name: str
    sector: str
    parent_id: str | None = None
    kecamatan: str = ""
    head_employee_id: str | None = None


@dataclass(frozen=True)
class Position:
    """A post (jabatan) with its requirements.

    ``gol_min``/``gol_max``/``education_min``: ranks (None = no bound). ``majors``: accepted majors,
    lower-case (empty = any). ``certificate``: required certificate, lower-case ("" = none).
    ``formation``: kebutuhan (None = the current number of holders, i.e. no change wanted).
    ``functional_job``: for ``kind == "fungsional"``, the functional job this post belongs to
    (e.g. "perawat"); only holders of that functional job may enter. Sector and kecamatan are the
    unit's.
    """

    id: str
    code: str
    name: str
    unit_id: str
    kind: str  # one of JOB_KINDS
    job_family: str
    gol_min: int | None = None
    gol_max: int | None = None
    education_min: int | None = None
    majors: frozenset[str] = frozenset()
    certificate: str = ""
    competencies: Mapping[str, int] = field(default_factory=dict)  # name (lower) -> level 1..5
    formation: int | None = None
    functional_job: str = ""


@dataclass(frozen=True)
class Employee:
    """An ASN on the plan date.

    ``preferences``: ranked position ids, most wanted first; ``STAY`` (or the own position id) says
    where staying ranks: posts after it are wanted less than staying. Empty = did not take part
    (not a voluntary participant). Without a stay marker, staying ranks just after the listed posts.
    ``competencies``: name (lower) -> level 1..5; ``certificates``: lower-case names.
    ``functional_job``: the functional job held ("" if none). ``nine_box``: 1..9 (PermenPANRB
    3/2020); when None it is derived from ``performance``/``potential`` with the policy cut-offs.
    ``family_history``: job families of earlier posts, oldest first; ``years_in_family``: years in
    the current job family without interruption (for "long in one field").
    ``spouse_id``: employee id of the spouse when the spouse is in the data set.
    ``retirement_age``: BUP of the post held (``codes.retirement_age``).
    """

    id: str
    nip: str
    name: str
    position_id: str
    golongan_rank: int
    education_rank: int
    years_in_post: float
    age: float
    retirement_age: int = 58
    kind: EmployeeKind = EmployeeKind.PNS
    major: str = ""
    certificates: frozenset[str] = frozenset()
    competencies: Mapping[str, int] = field(default_factory=dict)
    job_family: str = ""
    functional_job: str = ""
    home_kecamatan: str = ""
    nine_box: int | None = None
    performance: str = ""  # one of codes.PERFORMANCE_LEVELS, or ""
    potential: float | None = None  # 0..100
    spouse_id: str | None = None
    family_history: tuple[str, ...] = ()
    years_in_family: float = 0.0
    preferences: tuple[str, ...] = ()

    @property
    def voluntary(self) -> bool:
        """Took part in the preference round (stated at least one ranked wish)."""
        return bool(self.preferences)


@dataclass(frozen=True)
class Pin:
    kind: PinKind
    employee_id: str
    position_id: str | None = None  # for GOTO
    unit_id: str | None = None  # for NEVER_UNIT
    note: str = ""


@dataclass(frozen=True)
class Problem:
    """Everything the planner may look at. ``distances_km`` (optional): km between two kecamatan
    names, either order; missing pairs count as ``Policy.default_distance_km`` (same = 0)."""

    units: tuple[Unit, ...]
    positions: tuple[Position, ...]
    employees: tuple[Employee, ...]
    pins: tuple[Pin, ...] = ()
    distances_km: Mapping[tuple[str, str], float] = field(default_factory=dict)

    # Lookups are built lazily and cached on the (frozen) instance.
    def _index(self, name: str, items: tuple[Any, ...]) -> dict[str, Any]:
        cache = self.__dict__.get("_cache")
        if cache is None:
            cache = {}
            object.__setattr__(self, "_cache", cache)
        if name not in cache:
            cache[name] = {item.id: item for item in items}
        result: dict[str, Any] = cache[name]
        return result

    @property
    def unit_by_id(self) -> dict[str, Unit]:
        return self._index("units", self.units)

    @property
    def position_by_id(self) -> dict[str, Position]:
        return self._index("positions", self.positions)

    @property
    def employee_by_id(self) -> dict[str, Employee]:
        return self._index("employees", self.employees)


# --------------------------------------------------------------------------------------------
# Policy
# --------------------------------------------------------------------------------------------


class PolicyError(ValueError):
    """A policy the planner cannot use; the message is Indonesian (a keyed ``Message`` where the
    planner wrote it, which the web renders in the page's language) and ``key`` names the
    setting (None when several are involved), so a form can put the error beside its field."""

    def __init__(self, message: str, *, key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key


class SolveError(RuntimeError):
    """A run that found no plan (out of time, the solver stopped). ``message`` says why as a
    keyed ``Message`` (Indonesian as text; the web renders it in the page's language)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Policy:
    """Every hard rule and every weight of a cycle. Stored as JSON via ``to_dict``/``from_dict``.

    Sources are ``docs/domain.md`` and the regulations named beside each field; a number marked
    [check] is quoted widely but its primary text was not read, which is why it is a setting.
    """

    # --- when -------------------------------------------------------------------------------
    plan_date: datetime.date | None = None  # effective date of the moves (informational)
    # UU 10/2016 Pasal 71(2): no replacing officials (managerial posts) inside this window.
    freeze_start: datetime.date | None = None
    freeze_end: datetime.date | None = None

    # --- hard rules -------------------------------------------------------------------------
    min_years_in_post: float = 2.0  # PP 11/2017 Pasal 190; Peraturan BKN 5/2019 Pasal 2(3)
    max_years_in_post: float = 5.0  # same sources: past this a person must move if a post has room
    enforce_must_move: bool = True
    retirement_buffer_years: float = 1.0  # docs/domain.md: nobody within 1 year of BUP moves
    pppk_stay_in_unit: bool = True  # docs/domain.md: PPPK mobility contested [check]
    unit_departure_cap: float = 0.25  # a unit loses at most 25% of its staff per cycle
    protect_priority_sectors: bool = True  # priority units never fall further below formation
    forbid_spouse_head: bool = True  # PP 11/2017 Pasal 190: no conflict of interest
    # Groups of job families that may replace each other, e.g. [["umum", "administrasi"]].
    interchangeable_families: tuple[tuple[str, ...], ...] = ()

    # --- sectors ----------------------------------------------------------------------------
    priority_sectors: tuple[str, ...] = ("pendidikan", "kesehatan")
    # Weight of filling one formation slot, by sector (missing sectors weigh 1.0).
    sector_weights: Mapping[str, float] = field(
        default_factory=lambda: {"pendidikan": 2.0, "kesehatan": 2.0}
    )
    # Extra weight of filling one formation slot in a given unit, by unit code (missing units
    # weigh 1.0), on top of its sector's: how a later stage (the evaluation's flags) raises one
    # unit's priority in a cycle.
    unit_weights: Mapping[str, float] = field(default_factory=dict)

    # --- objective weights (shown to the user on the policy form) ---------------------------
    w_shortage: float = 10.0  # per formation slot filled, times the sector weight
    w_fit: float = 3.0  # fit in 0..1 of a person to a post (education, major, competencies, cert.)
    # per competency level a move adds to the training needed (planner.competency); 0 = off
    w_training_gap: float = 0.0
    w_preference: float = 4.0  # first choice gets the full weight, rank r gets (K - r + 1) / K
    w_career: float = 1.5  # rotation to a new field when the 9-box or long tenure asks for it
    w_move: float = 1.0  # cost of any move (disruption)
    w_distance_per_km: float = 0.02  # extra commuting distance from the home kecamatan
    w_worse_off: float = 3.0  # moving a participant to a post ranked below staying, unforced
    w_must_move: float = 100.0  # penalty when a person past max_years_in_post stays
    default_distance_km: float = 15.0  # between two different kecamatan without a known distance
    long_in_family_years: float = 10.0  # "long in one field": career term applies past this
    rotation_boxes: tuple[int, ...] = (4, 7, 8)  # PermenPANRB 3/2020: boxes recommending rotation
    # 9-box cut-offs (instance settings, PermenPANRB 3/2020): potential below low -> low,
    # at/above high -> high; performance levels mapped to below/meets/above.
    potential_cutoffs: tuple[float, float] = (60.0, 80.0)
    # Whether employees see their own 9-box group on their profile (an instance's choice; the
    # regulation leaves disclosure of talent mapping to the instance).
    show_nine_box_to_employees: bool = False

    # --- fair mechanism ---------------------------------------------------------------------
    # Priority of people at a post, for "no justified envy": compared lexicographically, highest
    # first. Allowed keys: "fit", "years_in_post", "golongan", "performance", "age".
    priority_keys: tuple[str, ...] = ("fit", "years_in_post", "golongan")

    # --- solver -----------------------------------------------------------------------------
    candidate_arcs: int = 5  # per person: top-k posts by score (plus stay, prefs and pins)
    time_limit_seconds: float = 300.0
    gap_tolerance: float = 0.001  # stop at 0.1% relative gap

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (dates as ISO strings, tuples as lists)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = [list(v) if isinstance(v, tuple) else v for v in value]
            elif isinstance(value, Mapping):
                value = dict(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Policy:
        """Build from JSON (missing keys keep their default). Raises PolicyError (a ValueError)
        in Indonesian naming the key, for unknown keys and values of the wrong type."""
        if not data:
            return cls()
        fields = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - set(fields))
        if unknown:
            raise PolicyError(f"Kunci kebijakan tidak dikenal: {', '.join(unknown)}")
        defaults = cls()
        kwargs: dict[str, Any] = {}
        for key, raw in data.items():
            default = getattr(defaults, key)
            kwargs[key] = _coerce(key, raw, default)
        policy = cls(**kwargs)
        policy.validate()
        return policy

    def validate(self) -> None:
        """Raise PolicyError (Indonesian) when a number is out of its sensible range."""
        if not 0.0 <= self.unit_departure_cap <= 1.0:
            raise PolicyError(Message("policy_departure_cap"), key="unit_departure_cap")
        if self.min_years_in_post < 0 or self.max_years_in_post < self.min_years_in_post:
            raise PolicyError(Message("policy_years_in_post"), key="max_years_in_post")
        if self.candidate_arcs < 1:
            raise PolicyError(Message("policy_candidate_arcs"), key="candidate_arcs")
        unknown_keys = set(self.priority_keys) - PRIORITY_KEYS
        if unknown_keys:
            names = ", ".join(sorted(unknown_keys))
            raise PolicyError(Message("policy_priority_keys", names=names), key="priority_keys")
        if (self.freeze_start is None) != (self.freeze_end is None):
            raise PolicyError(Message("policy_freeze"), key="freeze_start")

    def family_group(self, family: str) -> str:
        """Canonical name of the interchangeable group a job family belongs to."""
        for group in self.interchangeable_families:
            if family in group:
                return min(group)
        return family

    def sector_weight(self, sector: str) -> float:
        return float(self.sector_weights.get(sector, 1.0))

    def unit_weight(self, unit_code: str) -> float:
        return float(self.unit_weights.get(unit_code, 1.0))

    def in_freeze(self) -> bool:
        if self.plan_date is None or self.freeze_start is None or self.freeze_end is None:
            return False
        return self.freeze_start <= self.plan_date <= self.freeze_end


PRIORITY_KEYS: Final = frozenset({"fit", "years_in_post", "golongan", "performance", "age"})


def _coerce(key: str, raw: Any, default: Any) -> Any:
    wrong = PolicyError(f"Nilai kebijakan '{key}' tidak valid: {raw!r}", key=key)
    if key in ("plan_date", "freeze_start", "freeze_end"):
        if raw is None or raw == "":
            return None
        if isinstance(raw, datetime.date):
            return raw
        try:
            return datetime.date.fromisoformat(str(raw))
        except ValueError:
            raise wrong from None
    if isinstance(default, bool):
        if not isinstance(raw, bool):
            raise wrong
        return raw
    if isinstance(default, int) and not isinstance(default, bool) and key == "candidate_arcs":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise wrong
        return raw
    if isinstance(default, float):
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise wrong
        return float(raw)
    if isinstance(default, Mapping):
        if not isinstance(raw, Mapping):
            raise wrong
        try:
            return {str(k): float(v) for k, v in raw.items()}
        except (TypeError, ValueError):
            raise wrong from None
    if key == "interchangeable_families":
        if not isinstance(raw, list | tuple) or not all(isinstance(g, list | tuple) for g in raw):
            raise wrong
        return tuple(tuple(str(f) for f in g) for g in raw)
    if key == "rotation_boxes":
        if not isinstance(raw, list | tuple) or not all(isinstance(b, int) for b in raw):
            raise wrong
        return tuple(raw)
    if key == "potential_cutoffs":
        if not isinstance(raw, list | tuple) or len(raw) != 2:
            raise wrong
        return (float(raw[0]), float(raw[1]))
    if isinstance(default, tuple):
        if not isinstance(raw, list | tuple) or not all(isinstance(s, str) for s in raw):
            raise wrong
        return tuple(raw)
    raise wrong  # pragma: no cover - every field is handled above


# --------------------------------------------------------------------------------------------
# Plan
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """One employee moving from one post to another.

    ``chain``: id of the chain or cycle of moves this move belongs to (moves that only work
    together: A takes B's post, B takes C's ...); ``chain_kind``: "cycle" when the last person
    takes the first person's post, else "chain" (ends in a vacancy). ``terms``: the move's
    contribution to each objective term (keys: shortage, fit, preference, career, move, distance,
    worse_off, must_move; relative to staying). ``reason``: Indonesian, shown to the employee.
    ``preference_rank``: rank of the new post in the employee's list (None = not listed).
    ``forced``: the move was required by a rule (past max years in post) or by a pin.
    """

    employee_id: str
    from_position_id: str
    to_position_id: str
    reason: str
    terms: Mapping[str, float] = field(default_factory=dict)
    chain: int | None = None
    chain_kind: str = "chain"
    forced: bool = False
    preference_rank: int | None = None
    # ``reason`` as message keys with parameters (``mutasi.planner.reasons``), for translation.
    reason_parts: tuple[ReasonPart, ...] = ()


@dataclass(frozen=True)
class Notice:
    """Something the plan could not do, with why (Indonesian): a must-move person who stays, a pin
    that cannot be honoured. ``rule`` is the rule involved."""

    employee_id: str
    rule: Rule
    message: str
    parts: tuple[ReasonPart, ...] = ()  # ``message`` as message keys, when it has them


@dataclass(frozen=True)
class SectorFill:
    """One sector's posts before and after the plan. ``filled_*``: sum over posts of
    min(holders, formation); the shortage is ``formation - filled`` and the plan filled
    ``filled_after - filled_before`` of it. ``posts_below_*``: posts with fewer holders than their
    formation. ``priority``: a priority sector of the policy."""

    sector: str
    formation: int
    filled_before: int
    filled_after: int
    staff_before: int
    staff_after: int
    posts_below_before: int = 0
    posts_below_after: int = 0
    priority: bool = False

    @property
    def shortage_before(self) -> int:
        return self.formation - self.filled_before

    @property
    def shortage_after(self) -> int:
        return self.formation - self.filled_after

    @property
    def shortage_filled(self) -> int:
        return self.filled_after - self.filled_before


@dataclass(frozen=True)
class Metrics:
    """Figures of a plan. Exchange chains (``outcome.chains``): moves linked because one took
    the slot another freed. ``chains``: chains of two or more moves; ``cycles``: closed loops;
    ``chain_lengths`` / ``cycle_lengths``: moves in it -> how many (a lone move is a chain of 1).
    Shortage per sector in ``sectors``; ``priority_posts_below_*``: posts of the priority sectors
    below their formation before and after. (No inequality index: the Gini of unit shortage
    rates rises when a plan fills some units completely and others partly, even as every
    shortage falls, so it read as "worse" for a better plan.)"""

    moves: int = 0
    forced_moves: int = 0
    chains: int = 0
    cycles: int = 0
    chain_lengths: Mapping[int, int] = field(default_factory=dict)
    cycle_lengths: Mapping[int, int] = field(default_factory=dict)
    sectors: tuple[SectorFill, ...] = ()
    priority_posts_below_before: int = 0
    priority_posts_below_after: int = 0
    # Preference rank obtained -> number of participants (0 = stayed, -1 = unlisted post).
    preference_ranks: Mapping[int, int] = field(default_factory=dict)
    participants: int = 0
    worse_off: int = 0  # participants in a post they rank below staying
    worse_off_forced: int = 0  # of those, moved by a rule (must-move) or a pin
    justified_envy: int = 0  # pairs (i, j): i prefers j's new post, i is eligible, i has priority
    violations: int = 0
    overstaffed_posts: int = 0  # posts above formation (only through people who stay)
    must_move: int = 0
    must_move_stayed: int = 0
    solve_seconds: float = 0.0
    objective: float = 0.0
    bound: float | None = None  # proven upper bound of the objective (None when not computed)
    gap_percent: float | None = None  # 100 * (bound - objective) / max(1, |bound|)

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["sectors"] = [
            {
                **dataclasses.asdict(s),
                "shortage_before": s.shortage_before,
                "shortage_after": s.shortage_after,
                "shortage_filled": s.shortage_filled,
            }
            for s in self.sectors
        ]
        out["preference_ranks"] = {str(k): v for k, v in sorted(self.preference_ranks.items())}
        out["chain_lengths"] = {str(k): v for k, v in sorted(self.chain_lengths.items())}
        out["cycle_lengths"] = {str(k): v for k, v in sorted(self.cycle_lengths.items())}
        return out


class ChangeCause(StrEnum):
    """Why a re-run's outcome for a person differs from the reference plan's."""

    PIN = "pin"  # a pin of this person (stay, go to a post, never to a unit)
    RULE = "rule"  # a hard rule now forbids the reference's move, or now requires a move
    DATA = "data"  # the data changed: the reference's post is gone, full, or already held
    KNOCK_ON = "knock_on"  # follows from another change: a slot taken or freed by someone else


@dataclass(frozen=True)
class Change:
    """One person whose outcome differs from the reference plan's (``solve(reference=...)``).

    ``reference_position_id``: where the reference put them (their present post when it kept
    them); ``position_id``: where this plan puts them. ``cause`` is the message key for the web
    (translated there); ``message`` says the same with the particulars, as a keyed ``Message``.
    ``related_employee_id``: for a knock-on change, the person whose change caused it (when one
    can be named); ``rule``: the rule involved for ``RULE`` (``Rule.PIN`` for pins)."""

    employee_id: str
    reference_position_id: str
    position_id: str
    cause: ChangeCause
    message: str
    related_employee_id: str | None = None
    rule: Rule | None = None


@dataclass(frozen=True)
class Plan:
    """The outcome: ``assignments`` maps every employee id to the position id held afterwards
    (stayers included); ``moves`` lists only the changes."""

    mechanism: Mechanism
    assignments: Mapping[str, str]
    moves: tuple[Move, ...]
    could_not_move: tuple[Notice, ...] = ()  # must move by rule, but no eligible post had room
    pin_notices: tuple[Notice, ...] = ()  # pins that could not be honoured, and why
    metrics: Metrics = field(default_factory=Metrics)
    # Objective terms summed over the plan (same keys as Move.terms, plus "base").
    objective_terms: Mapping[str, float] = field(default_factory=dict)
    policy: Policy = field(default_factory=Policy)
    # With a reference plan (``solve(reference=...)``): every person whose outcome differs from
    # the reference's, with the cause. Empty without a reference.
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Violation:
    """A hard rule the plan breaks. ``message`` is Indonesian and names who/where."""

    rule: Rule
    message: str
    employee_id: str | None = None
    position_id: str | None = None
    unit_id: str | None = None
