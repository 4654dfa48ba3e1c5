"""The competency gap (pure): hand-computed examples."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from mutasi.planner.competency import (
    competency_gap,
    criticality,
    gap_by_steps,
    gap_of_own_post,
    levels_closed,
)


def test_the_gap_is_required_minus_assessed_and_never_negative() -> None:
    # A post asks for "jaringan komputer" 4 and "pelayanan publik" 3; the person was assessed 2
    # and 4: gap 2 levels on the first, none on the second (a surplus does not offset).
    gap = competency_gap(
        {"jaringan komputer": 4, "pelayanan publik": 3},
        {
            "jaringan komputer": 2,
            "pelayanan publik": 4,
        },
    )
    assert dict(gap.levels) == {"jaringan komputer": 2}
    assert gap.total == 2
    assert gap.unknown == ()


def test_a_competency_never_assessed_is_unknown_not_zero() -> None:
    gap = competency_gap({"keamanan informasi": 3, "etika": 2}, {"etika": None}, weight=1.5)
    assert dict(gap.levels) == {}
    assert gap.unknown == ("etika", "keamanan informasi")
    assert gap.weighted == 0.0


def test_the_weighted_gap_multiplies_by_the_posts_criticality() -> None:
    # Health sector weight 2, formation 4 with 1 in post: shortage share 3/4 -> 2 * 1.75 = 3.5
    weight = criticality(2.0, 4, 1)
    assert weight == 3.5
    gap = competency_gap({"asuhan keperawatan": 3}, {"asuhan keperawatan": 1}, weight=weight)
    assert gap.weighted == 7.0
    assert criticality(1.0, None, 3) == 1.0
    assert criticality(1.0, 2, 5) == 1.0  # overstaffed: no shortage bonus


def test_a_course_closes_the_levels_between_assessed_and_the_lower_of_its_level_and_required():
    assert levels_closed(2, 4, 3) == 1
    assert levels_closed(2, 4, 5) == 2
    assert levels_closed(3, 4, 2) == 0


def _steps(levels: np.ndarray) -> np.ndarray:
    return np.concatenate([(levels >= t) for t in range(1, 6)], axis=1).astype(np.float32)


def test_the_planners_step_encoding_gives_the_same_gap_as_the_plain_function() -> None:
    posts = np.array([[4, 3, 0], [1, 1, 5]], dtype=float)
    people = np.array([[2, 4, 1], [0, 0, 0], [5, 5, 5]], dtype=float)
    got = gap_by_steps(_steps(people), _steps(posts), posts.sum(axis=1))
    names = ["a", "b", "c"]
    for r, person in enumerate(people):
        for k, post in enumerate(posts):
            want = competency_gap(
                {n: int(v) for n, v in zip(names, post, strict=True) if v},
                {n: int(v) for n, v in zip(names, person, strict=True)},
            ).total
            assert got[r, k] == want
    own = gap_of_own_post(_steps(people[:2]), _steps(posts), posts.sum(axis=1))
    assert own.tolist() == [got[0, 0], got[1, 1]]


def test_the_gap_module_imports_without_django() -> None:
    code = (
        "import sys, mutasi.planner.competency, mutasi.training.optimize; "
        "print('django' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
