"""The classical mechanisms on worked examples (each says where it comes from) and properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mutasi.planner.exchange import deferred_acceptance, top_trading_cycles, yrmh_igyt


def test_deferred_acceptance_gives_each_side_its_optimum_in_gale_shapley_1962_example():
    # Gale & Shapley (1962), Section 2: three men, three women, every man's first choice is a
    # different woman and every woman's first choice a different man; the man-proposing outcome
    # gives each man his first choice, the woman-proposing outcome each woman hers.
    men = {"alpha": ["A", "B", "C"], "beta": ["B", "C", "A"], "gamma": ["C", "A", "B"]}
    women = {
        "A": ["beta", "gamma", "alpha"],
        "B": ["gamma", "alpha", "beta"],
        "C": ["alpha", "beta", "gamma"],
    }
    one = dict.fromkeys("ABC", 1)
    assert deferred_acceptance(men, women, one) == {"alpha": "A", "beta": "B", "gamma": "C"}
    assert deferred_acceptance(women, men, dict.fromkeys(men, 1)) == {
        "A": "beta",
        "B": "gamma",
        "C": "alpha",
    }


def test_deferred_acceptance_with_capacities_follows_the_proposals_step_by_step():
    # Many-to-one (college admissions, Gale & Shapley 1962 Section 3; the NRMP of Roth 1984).
    # Instance built here, worked by hand: round 1 d1,d2,d3 -> H1 (cap 2) keeps d3,d1, rejects
    # d2; d4 -> H2. Round 2 d2 -> H2 (cap 1) prefers d2 to d4: d4 rejected. Round 3 d4 -> H1,
    # which prefers d4 to d1: d1 rejected. Round 4 d1 -> H2, which keeps d2: d1 unmatched.
    doctors = {"d1": ["H1", "H2"], "d2": ["H1", "H2"], "d3": ["H1"], "d4": ["H2", "H1"]}
    hospitals = {"H1": ["d3", "d4", "d1", "d2"], "H2": ["d2", "d1", "d4"]}
    result = deferred_acceptance(doctors, hospitals, {"H1": 2, "H2": 1})
    assert result == {"d3": "H1", "d4": "H1", "d2": "H2"}


def test_top_trading_cycles_on_the_school_choice_example():
    # The eight-student, four-school instance Abdulkadiroğlu & Sönmez (2003, Section 5) use to
    # illustrate TTC, worked by hand here so the expectation does not rest on recall:
    # step 1 cycles (i1 s2 i3 s3 i5 s1) and (i6 s4); step 2 (i2 s1); step 3 (i4 s3 i7 s2);
    # step 4 (i8 s3).
    prefs = {
        "i1": ["s2", "s1", "s3", "s4"],
        "i2": ["s1", "s2", "s3", "s4"],
        "i3": ["s3", "s2", "s1", "s4"],
        "i4": ["s3", "s4", "s1", "s2"],
        "i5": ["s1", "s3", "s4", "s2"],
        "i6": ["s4", "s1", "s2", "s3"],
        "i7": ["s1", "s2", "s3", "s4"],
        "i8": ["s1", "s2", "s4", "s3"],
    }
    priorities = {
        "s1": ["i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8"],
        "s2": ["i3", "i5", "i4", "i8", "i7", "i2", "i1", "i6"],
        "s3": ["i5", "i3", "i1", "i7", "i2", "i8", "i6", "i4"],
        "s4": ["i6", "i8", "i7", "i4", "i2", "i3", "i5", "i1"],
    }
    result = top_trading_cycles(prefs, priorities, {"s1": 2, "s2": 2, "s3": 3, "s4": 1})
    assert result == {
        "i1": "s2", "i2": "s1", "i3": "s3", "i4": "s3",
        "i5": "s1", "i6": "s4", "i7": "s2", "i8": "s3",
    }  # fmt: skip


def test_yrmh_igyt_without_vacancies_is_the_shapley_scarf_top_trading_cycles():
    # Housing market of Shapley & Scarf (1974), the special case of Abdulkadiroğlu & Sönmez (1999)
    # with tenants only: a and b swap (a cycle), c keeps h3 because h1 and h2 are gone.
    prefs = {"a": ["h2", "h1", "h3"], "b": ["h1", "h2", "h3"], "c": ["h1", "h2", "h3"]}
    tenants = {"h1": "a", "h2": "b", "h3": "c"}
    assert yrmh_igyt(prefs, tenants, ["c", "b", "a"]) == {"a": "h2", "b": "h1", "c": "h3"}


def test_yrmh_igyt_lets_a_tenant_jump_the_queue_when_their_house_is_requested():
    # The "you request my house, I get your turn" step of Abdulkadiroğlu & Sönmez (1999): newcomer
    # n (first in the order) requests t1's house h1, so t1 moves to the head of the queue; t1
    # requests the vacant v; t1 gets v, n gets h1; t2 keeps h2 (worked by hand).
    prefs = {"n": ["h1", "v"], "t1": ["v", "h1"], "t2": ["h1", "h2"]}
    tenants = {"h1": "t1", "h2": "t2", "v": None}
    assert yrmh_igyt(prefs, tenants, ["n", "t2", "t1"]) == {"t1": "v", "n": "h1", "t2": "h2"}


def test_yrmh_igyt_never_leaves_a_tenant_without_their_house_even_if_unlisted():
    prefs = {"t": ["h2"], "u": ["h2"]}
    result = yrmh_igyt(prefs, {"h1": "t", "h2": None}, ["u", "t"])
    assert result == {"u": "h2", "t": "h1"}


@st.composite
def markets(draw):
    n = draw(st.integers(1, 6))
    houses = [f"h{k}" for k in range(n + draw(st.integers(0, 2)))]
    agents = [f"a{k}" for k in range(n)]
    prefs = {a: draw(st.permutations(houses)) for a in agents}
    tenants = {
        h: (agents[k] if k < len(agents) and draw(st.booleans()) else None)
        for k, h in enumerate(houses)
    }
    order = draw(st.permutations(agents))
    return prefs, tenants, order


@settings(max_examples=60, deadline=None, derandomize=True)
@given(markets())
def test_yrmh_igyt_is_individually_rational_and_assigns_each_house_once(market):
    prefs, tenants, order = market
    result = yrmh_igyt(prefs, tenants, order)
    assert len(set(result.values())) == len(result)
    for house, tenant in tenants.items():
        if tenant is not None:
            got = result[tenant]
            assert prefs[tenant].index(got) <= prefs[tenant].index(house)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.data())
def test_deferred_acceptance_leaves_no_blocking_pair(data):
    props = [f"p{k}" for k in range(data.draw(st.integers(1, 6)))]
    recs = [f"r{k}" for k in range(data.draw(st.integers(1, 4)))]
    pp = {p: data.draw(st.permutations(recs)) for p in props}
    rp = {r: data.draw(st.permutations(props)) for r in recs}
    caps = {r: data.draw(st.integers(0, 2)) for r in recs}
    match = deferred_acceptance(pp, rp, caps)
    held = {r: [p for p, rr in match.items() if rr == r] for r in recs}
    assert all(len(held[r]) <= caps[r] for r in recs)
    for p in props:
        for r in pp[p]:
            if match.get(p) == r:
                break  # everything after is worse for p
            full = len(held[r]) >= caps[r]
            worst = max((rp[r].index(q) for q in held[r]), default=-1)
            assert full and rp[r].index(p) > worst, f"{p} and {r} block the matching"
