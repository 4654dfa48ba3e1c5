"""Read queries behind the people pages and the dashboard.

Every function here runs a fixed number of queries whatever the size of the data: counts and sums
are computed by the database (GROUP BY), and the unit tree, which is small (hundreds of rows even
for a province), is loaded once and walked in Python.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from mutasi.core.cache import cached_for_data, ids_key
from mutasi.core.models import Role
from mutasi.core.permissions import role_of

from . import codes
from .models import Employee, Position, Unit

# PP 11/2017 Pasal 190: a PNS is moved no later than 5 years in a post.
MAX_YEARS_IN_POST = 5
# PP 11/2017 Pasal 190: and no sooner than 2 years.
MIN_YEARS_IN_POST = 2
# Nobody within this many years of retirement age (BUP) is moved (docs/domain.md, default 1 year).
RETIREMENT_WINDOW_YEARS = 1
# The dashboard looks this many calendar years ahead for retirements.
RETIREMENT_OUTLOOK_YEARS = 5


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later (or earlier); 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- who may see what -------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitNode:
    id: int
    code: str
    name: str
    parent_id: int | None
    sector: str
    kecamatan: str


@dataclass
class UnitTree:
    """All units, loaded in one query, with parent/child links for walking in Python."""

    nodes: dict[int, UnitNode]
    children: dict[int | None, list[int]] = field(default_factory=dict)

    def subtree_ids(self, unit_id: int) -> set[int]:
        """The unit and every unit below it."""
        found = {unit_id}
        stack = [unit_id]
        while stack:
            for child in self.children.get(stack.pop(), []):
                if child not in found:  # a cycle cannot be imported, but never loop forever
                    found.add(child)
                    stack.append(child)
        return found

    def ancestors(self, unit_id: int) -> list[UnitNode]:
        """From the top-level unit (OPD) down to the unit's parent."""
        chain: list[UnitNode] = []
        seen = {unit_id}
        parent = self.nodes[unit_id].parent_id
        while parent is not None and parent not in seen:
            seen.add(parent)
            chain.append(self.nodes[parent])
            parent = self.nodes[parent].parent_id
        chain.reverse()
        return chain

    def depth_first(self, roots: list[int] | None = None) -> list[tuple[UnitNode, int]]:
        """Every unit with its depth, each parent directly followed by its sub-units (by code)."""
        result: list[tuple[UnitNode, int]] = []
        start = roots if roots is not None else self.children.get(None, [])
        stack = [(unit_id, 0) for unit_id in sorted(start, key=self._code, reverse=True)]
        seen: set[int] = set()
        while stack:
            unit_id, depth = stack.pop()
            if unit_id in seen:
                continue
            seen.add(unit_id)
            result.append((self.nodes[unit_id], depth))
            kids = sorted(self.children.get(unit_id, []), key=self._code, reverse=True)
            stack.extend((kid, depth + 1) for kid in kids)
        return result

    def _code(self, unit_id: int) -> str:
        return self.nodes[unit_id].code


def load_unit_tree() -> UnitTree:
    """One query."""
    nodes = {
        row[0]: UnitNode(*row)
        for row in Unit.objects.order_by("code").values_list(
            "id", "code", "name", "parent_id", "sector", "kecamatan"
        )
    }
    children: dict[int | None, list[int]] = defaultdict(list)
    for node in nodes.values():
        parent = node.parent_id if node.parent_id in nodes else None
        children[parent].append(node.id)
    return UnitTree(nodes=nodes, children=dict(children))


@dataclass(frozen=True)
class Scope:
    """What a user may read: everything, a set of units, or one employee record."""

    role: str
    unit_ids: frozenset[int] | None = None  # None = every unit
    employee_id: int | None = None

    @property
    def sees_everything(self) -> bool:
        return self.role in (Role.PLANNER, Role.APPROVER)

    def can_see_unit(self, unit_id: int) -> bool:
        if self.sees_everything:
            return True
        return self.unit_ids is not None and unit_id in self.unit_ids

    def can_see_employee(self, employee: Employee) -> bool:
        if self.role == Role.EMPLOYEE:
            return employee.pk == self.employee_id
        return self.can_see_unit(employee.position.unit_id)


def scope_for(user: Any, tree: UnitTree | None = None) -> Scope:
    """The reading scope of a logged-in user; PermissionDenied for a user without a role.

    A unit head sees their unit and its sub-units; ``tree`` saves the query that loads the units
    when the caller has it already.
    """
    role = role_of(user)
    if role in (Role.PLANNER, Role.APPROVER):
        return Scope(role=role)
    profile = getattr(user, "profile", None)
    if role == Role.UNIT_HEAD and profile is not None and profile.unit_id is not None:
        tree = tree if tree is not None else load_unit_tree()
        return Scope(role=role, unit_ids=frozenset(tree.subtree_ids(profile.unit_id)))
    if role == Role.EMPLOYEE and profile is not None and profile.employee_id is not None:
        return Scope(role=role, unit_ids=frozenset(), employee_id=profile.employee_id)
    raise PermissionDenied


# --- retirement (BUP) in the database ---------------------------------------------------------


def retirement_age_expression(prefix: str = "position__") -> Case:
    """SQL for ``codes.retirement_age(kind, name)``: BUP by job kind, functional posts by level."""
    kind, name = f"{prefix}kind", f"{prefix}name"
    whens = [
        When(**{kind: "fungsional", f"{name}__icontains": level}, then=Value(age))
        for level, age in codes.BUP_FUNCTIONAL_BY_LEVEL.items()
    ]
    whens += [When(**{kind: k}, then=Value(age)) for k, age in codes.BUP_BY_KIND.items()]
    return Case(*whens, default=Value(min(codes.BUP_BY_KIND.values())), output_field=IntegerField())


def retiring_within(today: datetime.date, years: int) -> Q:
    """Employees who reach their BUP within ``years`` of ``today`` (or are past it already).

    Needs the queryset annotated with ``bup=retirement_age_expression()``.
    """
    horizon = add_years(today, years)
    ages = set(codes.BUP_BY_KIND.values()) | set(codes.BUP_FUNCTIONAL_BY_LEVEL.values())
    condition = Q(pk__in=[])
    for age in sorted(ages):
        condition |= Q(bup=age, birth_date__lte=add_years(horizon, -age))
    return condition


def retirement_date(employee: Employee) -> datetime.date:
    """The day the employee reaches the retirement age of their current post."""
    age = codes.retirement_age(employee.position.kind, employee.position.name)
    return add_years(employee.birth_date, age)


# --- dashboard --------------------------------------------------------------------------------


@dataclass
class SectorRow:
    sector: str
    staff: int = 0
    under_two_years: int = 0
    two_to_five_years: int = 0
    past_five_years: int = 0
    formation: int = 0
    shortage: int = 0  # sum over posts of max(formation − staff, 0)
    surplus: int = 0  # sum over posts of max(staff − formation, 0)
    retiring: dict[int, int] = field(default_factory=dict)

    @property
    def difference(self) -> int:
        return self.staff - self.formation


@dataclass
class Dashboard:
    today: datetime.date
    sectors: list[SectorRow]
    years: list[int]

    @property
    def total(self) -> SectorRow:
        total = SectorRow(sector="")
        for row in self.sectors:
            for name in (
                "staff",
                "under_two_years",
                "two_to_five_years",
                "past_five_years",
                "formation",
                "shortage",
                "surplus",
            ):
                setattr(total, name, getattr(total, name) + getattr(row, name))
            for year, count in row.retiring.items():
                total.retiring[year] = total.retiring.get(year, 0) + count
        return total

    def retirements_by_year(self) -> list[tuple[int, int]]:
        total = self.total.retiring
        return [(year, total.get(year, 0)) for year in self.years]

    def retirement_rows(self) -> list[tuple[str, list[int]]]:
        """Sectors with anyone retiring, each with its count per year of ``years``."""
        return [
            (row.sector, [row.retiring.get(year, 0) for year in self.years])
            for row in self.sectors
            if row.retiring
        ]

    @property
    def retiring_total(self) -> int:
        return sum(sum(row.retiring.values()) for row in self.sectors)


def staff_per_position() -> Subquery:
    """Correlated count of the employees holding the outer position."""
    return Subquery(
        Employee.objects.filter(position=OuterRef("pk"))
        .order_by()
        .values("position")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def dashboard(today: datetime.date, unit_ids: frozenset[int] | None = None) -> Dashboard:
    """Staff, tenure, formation and retirements per sector in three queries, kept in the cache
    until the data changes (``mutasi.core.cache``).

    ``unit_ids`` restricts everything to those units (None = the whole region).
    """
    return cached_for_data(
        f"dashboard:{today.isoformat()}:{ids_key(unit_ids)}",
        lambda: _dashboard(today, unit_ids),
    )


def _dashboard(today: datetime.date, unit_ids: frozenset[int] | None) -> Dashboard:
    employees = Employee.objects.all()
    positions = Position.objects.all()
    if unit_ids is not None:
        employees = employees.filter(position__unit_id__in=unit_ids)
        positions = positions.filter(unit_id__in=unit_ids)
    rows: dict[str, SectorRow] = {}

    def row(sector: str) -> SectorRow:
        return rows.setdefault(sector, SectorRow(sector=sector))

    _count_tenure(employees, today, row)
    _count_formation(positions, row)
    years = list(range(today.year, today.year + RETIREMENT_OUTLOOK_YEARS))
    _count_retirements(employees, years, row)
    ordered = sorted(rows.values(), key=lambda r: (-r.staff, r.sector))
    return Dashboard(today=today, sectors=ordered, years=years)


def _count_tenure(
    employees: QuerySet[Employee], today: datetime.date, row: Callable[[str], SectorRow]
) -> None:
    """Staff per sector, split by time in post: under 2 years, 2–5 years, past 5 years."""
    two_years_ago = add_years(today, -MIN_YEARS_IN_POST)
    five_years_ago = add_years(today, -MAX_YEARS_IN_POST)
    tenure = (
        employees.order_by()
        .values(sector=F("position__unit__sector"))
        .annotate(
            staff=Count("pk"),
            under_two=Count("pk", filter=Q(position_start__gt=two_years_ago)),
            past_five=Count("pk", filter=Q(position_start__lte=five_years_ago)),
        )
    )
    for item in tenure:
        r = row(item["sector"])
        r.staff = item["staff"]
        r.under_two_years = item["under_two"]
        r.past_five_years = item["past_five"]
        r.two_to_five_years = item["staff"] - item["under_two"] - item["past_five"]


def _count_formation(positions: QuerySet[Position], row: Callable[[str], SectorRow]) -> None:
    """Formation, shortage and surplus per sector (posts with a formation only)."""
    formation = (
        positions.filter(formation__isnull=False)
        .annotate(holders=Coalesce(staff_per_position(), 0))
        .annotate(
            gap=Greatest(F("formation") - F("holders"), Value(0)),
            extra=Greatest(F("holders") - F("formation"), Value(0)),
        )
        .order_by()
        .values(sector=F("unit__sector"))
        .annotate(total=Sum("formation"), shortage=Sum("gap"), surplus=Sum("extra"))
    )
    for item in formation:
        r = row(item["sector"])
        r.formation = item["total"] or 0
        r.shortage = item["shortage"] or 0
        r.surplus = item["surplus"] or 0


def _count_retirements(
    employees: QuerySet[Employee], years: list[int], row: Callable[[str], SectorRow]
) -> None:
    """Per sector, how many reach their BUP in each of ``years``."""
    # Retirement year = birth year + BUP. Written as birth-date ranges per BUP age (no EXTRACT on
    # every row), after narrowing to the birth years that can retire in the window at all.
    ages = sorted(set(codes.BUP_BY_KIND.values()) | set(codes.BUP_FUNCTIONAL_BY_LEVEL.values()))

    def born_in(year: int) -> Q:
        return Q(
            birth_date__gte=datetime.date(year, 1, 1), birth_date__lte=datetime.date(year, 12, 31)
        )

    per_year = {
        f"y{year}": Count(
            "pk",
            filter=functools.reduce(
                operator.or_, [Q(bup=age) & born_in(year - age) for age in ages]
            ),
        )
        for year in years
    }
    retiring = (
        employees.filter(
            birth_date__gte=datetime.date(years[0] - ages[-1], 1, 1),
            birth_date__lte=datetime.date(years[-1] - ages[0], 12, 31),
        )
        .annotate(bup=retirement_age_expression())
        .order_by()
        .values(sector=F("position__unit__sector"))
        .annotate(**per_year)
    )
    for item in retiring:
        counts = {year: item[f"y{year}"] for year in years if item[f"y{year}"]}
        if counts:
            row(item["sector"]).retiring = counts


# --- employee list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EmployeeFilters:
    """Cleaned filters of the employee list; empty values mean "no filter"."""

    q: str = ""
    unit_ids: frozenset[int] | None = None
    sector: str = ""
    golongan: str = ""
    employee_type: str = ""
    past_five_years: bool = False
    retiring: bool = False
    order: str = "nip"


EMPLOYEE_ORDERS = {
    "nip": ("nip",),
    "name": ("name", "nip"),
    "tenure": ("position_start", "nip"),
}


def employee_list(
    filters: EmployeeFilters, today: datetime.date, scope: Scope
) -> QuerySet[Employee]:
    """The employees matching ``filters`` inside ``scope``; lazy (the caller paginates)."""
    qs = Employee.objects.select_related("position__unit")
    if not scope.sees_everything:
        qs = qs.filter(position__unit_id__in=scope.unit_ids or [])
    if filters.q:
        text = filters.q.strip()
        # Digits are the start of a NIP (birth date first); anything else part of a name.
        lookup = "nip__startswith" if text.isdigit() else "name__icontains"
        qs = qs.filter(**{lookup: text})
    if filters.unit_ids is not None:
        qs = qs.filter(position__unit_id__in=filters.unit_ids)
    if filters.sector:
        qs = qs.filter(position__unit__sector=filters.sector)
    if filters.golongan:
        qs = qs.filter(golongan=filters.golongan)
    if filters.employee_type:
        qs = qs.filter(employee_type=filters.employee_type)
    if filters.past_five_years:
        qs = qs.filter(position_start__lte=add_years(today, -MAX_YEARS_IN_POST))
    if filters.retiring:
        qs = qs.annotate(bup=retirement_age_expression()).filter(
            retiring_within(today, RETIREMENT_WINDOW_YEARS)
        )
    return qs.order_by(*EMPLOYEE_ORDERS.get(filters.order, EMPLOYEE_ORDERS["nip"]))


# --- units and positions ----------------------------------------------------------------------


@dataclass
class UnitFigures:
    staff: int = 0
    formation: int = 0

    @property
    def difference(self) -> int:
        return self.staff - self.formation


def figures_per_unit() -> dict[int, UnitFigures]:
    """Staff and formation of each unit on its own (not counting sub-units); two queries."""
    figures: dict[int, UnitFigures] = defaultdict(UnitFigures)
    staff = Employee.objects.order_by().values("position__unit_id").annotate(n=Count("pk"))
    for item in staff:
        figures[item["position__unit_id"]].staff = item["n"]
    formation = Position.objects.order_by().values("unit_id").annotate(total=Sum("formation"))
    for item in formation:
        figures[item["unit_id"]].formation = item["total"] or 0
    return dict(figures)


def rolled_up_figures(tree: UnitTree, figures: dict[int, UnitFigures]) -> dict[int, UnitFigures]:
    """Staff and formation of every unit including its sub-units, in one pass over the tree."""
    totals: dict[int, UnitFigures] = {}
    for node, _depth in reversed(tree.depth_first()):  # children before their parent
        own = figures.get(node.id, UnitFigures())
        total = UnitFigures(staff=own.staff, formation=own.formation)
        for child in tree.children.get(node.id, []):
            if child in totals:
                total.staff += totals[child].staff
                total.formation += totals[child].formation
        totals[node.id] = total
    return totals


# Managerial posts first, from the top, then functional and general posts.
KIND_ORDER = ["jpt", "administrator", "pengawas", "fungsional", "pelaksana"]


def positions_with_staff(unit: Unit) -> QuerySet[Position]:
    """The unit's own positions, each with ``staff`` (number of holders) and ``difference``
    (staff − formation, None without a formation); one query."""
    rank = Case(
        *[When(kind=kind, then=Value(i)) for i, kind in enumerate(KIND_ORDER)],
        default=Value(len(KIND_ORDER)),
        output_field=IntegerField(),
    )
    return (
        Position.objects.filter(unit=unit)
        .annotate(staff=Count("employees"), kind_rank=rank)
        .annotate(difference=F("staff") - F("formation"))
        .order_by("kind_rank", "name", "code")
    )
