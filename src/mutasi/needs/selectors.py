"""Read side of the needs analysis: a handful of aggregate queries, then one pass in Python.

Every page, the ``mutasi needs`` command and the planner adapter read the same ``NeedsAnalysis``,
so the figures agree everywhere. The number of queries does not grow with the number of posts or
employees (tests pin it): positions, staff counts, Σ workload per post, overrides, the settings
row and the employees near retirement age are each read once.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from mutasi.core.cache import cached_for_data, ids_key
from mutasi.people import codes
from mutasi.people.models import Employee, Position, Unit

from . import abk
from .models import FormationOverride, NeedsSettings, WorkloadTask


@dataclass(frozen=True)
class AbkSettings:
    effective_minutes: int = abk.EFFECTIVE_MINUTES_PER_YEAR
    rounding: abk.Rounding = abk.Rounding.HALF_UP


def get_settings() -> AbkSettings:
    """The office's ABK settings; the regulation's defaults when none were saved."""
    row = NeedsSettings.objects.filter(pk=1).values("effective_minutes_per_year", "rounding")
    for values in row:
        return AbkSettings(values["effective_minutes_per_year"], abk.Rounding(values["rounding"]))
    return AbkSettings()


@dataclass(slots=True)
class PostNeeds:
    """The needs of one post (jabatan)."""

    position_id: int
    code: str
    name: str
    kind: str
    job_family: str
    unit_id: int
    unit_code: str
    unit_name: str
    sector: str
    staff: int
    task_count: int
    workload: Decimal | None  # minutes a year; None when the post has no workload rows
    abk_needed: Decimal | None  # staff needed, two decimals
    abk_formation: int | None  # rounded
    imported_formation: int | None
    override: int | None
    override_reason: str
    formation: int  # effective
    source: abk.FormationSource
    ej: Decimal | None
    grade: str | None
    retirements: dict[int, int]  # year -> how many reach BUP (past years folded into this one)
    future_staff: list[int]  # at the end of each projection year
    # Derived once (pages sum them over thousands of posts):
    difference: int = field(init=False)
    shortage: int = field(init=False)
    surplus: int = field(init=False)
    future_difference: list[int] = field(init=False)
    future_shortage: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.difference = abk.difference(self.staff, self.formation)
        self.shortage = max(-self.difference, 0)
        self.surplus = max(self.difference, 0)
        if not self.retirements:  # most posts: the same figures every year
            self.future_difference = [self.difference] * len(self.future_staff)
            self.future_shortage = [self.shortage] * len(self.future_staff)
            return
        self.future_difference = [abk.difference(s, self.formation) for s in self.future_staff]
        self.future_shortage = [max(-d, 0) for d in self.future_difference]


@dataclass(slots=True)
class GroupNeeds:
    """Needs summed over a unit, a sector or a unit × job family cell.

    Shortage and surplus are summed post by post: a surplus in one post does not hide a shortage
    in another, because filling it still takes a move."""

    key: str
    label: str
    sector: str = ""
    unit_id: int | None = None
    posts: int = 0
    staff: int = 0
    formation: int = 0
    shortage: int = 0
    surplus: int = 0
    abk_needed: Decimal | None = None
    workload: Decimal = Decimal(0)
    staff_with_workload: int = 0
    horizon: int = abk.PROJECTION_YEARS
    ej: Decimal | None = None
    grade: str | None = None
    # Projection: the posts where someone retires add year by year; the rest add the same
    # figure to every year (kept as one number: most posts have nobody near BUP).
    _moving_staff: list[int] = field(init=False, repr=False)
    _moving_shortage: list[int] = field(init=False, repr=False)
    _steady_staff: int = field(init=False, default=0, repr=False)
    _steady_shortage: int = field(init=False, default=0, repr=False)

    def __post_init__(self) -> None:
        self._moving_staff = [0] * self.horizon
        self._moving_shortage = [0] * self.horizon

    @property
    def difference(self) -> int:
        return abk.difference(self.staff, self.formation)

    @property
    def future_staff(self) -> list[int]:
        return [s + self._steady_staff for s in self._moving_staff]

    @property
    def future_shortage(self) -> list[int]:
        return [s + self._steady_shortage for s in self._moving_shortage]

    @property
    def future_difference(self) -> list[int]:
        return [abk.difference(s, self.formation) for s in self.future_staff]

    def add(self, post: PostNeeds) -> None:
        self.posts += 1
        self.staff += post.staff
        self.formation += post.formation
        self.shortage += post.shortage
        self.surplus += post.surplus
        if post.abk_needed is not None:
            self.abk_needed = (self.abk_needed or Decimal(0)) + post.abk_needed
        if post.workload is not None:
            self.workload += post.workload
            self.staff_with_workload += post.staff
        if post.retirements:
            for i, (staff, short) in enumerate(
                zip(post.future_staff, post.future_shortage, strict=True)
            ):
                self._moving_staff[i] += staff
                self._moving_shortage[i] += short
        else:
            self._steady_staff += post.staff
            self._steady_shortage += post.shortage

    def finish(self, settings: AbkSettings) -> None:
        # EJ of a group only over its posts that have workload: staff in posts without an ABK
        # would otherwise count as idle.
        if self.abk_needed is not None:
            self.ej = abk.job_effectiveness(
                self.workload, self.staff_with_workload, settings.effective_minutes
            )
            self.grade = abk.effectiveness_grade(self.ej)


@dataclass(slots=True)
class NeedsAnalysis:
    today: datetime.date
    settings: AbkSettings
    years: list[int]  # projection years (end of each)
    retirement_years: list[int]  # this year and the projection years
    posts: list[PostNeeds]
    # The groupings below, computed once per analysis: a cached analysis serves many pages.
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def memoized(self, name: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per analysis under ``name`` (the caller keeps the value unchanged)."""
        value = self._memo.get(name)
        if value is None:
            value = self._memo[name] = compute()
        return value

    def _group(
        self, key: Callable[[PostNeeds], tuple[str, str, str, int | None]]
    ) -> list[GroupNeeds]:
        groups: dict[str, GroupNeeds] = {}
        for post in self.posts:
            k, label, sector, unit_id = key(post)
            group = groups.get(k)
            if group is None:
                group = groups[k] = GroupNeeds(k, label, sector, unit_id, horizon=len(self.years))
            group.add(post)
        result = list(groups.values())
        for group in result:
            group.finish(self.settings)
        return ranked_by_shortage(result)

    def by_unit(self) -> list[GroupNeeds]:
        """Units ranked by shortage (a new list; the groups are shared, read-only)."""
        return list(
            self.memoized(
                "unit",
                lambda: self._group(lambda p: (p.unit_code, p.unit_name, p.sector, p.unit_id)),
            )
        )

    def by_sector(self) -> list[GroupNeeds]:
        return list(
            self.memoized(
                "sector", lambda: self._group(lambda p: (p.sector, p.sector, p.sector, None))
            )
        )

    def total(self) -> GroupNeeds:
        return self.memoized("total", self._total)  # type: ignore[no-any-return]

    def _total(self) -> GroupNeeds:
        total = GroupNeeds("total", "total", horizon=len(self.years))
        for post in self.posts:
            total.add(post)
        total.finish(self.settings)
        return total

    def retirements_per_year(self) -> dict[int, int]:
        return dict(self.memoized("retirements", self._retirements_per_year))

    def _retirements_per_year(self) -> dict[int, int]:
        counts = dict.fromkeys(self.retirement_years, 0)
        for post in self.posts:
            for year, n in post.retirements.items():
                if year in counts:
                    counts[year] += n
        return counts

    def heatmap(self) -> tuple[list[str], list[tuple[GroupNeeds, list[GroupNeeds | None]]]]:
        """Job families (columns) and, per unit ranked by shortage, its cell per family."""
        families = sorted({p.job_family for p in self.posts})
        cells: dict[tuple[str, str], GroupNeeds] = {}
        for post in self.posts:
            cell = cells.get((post.unit_code, post.job_family))
            if cell is None:
                cell = cells[(post.unit_code, post.job_family)] = GroupNeeds(
                    post.job_family, post.job_family, post.sector, post.unit_id, len(self.years)
                )
            cell.add(post)
        rows = [
            (unit, [cells.get((unit.key, family)) for family in families])
            for unit in self.by_unit()
        ]
        return families, rows


def ranked_by_shortage(groups: Iterable[GroupNeeds]) -> list[GroupNeeds]:
    """Largest shortage first; then the larger net gap; then by name for a stable order."""
    return sorted(groups, key=lambda g: (-g.shortage, g.difference, g.key))


def _retirement_birth_cutoff(today: datetime.date, last_year: int) -> datetime.date:
    # Only people who can reach the lowest BUP by the last projection year are read.
    youngest_bup = min(min(codes.BUP_BY_KIND.values()), *codes.BUP_FUNCTIONAL_BY_LEVEL.values())
    return datetime.date(last_year - youngest_bup + 1, 1, 1)


def compute_needs(
    *, today: datetime.date | None = None, unit_ids: Iterable[int] | None = None
) -> NeedsAnalysis:
    """The needs of every post (or of the posts in ``unit_ids``), with their projection; kept
    in the cache until the data changes (``mutasi.core.cache``)."""
    today = today or timezone.localdate()
    ids = None if unit_ids is None else sorted(set(unit_ids))
    return cached_for_data(
        f"needs:{today.isoformat()}:{ids_key(ids)}",
        lambda: _compute_needs(today=today, unit_ids=ids),
    )


def _compute_needs(*, today: datetime.date, unit_ids: Iterable[int] | None) -> NeedsAnalysis:
    """Steps: the rows in scope; staff, workload, overrides and birth years per post (one grouped
    query each); then each post's needs (``_post_needs``)."""
    settings = get_settings()
    years = abk.projection_years(today)
    retirement_years = [today.year, *years]
    scope = _NeedsScope.of(unit_ids)
    facts = _PostFacts.read(scope, today, years[-1])
    posts = [
        _post_needs(row, facts, settings, today, years)
        for row in scope.positions.values(
            "id",
            "code",
            "name",
            "kind",
            "job_family",
            "formation",
            "unit_id",
            "unit__code",
            "unit__name",
            "unit__sector",
        )
    ]
    return NeedsAnalysis(today, settings, years, retirement_years, posts)


@dataclass
class _NeedsScope:
    """The querysets of posts, employees, tasks and overrides in the analysed units."""

    positions: QuerySet[Position]
    employees: QuerySet[Employee]
    tasks: QuerySet[WorkloadTask]
    overrides: QuerySet[FormationOverride]

    @classmethod
    def of(cls, unit_ids: Iterable[int] | None) -> _NeedsScope:
        scope = cls(
            Position.objects.order_by("code"),
            Employee.objects.order_by(),
            WorkloadTask.objects.order_by(),
            FormationOverride.objects.order_by(),
        )
        if unit_ids is not None:
            ids = list(unit_ids)
            scope.positions = scope.positions.filter(unit_id__in=ids)
            scope.employees = scope.employees.filter(position__unit_id__in=ids)
            scope.tasks = scope.tasks.filter(position__unit_id__in=ids)
            scope.overrides = scope.overrides.filter(position__unit_id__in=ids)
        return scope


@dataclass
class _PostFacts:
    """Per post: staff, workload and task count, override (formation, reason), and how many of
    its holders were born in each year (only the birth year decides the retirement year)."""

    staff: dict[int, int]
    workload: dict[int, Decimal]
    task_count: dict[int, int]
    overrides: dict[int, tuple[int, str]]
    births: dict[int, list[tuple[int, int]]]

    @classmethod
    def read(cls, scope: _NeedsScope, today: datetime.date, last_year: int) -> _PostFacts:
        staff = dict(
            scope.employees.values("position_id")
            .annotate(n=Count("id"))
            .values_list("position_id", "n")
        )
        workload, task_count = _workload_by_position(scope.tasks)
        overrides = {
            position_id: (formation, reason)
            for position_id, formation, reason in scope.overrides.values_list(
                "position_id", "formation", "reason"
            )
        }
        births: dict[int, list[tuple[int, int]]] = defaultdict(list)
        cutoff = _retirement_birth_cutoff(today, last_year)
        for position_id, birth_year, n in (
            scope.employees.filter(birth_date__lt=cutoff)
            .values("position_id", birth_year=ExtractYear("birth_date"))
            .annotate(n=Count("id"))
            .values_list("position_id", "birth_year", "n")
        ):
            births[position_id].append((birth_year, n))
        return cls(staff, workload, task_count, overrides, births)


def _post_needs(
    row: dict[str, Any],
    facts: _PostFacts,
    settings: Any,
    today: datetime.date,
    years: list[int],
) -> PostNeeds:
    """One post's formation (and where it comes from), effectiveness and retirements ahead."""
    pid = row["id"]
    n_staff = facts.staff.get(pid, 0)
    load = facts.workload.get(pid)
    needed: Decimal | None = None
    rounded: int | None = None
    if load is not None:
        needed, rounded = abk.abk_formation(load, settings.effective_minutes, settings.rounding)
    override, reason = facts.overrides.get(pid, (None, ""))
    formation, source = abk.effective_formation(
        override=override, abk=rounded, imported=row["formation"], staff=n_staff
    )
    ej = (
        abk.job_effectiveness(load, n_staff, settings.effective_minutes)
        if load is not None
        else None
    )
    retirements: dict[int, int] = defaultdict(int)
    if pid in facts.births:
        bup = codes.retirement_age(row["kind"], row["name"])
        for birth_year, n in facts.births[pid]:
            year = abk.retirement_year(datetime.date(birth_year, 1, 1), bup)
            retirements[max(year, today.year)] += n
    return PostNeeds(
        position_id=pid,
        code=row["code"],
        name=row["name"],
        kind=row["kind"],
        job_family=row["job_family"],
        unit_id=row["unit_id"],
        unit_code=row["unit__code"],
        unit_name=row["unit__name"],
        sector=row["unit__sector"],
        staff=n_staff,
        task_count=facts.task_count.get(pid, 0),
        workload=load,
        abk_needed=needed,
        abk_formation=rounded,
        imported_formation=row["formation"],
        override=override,
        override_reason=reason,
        formation=formation,
        source=source,
        ej=ej,
        grade=abk.effectiveness_grade(ej),
        retirements=dict(retirements),
        future_staff=[abk.staff_left(n_staff, retirements, y) for y in years]
        if retirements
        else [n_staff] * len(years),
    )


# Σ volume × minutes in the database. Both factors have two decimals, so the exact sum has four;
# SQLite adds in floating point, which is exact to far more digits than any workload needs, and
# the result is brought back to those four places.
_WORKLOAD_SUM = Sum(
    F("volume_per_year") * F("minutes_per_unit"),
    output_field=DecimalField(max_digits=30, decimal_places=4),
)
_FOUR_PLACES = Decimal("0.0001")


def _workload_by_position(tasks: Any) -> tuple[dict[int, Decimal], dict[int, int]]:
    """Position id -> workload minutes a year, and -> number of tasks (posts with tasks only)."""
    workload: dict[int, Decimal] = {}
    count: dict[int, int] = {}
    for position_id, minutes, n in (
        tasks.values("position_id")
        .annotate(minutes=_WORKLOAD_SUM, n=Count("id"))
        .values_list("position_id", "minutes", "n")
    ):
        workload[position_id] = Decimal(minutes).quantize(_FOUR_PLACES)
        count[position_id] = n
    return workload, count


def formation_by_position() -> dict[int, int]:
    """Position id -> effective formation (override, else ABK, else imported, else present
    staff), for every post. The planner adapter fills posts up to these figures."""
    settings = get_settings()
    staff = dict(
        Employee.objects.order_by()
        .values("position_id")
        .annotate(n=Count("id"))
        .values_list("position_id", "n")
    )
    workload, _count = _workload_by_position(WorkloadTask.objects.order_by())
    overrides = dict(FormationOverride.objects.order_by().values_list("position_id", "formation"))
    result = {}
    for pid, imported in Position.objects.order_by().values_list("id", "formation"):
        rounded = None
        if pid in workload:
            _, rounded = abk.abk_formation(
                workload[pid], settings.effective_minutes, settings.rounding
            )
        result[pid], _source = abk.effective_formation(
            override=overrides.get(pid), abk=rounded, imported=imported, staff=staff.get(pid, 0)
        )
    return result


def unit_and_descendants(unit_id: int) -> set[int]:
    """The unit and every unit below it (a unit head of an OPD sees its puskesmas/schools too)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for uid, parent_id in Unit.objects.order_by().values_list("id", "parent_id"):
        children[parent_id].append(uid)
    found = {unit_id}
    stack = [unit_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def workload_tasks(position: Position) -> list[dict[str, Any]]:
    """The tasks of one post with each task's minutes a year, for the post's page."""
    rows = []
    for task in position.workload_tasks.order_by("id"):
        rows.append(
            {
                "task": task,
                "minutes": abk.workload_minutes([(task.volume_per_year, task.minutes_per_unit)]),
            }
        )
    return rows
