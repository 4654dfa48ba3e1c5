"""Plan metrics on hand-made regions: exchange chains, shortage filled, posts below formation."""

from __future__ import annotations

import numpy as np

from mutasi.planner import Employee, Policy, Position, Problem, Unit
from mutasi.planner.eligibility import compile_problem
from mutasi.planner.model import Mechanism
from mutasi.planner.outcome import build_plan, chain_lengths, chains


def _region(holders: dict[str, int], formation: dict[str, int], sector: dict[str, str]) -> Problem:
    units = tuple(Unit(f"U{s}", f"U{s}", f"Unit {s}", s) for s in sorted(set(sector.values())))
    positions = tuple(
        Position(p, p, f"Jabatan {p}", f"U{sector[p]}", "pelaksana", "umum", formation=formation[p])
        for p in sorted(formation)
    )
    employees = tuple(
        Employee(f"{p}{i}", f"19800101200001100{i}", f"{p}{i}", p, 9, 6, 4.0, 40.0)
        for p, n in sorted(holders.items())
        for i in range(n)
    )
    return Problem(units, positions, employees)


def _final(c, moves: dict[str, str]) -> np.ndarray:
    final = c.emp_pos.copy()
    for e, p in moves.items():
        final[c.emp_ids.index(e)] = c.pos_ids.index(p)
    return final


def test_a_vacancy_chain_a_swap_and_a_lone_move_are_told_apart():
    # A is vacant, B and C full (1 of 1), D and E full, F has room for 1 more.
    region = _region(
        holders={"B": 1, "C": 1, "D": 1, "E": 1, "G": 1},
        formation={"A": 1, "B": 1, "C": 1, "D": 1, "E": 1, "F": 1, "G": 1},
        sector=dict.fromkeys("ABCDEFG", "umum"),
    )
    c = compile_problem(region, Policy())
    # B0 -> A (vacancy), C0 -> B (needs B0 to leave): a chain of 2;
    # D0 <-> E0: a swap, a cycle of 2; G0 -> F (room there): a lone move, a chain of 1
    final = _final(c, {"B0": "A", "C0": "B", "D0": "E", "E0": "D", "G0": "F"})
    links = chains(c, final)
    assert chain_lengths(links) == ({1: 1, 2: 1}, {2: 1})
    by_name = {c.emp_ids[k]: v for k, v in links.items()}
    assert by_name["B0"] == by_name["C0"] and by_name["B0"][1] == "chain"
    assert by_name["D0"] == by_name["E0"] and by_name["D0"][1] == "cycle"
    assert by_name["G0"][0] not in {by_name["B0"][0], by_name["D0"][0]}


def test_moves_into_a_post_with_room_do_not_make_one_chain():
    # The old count joined every move touching a post into one component: two people moving
    # into the same post with two free slots are two independent moves.
    region = _region(
        holders={"B": 1, "C": 1},
        formation={"A": 2, "B": 1, "C": 1},
        sector={"A": "umum", "B": "umum", "C": "umum"},
    )
    c = compile_problem(region, Policy())
    links = chains(c, _final(c, {"B0": "A", "C0": "A"}))
    assert chain_lengths(links) == ({1: 2}, {})


def test_shortage_filled_per_sector_and_priority_posts_below_formation():
    # pendidikan (priority): S1 needs 3 and has 1, S2 needs 1 and has 0; umum: O1 has 4 for 2.
    region = _region(
        holders={"S1": 1, "O1": 4},
        formation={"S1": 3, "S2": 1, "O1": 2},
        sector={"S1": "pendidikan", "S2": "pendidikan", "O1": "umum"},
    )
    c = compile_problem(region, Policy(unit_departure_cap=1.0))
    # two of the surplus in O1 go to S1 (S1 reaches 3: no longer below), S2 stays empty
    final = _final(c, {"O10": "S1", "O11": "S1"})
    plan = build_plan(c, final, Mechanism.OPTIMAL, bound=None, started=0.0, pin_notices=[])
    sectors = {s.sector: s for s in plan.metrics.sectors}
    edu, general = sectors["pendidikan"], sectors["umum"]
    assert (edu.formation, edu.filled_before, edu.filled_after) == (4, 1, 3)
    assert (edu.shortage_before, edu.shortage_after, edu.shortage_filled) == (3, 1, 2)
    assert (edu.posts_below_before, edu.posts_below_after) == (2, 1)
    assert edu.priority and not general.priority
    # the umum sector loses no filled slot: O1 keeps 2 of 2
    assert (general.filled_before, general.filled_after, general.shortage_filled) == (2, 2, 0)
    assert plan.metrics.priority_posts_below_before == 2
    assert plan.metrics.priority_posts_below_after == 1
    # the surplus moves are lone moves (S1 had room), not an exchange chain
    assert plan.metrics.chains == 0 and plan.metrics.chain_lengths == {1: 2}
    data = plan.metrics.to_dict()
    assert data["chain_lengths"] == {"1": 2}
    assert data["sectors"][0]["shortage_filled"] == 2
