"""Plain database values -> the planner's dataclasses, the one way every stage does it.

The plans adapter (a whole region) and the participation portal (one employee against the posts
they search) both hand people data to ``mutasi.planner``; normalising it here (ranks from codes,
majors and certificates lower-case, the functional job from the post's name) is what makes the
portal's "may I rank this post?" the planner's own answer. No Django import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mutasi import planner
from mutasi.people import codes
from mutasi.people.codes import functional_job_of


def optional_golongan_rank(code: str | None) -> int | None:
    return codes.golongan_rank(code) if code else None


def optional_education_rank(code: str | None) -> int | None:
    return codes.education_rank(code) if code else None


def majors_of(values: Iterable[str] | None) -> frozenset[str]:
    return frozenset(m.lower().strip() for m in (values or []) if m.strip())


def certificates_of(values: Iterable[str] | None) -> frozenset[str]:
    return frozenset(c.lower().strip() for c in (values or []) if c)


def competencies_of(values: Mapping[str, Any] | None) -> dict[str, int]:
    return {str(k).lower(): int(v) for k, v in (values or {}).items()}


def planner_position(row: Mapping[str, Any], *, formation: int | None = None) -> planner.Position:
    """A post from a ``Position.objects.values(...)`` row (``id``, ``code``, ``name``,
    ``unit_id``, ``kind``, ``job_family`` and the optional requirement fields)."""
    return planner.Position(
        id=str(row["id"]),
        code=row.get("code", str(row["id"])),
        name=row["name"],
        unit_id=str(row["unit_id"]),
        kind=row["kind"],
        job_family=row["job_family"],
        gol_min=optional_golongan_rank(row.get("gol_min")),
        gol_max=optional_golongan_rank(row.get("gol_max")),
        education_min=optional_education_rank(row.get("education_min")),
        majors=majors_of(row.get("majors")),
        certificate=(row.get("certificate") or "").lower().strip(),
        competencies=competencies_of(row.get("competencies")),
        formation=formation,
        functional_job=functional_job_of(row["kind"], row["name"]),
    )
