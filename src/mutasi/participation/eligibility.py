"""Which posts an employee may rank, and why not the others, in words.

The rules are the planner's: ``ineligibility_many`` hands the employee and the posts to
``mutasi.planner.eligibility.unmet_requirements`` (the same per-pair rules the solvers use) and
only turns the answer into Indonesian sentences. This module has no rule of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mutasi import planner
from mutasi.people import codes, planner_input
from mutasi.planner.eligibility import PairRule, unmet_requirements

from .status import Rules

# The planner's rule names are the portal's reasons.
Reason = PairRule


@dataclass(frozen=True)
class Person:
    employee_type: str
    golongan: str
    education: str
    major: str
    certificates: tuple[str, ...]
    unit_id: int
    position_id: int
    position_kind: str
    position_name: str
    job_family: str
    functional_job: str = ""  # of the post held ("" when it is not a functional post)


@dataclass(frozen=True)
class Post:
    id: int
    unit_id: int
    kind: str
    name: str
    job_family: str
    gol_min: str = ""
    gol_max: str = ""
    education_min: str = ""
    majors: tuple[str, ...] = ()
    certificate: str = ""
    functional_job: str = ""  # for functional posts, the functional job it belongs to


def _planner_post(post: Post) -> planner.Position:
    return planner_input.planner_position(
        {
            "id": post.id,
            "name": post.name,
            "unit_id": post.unit_id,
            "kind": post.kind,
            "job_family": post.job_family,
            "gol_min": post.gol_min,
            "gol_max": post.gol_max,
            "education_min": post.education_min,
            "majors": post.majors,
            "certificate": post.certificate,
        }
    )


def _planner_person(person: Person) -> planner.Employee:
    return planner.Employee(
        id="e",
        nip="",
        name="",
        position_id=str(person.position_id),
        golongan_rank=codes.golongan_rank(person.golongan),
        education_rank=codes.education_rank(person.education),
        years_in_post=0.0,
        age=0.0,
        kind=planner.EmployeeKind(person.employee_type),
        major=(person.major or "").lower().strip(),
        certificates=planner_input.certificates_of(person.certificates),
        job_family=person.job_family,
        functional_job=person.functional_job,
    )


def _policy(rules: Rules) -> planner.Policy:
    return planner.Policy.from_dict(
        {
            "pppk_stay_in_unit": rules.pppk_stay_in_unit,
            "interchangeable_families": [sorted(g) for g in rules.interchangeable_families],
        }
    )


def ineligibility_many(person: Person, posts: Sequence[Post], rules: Rules) -> list[list[Reason]]:
    """For each of ``posts``, every reason ``person`` may not rank it (empty: they may)."""
    own = Post(
        id=person.position_id,
        unit_id=person.unit_id,
        kind=person.position_kind,
        name=person.position_name,
        job_family=person.job_family,
    )
    others = [p for p in posts if p.id != person.position_id]
    positions = [_planner_post(own), *(_planner_post(p) for p in others)]
    unit_ids = sorted({p.unit_id for p in positions})
    units = [planner.Unit(id=u, code=u, name=u, sector="-") for u in unit_ids]  # (no rule reads it)
    unmet = unmet_requirements(_planner_person(person), positions, units, _policy(rules))
    by_id = {p.id: reasons for p, reasons in zip(others, unmet[1:], strict=True)}
    return [by_id.get(p.id, unmet[0]) for p in posts]


def ineligibility(person: Person, post: Post, rules: Rules) -> list[Reason]:
    """Every reason ``person`` may not rank ``post``; empty when they may."""
    return ineligibility_many(person, [post], rules)[0]


def reason_text(reason: Reason, person: Person, post: Post) -> str:
    """The reason in words, naming the requirement and the employee's own value."""
    from django.utils.translation import gettext as _

    match reason:
        case Reason.OWN_POST:
            return _("ini jabatan Anda sekarang (pilih 'Saya lebih memilih tetap')")
        case Reason.GOLONGAN_LOW:
            return _("golongan Anda %(own)s di bawah minimal %(req)s") % {
                "own": person.golongan,
                "req": post.gol_min,
            }
        case Reason.GOLONGAN_HIGH:
            return _("golongan Anda %(own)s di atas maksimal %(req)s") % {
                "own": person.golongan,
                "req": post.gol_max,
            }
        case Reason.EDUCATION:
            return _("pendidikan Anda %(own)s di bawah minimal %(req)s") % {
                "own": person.education,
                "req": post.education_min,
            }
        case Reason.MAJOR:
            return _("jurusan Anda (%(own)s) tidak termasuk jurusan yang diterima: %(req)s") % {
                "own": person.major or "-",
                "req": ", ".join(post.majors),
            }
        case Reason.CERTIFICATE:
            return _("memerlukan sertifikasi %(req)s") % {"req": post.certificate}
        case Reason.JOB_FAMILY:
            return _("rumpun jabatan %(req)s berbeda dari rumpun Anda (%(own)s)") % {
                "req": post.job_family,
                "own": person.job_family,
            }
        case Reason.FUNCTIONAL:
            return _("jabatan fungsional ini hanya untuk pemangku jabatan fungsional %(job)s") % {
                "job": post.functional_job or post.name
            }
        case Reason.OTHER_UNIT_PPPK:
            return _("PPPK hanya dapat pindah di dalam unit kerjanya sendiri")
    return str(reason)  # pragma: no cover
