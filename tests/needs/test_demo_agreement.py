"""On the demo region (Kabupaten Bukitintan, small size) the pages and `mutasi needs` agree."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from mutasi.demo.writer import build_demo
from mutasi.needs import abk
from mutasi.needs.models import WorkloadTask
from mutasi.needs.selectors import compute_needs, formation_by_position

from .agreement import assert_agree, command_rows

DEMO_SIZE = 600


@pytest.fixture
def demo(db):
    return build_demo(DEMO_SIZE, seed=7)


@pytest.mark.parametrize("by", ["post", "unit", "sector"])
def test_the_pages_and_the_command_agree_on_the_demo(client, demo, by):
    client.force_login(User.objects.get(username="perencana"))
    rows = assert_agree(client, by)
    if by == "post":
        assert rows == demo.positions
    else:
        assert rows > 1


def test_the_demo_has_workload_so_most_formations_come_from_abk(demo):
    analysis = compute_needs()
    sources = [p.source for p in analysis.posts]
    assert sources.count("abk") > len(sources) / 2
    assert sum(p.staff for p in analysis.posts) == demo.employees
    # What the planner adapter reads is what the command prints.
    by_code = {r["kode_jabatan"]: int(r["kebutuhan"]) for r in command_rows("post")}
    formations = formation_by_position()
    assert {p.code: formations[p.position_id] for p in analysis.posts} == by_code


def test_the_workload_summed_in_the_database_is_exact(demo):
    # SQLite adds in floating point: the sums must still equal the exact Decimal sums.
    exact: dict[int, Decimal] = defaultdict(Decimal)
    for pid, volume, minutes in WorkloadTask.objects.values_list(
        "position_id", "volume_per_year", "minutes_per_unit"
    ):
        exact[pid] += abk.workload_minutes([(volume, minutes)])
    computed = {p.position_id: p.workload for p in compute_needs().posts if p.workload is not None}
    assert computed == exact
