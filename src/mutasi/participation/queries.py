"""Reads for the participation pages: the current cycle, eligible posts, outcome, statistics."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from django.db.models import Count, F, Q

from mutasi.core.models import Profile, Role
from mutasi.people.codes import functional_job_of
from mutasi.people.models import Employee, Position, Unit

from .eligibility import Person, Post, Reason, ineligibility_many, reason_text
from .models import Aspiration, AspirationStatus, Cycle, Preference, PreferenceSource
from .status import Rules


class Window(StrEnum):
    NOT_SET = "not_set"
    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"


def window_state(cycle: Cycle | None, now: datetime.datetime) -> Window:
    if cycle is None or cycle.preference_opens is None or cycle.preference_closes is None:
        return Window.NOT_SET
    if now < cycle.preference_opens:
        return Window.NOT_OPEN
    if now >= cycle.preference_closes:
        return Window.CLOSED
    return Window.OPEN


def current_cycle(now: datetime.datetime) -> Cycle | None:
    """The cycle whose window is open; else the next to open; else the last one that closed."""
    with_window = Cycle.objects.exclude(preference_opens=None).exclude(preference_closes=None)
    return (
        with_window.filter(preference_opens__lte=now, preference_closes__gt=now)
        .order_by("preference_closes")
        .first()
        or with_window.filter(preference_opens__gt=now).order_by("preference_opens").first()
        or with_window.order_by("-preference_closes").first()
    )


def person_of(employee: Employee) -> Person:
    position = employee.position
    return Person(
        employee_type=employee.employee_type,
        golongan=employee.golongan,
        education=employee.education,
        major=employee.major,
        certificates=tuple(employee.certificates or ()),
        unit_id=position.unit_id,
        position_id=position.pk,
        position_kind=position.kind,
        position_name=position.name,
        job_family=position.job_family,
        functional_job=functional_job_of(position.kind, position.name),
    )


def post_of(position: Position) -> Post:
    return Post(
        id=position.pk,
        unit_id=position.unit_id,
        kind=position.kind,
        name=position.name,
        job_family=position.job_family,
        gol_min=position.gol_min,
        gol_max=position.gol_max,
        education_min=position.education_min,
        majors=tuple(position.majors or ()),
        certificate=position.certificate,
        functional_job=functional_job_of(position.kind, position.name),
    )


_POST_FIELDS = (
    "id",
    "unit_id",
    "kind",
    "name",
    "job_family",
    "gol_min",
    "gol_max",
    "education_min",
    "majors",
    "certificate",
)


@dataclass
class PostOption:
    position: Position
    reasons: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.reasons


@dataclass
class PostOptions:
    """A page of the search: the first ``shown`` posts of each kind and how many there are."""

    eligible: list[PostOption]
    eligible_count: int
    other: list[PostOption]
    other_count: int


def post_options(
    employee: Employee,
    rules: Rules,
    query: str = "",
    *,
    exclude: Iterable[int] = (),
    shown: int = 30,
) -> PostOptions:
    """Posts matching ``query`` (code, name or unit), split into eligible and not; the reasons
    are put in words only for the posts shown (thousands of posts would otherwise cost time)."""
    person = person_of(employee)
    excluded = set(exclude) | {employee.position_id}
    positions = Position.objects.exclude(pk__in=excluded)
    for word in query.split():
        positions = positions.filter(
            Q(name__icontains=word)
            | Q(code__icontains=word)
            | Q(unit__name__icontains=word)
            | Q(unit__code__iexact=word)
        )
    # Plain values, not model instances: a region has thousands of posts.
    rows = positions.order_by("unit__name", "name").values_list(*_POST_FIELDS)
    posts = [
        replace(
            post,
            majors=tuple(post.majors or ()),
            functional_job=functional_job_of(post.kind, post.name),
        )
        for post in (Post(**dict(zip(_POST_FIELDS, row, strict=True))) for row in rows)
    ]
    eligible_ids: list[int] = []
    other_reasons: dict[int, tuple[Post, list[Reason]]] = {}
    eligible_count = other_count = 0
    for post, reasons in zip(posts, ineligibility_many(person, posts, rules), strict=True):
        if not reasons:
            eligible_count += 1
            if len(eligible_ids) < shown:
                eligible_ids.append(post.id)
        else:
            other_count += 1
            if len(other_reasons) < shown:
                other_reasons[post.id] = (post, reasons)
    shown_positions = Position.objects.select_related("unit").in_bulk(
        eligible_ids + list(other_reasons)
    )
    eligible = [PostOption(shown_positions[pk]) for pk in eligible_ids]
    other = [
        PostOption(shown_positions[pk], [reason_text(r, person, post) for r in reasons])
        for pk, (post, reasons) in other_reasons.items()
    ]
    return PostOptions(eligible, eligible_count, other, other_count)


def ranking_problems(employee: Employee, ranking: list[int], rules: Rules) -> dict[int, list[str]]:
    """For each ranked post the employee may not choose, the reasons (own post = stay is fine)."""
    person = person_of(employee)
    problems: dict[int, list[str]] = {}
    positions = {p.pk: p for p in Position.objects.filter(pk__in=ranking)}
    ranked = [pid for pid in ranking if pid != employee.position_id]
    for position_id in ranked:
        if position_id not in positions:
            problems[position_id] = ["—"]
    posts = [post_of(positions[pid]) for pid in ranked if pid in positions]
    for post, reasons in zip(posts, ineligibility_many(person, posts, rules), strict=True):
        reasons = [r for r in reasons if r != Reason.OWN_POST]
        if reasons:
            problems[post.id] = [reason_text(r, person, post) for r in reasons]
    return problems


@dataclass(frozen=True)
class RankedItem:
    rank: int
    position: Position | None
    stay: bool


def ranked_items(employee: Employee, ranking: list[int]) -> list[RankedItem]:
    positions = Position.objects.select_related("unit").in_bulk(ranking)
    return [
        RankedItem(rank, positions.get(pid), pid == employee.position_id)
        for rank, pid in enumerate(ranking, start=1)
    ]


@dataclass
class UnitParticipation:
    unit: Unit
    employees: int = 0
    accounts: int = 0
    activated: int = 0
    submitted: int = 0
    on_paper: int = 0  # preferences imported from paper forms (the `preferensi` sheet)
    want_to_stay: int = 0


def participation_by_unit(cycle: Cycle | None) -> list[UnitParticipation]:
    """Per unit: employees, accounts, activated accounts, submissions in ``cycle``, and how many
    rank staying first. A fixed number of queries (six) whatever the number of units."""
    rows = {unit.pk: UnitParticipation(unit) for unit in Unit.objects.only("code", "name")}
    for row in Employee.objects.values("position__unit").annotate(n=Count("id")):
        rows[row["position__unit"]].employees = row["n"]
    accounts = (
        Profile.objects.filter(role=Role.EMPLOYEE, employee__isnull=False)
        .values("employee__position__unit")
        .annotate(n=Count("id"), activated=Count("id", filter=~Q(user__password__startswith="!")))
    )
    for row in accounts:
        rows[row["employee__position__unit"]].accounts = row["n"]
        rows[row["employee__position__unit"]].activated = row["activated"]
    submitted = (
        Aspiration.objects.filter(cycle=cycle, status=AspirationStatus.SUBMITTED)
        .values("employee__position__unit")
        .annotate(n=Count("id"))
    )
    for row in submitted:
        rows[row["employee__position__unit"]].submitted = row["n"]
    on_paper = (
        Preference.objects.filter(rank=1, source=PreferenceSource.IMPORT)
        .values("employee__position__unit")
        .annotate(n=Count("id"))
    )
    for row in on_paper:
        rows[row["employee__position__unit"]].on_paper = row["n"]
    stay_first = (
        Preference.objects.filter(rank=1, position=F("employee__position"))
        .values("employee__position__unit")
        .annotate(n=Count("id"))
    )
    for row in stay_first:
        rows[row["employee__position__unit"]].want_to_stay = row["n"]
    return [row for row in rows.values() if row.employees]
