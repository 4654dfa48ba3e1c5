"""The bridge between the database and the pure planner, as one import (a façade).

Each job lives in its own module; this one only re-exports their names so that ``from
mutasi.plans import adapter`` keeps working:

- ``problem``: ORM rows -> ``planner.Problem`` (``load_problem``, ``effective_policy``);
- ``solving``: run the planner and its independent check (``solve``, ``check``);
- ``results``: a planner Plan -> Move rows and plan metrics (``store_moves``, ``store_metrics``);
- ``recheck``: stored plans checked again, whole or one hand edit at a time, with the cache keyed
  on the data version (``check_stored_plan``, ``check_with_edit``, ``refresh_plan_metrics``);
- ``policy_form``: the cycle's policy form (``policy_fields``, ``policy_from_form``, ...).
"""

from __future__ import annotations

from mutasi.people.codes import functional_job_of

from .policy_form import (
    CYCLE_FIELDS,
    POLICY_TEXT,
    policy_fields,
    policy_form_errors,
    policy_from_form,
)
from .problem import HEAD_KIND_ORDER, LoadedProblem, effective_policy, load_problem
from .recheck import (
    PROBLEM_CACHE_SECONDS,
    check_stored_plan,
    check_with_edit,
    clear_cache,
    planner_plan_from_rows,
    problem_for_plan,
    refresh_plan_metrics,
)
from .results import sector_figures, store_metrics, store_moves, unit_figures
from .solving import (
    CHANGE_CAUSES,
    change_rows,
    check,
    describe_change,
    reference_moves,
    solve,
)

__all__ = [
    "CHANGE_CAUSES",
    "CYCLE_FIELDS",
    "HEAD_KIND_ORDER",
    "POLICY_TEXT",
    "PROBLEM_CACHE_SECONDS",
    "LoadedProblem",
    "change_rows",
    "check",
    "check_stored_plan",
    "check_with_edit",
    "clear_cache",
    "describe_change",
    "effective_policy",
    "functional_job_of",
    "load_problem",
    "planner_plan_from_rows",
    "policy_fields",
    "policy_form_errors",
    "policy_from_form",
    "problem_for_plan",
    "reference_moves",
    "refresh_plan_metrics",
    "sector_figures",
    "solve",
    "store_metrics",
    "store_moves",
    "unit_figures",
]
