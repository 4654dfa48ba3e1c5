"""No function outside the solver core is longer than 80 lines, so each reads as named steps.

A function's length is counted from its ``def`` line to its last line (decorators not counted),
with the standard ``ast`` module, over every module of the product except its migrations.
"""

from __future__ import annotations

import ast
from pathlib import Path

import mutasi

MAX_LINES = 80
PACKAGE = Path(mutasi.__file__).parent

# The solver core: the mechanisms' search loops and the optimisation model, where one long
# function follows one published algorithm or one model formulation and reads best whole. Only the
# mechanisms are here: what feeds them (``planner/eligibility.py``'s ``compile_problem``) and what
# checks them (``planner/check.py``) are held to the limit like everything else.
SOLVER_CORE = frozenset(
    {
        "planner/optimal.py",  # the weighted MIP: its model builder and the candidate arcs
        "planner/fair.py",  # the fair mechanism (tenure-guaranteed exchange)
        "planner/exchange.py",  # the classical matching mechanisms (TTC, YRMH-IGYT)
    }
)


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _lengths(path: Path, root: Path = PACKAGE) -> dict[str, int]:
    """``module:function`` -> lines, for every function (methods and nested functions too)."""
    module = path.relative_to(root).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lengths: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            key = f"{module}:{node.name}"
            lengths[key] = max(lengths.get(key, 0), node.end_lineno - node.lineno + 1)
    return lengths


def _all_lengths() -> dict[str, int]:
    lengths: dict[str, int] = {}
    for path in _modules():
        lengths.update(_lengths(path))
    return lengths


def test_no_function_outside_the_solver_core_is_longer_than_80_lines():
    too_long = {
        key: lines
        for key, lines in _all_lengths().items()
        if lines > MAX_LINES and key.split(":")[0] not in SOLVER_CORE
    }
    assert not too_long, (
        f"functions longer than {MAX_LINES} lines; split them into named steps: "
        + ", ".join(f"{key} ({lines})" for key, lines in sorted(too_long.items()))
    )


def test_the_solver_core_allow_list_names_real_modules():
    for module in SOLVER_CORE:
        assert (PACKAGE / module).is_file(), module


def test_the_count_finds_a_long_function(tmp_path):
    """The measure itself: an 81-line method is found, an 80-line function is not."""
    body = "\n".join(f"        x{i} = {i}" for i in range(79))
    source = (
        f"class Holder:\n    @staticmethod\n    def long():\n{body}\n        return 0\n\n\n"
        f"def short():\n{body.replace('        ', '    ')}\n"
    )
    probe = tmp_path / "probe.py"
    probe.write_text(source)
    assert _lengths(probe, tmp_path) == {"probe.py:long": 81, "probe.py:short": 80}
