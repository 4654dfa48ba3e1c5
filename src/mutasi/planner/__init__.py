"""Pure planning engine: no Django import anywhere below this package.

``solve(problem, policy) -> Plan`` and ``check(problem, plan) -> list[Violation]``; the data types
are in ``mutasi.planner.model``; the classical mechanisms in ``mutasi.planner.exchange``.
"""

from mutasi.planner.check import check
from mutasi.planner.engine import solve
from mutasi.planner.model import (
    STAY,
    Change,
    ChangeCause,
    Employee,
    EmployeeKind,
    Mechanism,
    Metrics,
    Move,
    Notice,
    Pin,
    PinKind,
    Plan,
    Policy,
    PolicyError,
    Position,
    Problem,
    Rule,
    SectorFill,
    SolveError,
    Unit,
    Violation,
)

__all__ = [
    "STAY",
    "Change",
    "ChangeCause",
    "Employee",
    "EmployeeKind",
    "Mechanism",
    "Metrics",
    "Move",
    "Notice",
    "Pin",
    "PinKind",
    "Plan",
    "Policy",
    "PolicyError",
    "Position",
    "Problem",
    "Rule",
    "SectorFill",
    "SolveError",
    "Unit",
    "Violation",
    "check",
    "solve",
]
