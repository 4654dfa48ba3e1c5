"""Which posts an employee may rank, and why not the others (the planner's eligibility rules).

Pure functions over plain values. The rules (issue 3): golongan within the post's range,
education at or above its minimum, major among those accepted (when listed), required certificate
held, same job family or one the policy declares interchangeable; functional posts only for holders
of that functional job; PPPK only inside their own unit when the policy says so. These mirror the
per-pair rules of ``mutasi.planner.eligibility.pair_eligible`` (which works on arrays of a whole
compiled problem); the functional job of a post is named by ``plans.adapter.functional_job_of``,
as the planner's adapter does.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mutasi.people import codes

from .status import Rules


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


class Reason(StrEnum):
    OWN_POST = "own_post"
    GOLONGAN_LOW = "golongan_low"
    GOLONGAN_HIGH = "golongan_high"
    EDUCATION = "education"
    MAJOR = "major"
    CERTIFICATE = "certificate"
    JOB_FAMILY = "job_family"
    FUNCTIONAL = "functional"
    OTHER_UNIT_PPPK = "other_unit_pppk"


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def families_match(a: str, b: str, interchangeable: frozenset[frozenset[str]]) -> bool:
    a, b = _norm(a), _norm(b)
    return a == b or any(a in group and b in group for group in interchangeable)


def ineligibility(person: Person, post: Post, rules: Rules) -> list[Reason]:
    """Every reason ``person`` may not rank ``post``; empty when they may."""
    if post.id == person.position_id:
        return [Reason.OWN_POST]
    reasons: list[Reason] = []
    rank = codes.GOLONGAN_BY_CODE.get(person.golongan)
    if rank is not None:
        if post.gol_min and rank.rank < codes.golongan_rank(post.gol_min):
            reasons.append(Reason.GOLONGAN_LOW)
        if post.gol_max and rank.rank > codes.golongan_rank(post.gol_max):
            reasons.append(Reason.GOLONGAN_HIGH)
    if (
        post.education_min
        and person.education in codes.EDUCATION_BY_CODE
        and codes.education_rank(person.education) < codes.education_rank(post.education_min)
    ):
        reasons.append(Reason.EDUCATION)
    if post.majors and _norm(person.major) not in {_norm(m) for m in post.majors}:
        reasons.append(Reason.MAJOR)
    if post.certificate and _norm(post.certificate) not in {_norm(c) for c in person.certificates}:
        reasons.append(Reason.CERTIFICATE)
    if not families_match(person.job_family, post.job_family, rules.interchangeable_families):
        reasons.append(Reason.JOB_FAMILY)
    if post.kind == "fungsional" and (
        not post.functional_job or person.functional_job != post.functional_job
    ):
        reasons.append(Reason.FUNCTIONAL)
    if (
        person.employee_type == "PPPK"
        and rules.pppk_stay_in_unit
        and post.unit_id != person.unit_id
    ):
        reasons.append(Reason.OTHER_UNIT_PPPK)
    return reasons


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
