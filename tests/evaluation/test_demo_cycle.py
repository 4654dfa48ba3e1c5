"""The demo region's past cycle: its flags raise units' weights in the next cycle's default
policy, the planner uses them, and HR accepts or drops each on the cycle form (audited)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from mutasi.core.models import AuditEntry
from mutasi.demo.pipeline import evaluation_step
from mutasi.demo.writer import build_demo
from mutasi.evaluation import selectors
from mutasi.evaluation.flags import FLAG_UNIT_WEIGHT, FlagReason
from mutasi.evaluation.models import FlagDecision
from mutasi.planner.eligibility import compile_problem
from mutasi.plans import adapter, policy_defaults
from mutasi.plans.models import Cycle, PlanStatus
from mutasi.plans.pipeline import demo_cycle_name, run_demo_plan

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def demo_region():
    build_demo(size=600, seed=2027)
    evaluation_step(io.StringIO())
    return selectors.last_evaluated_cycle()


def test_the_past_cycle_raises_flags_of_every_kind(demo_region):
    outcomes = selectors.cycle_outcomes(demo_region)
    flagged = {o.unit.code: o.evaluation.reasons for o in outcomes if o.evaluation.flagged}
    reasons = {r for rs in flagged.values() for r in rs}
    assert reasons == {FlagReason.FELL, FlagReason.LOW_GRADE, FlagReason.UNHAPPY}
    assert len(flagged) < len(outcomes)  # most touched units are fine
    for o in outcomes:
        e = o.evaluation
        if FlagReason.FELL in e.reasons:
            assert e.difference.high < 0  # the whole interval below zero
        if FlagReason.UNHAPPY in e.reasons:
            assert e.employee_answers >= 5 and e.employee_mean < 3


def test_flags_change_the_next_cycles_default_policy_and_the_plan_it_runs(client, demo_region):
    flagged = {o.unit.code for o in selectors.cycle_outcomes(demo_region) if o.evaluation.flagged}
    assert policy_defaults.default_policy(None) == {
        "unit_weights": dict.fromkeys(flagged, FLAG_UNIT_WEIGHT)
    }
    plan = run_demo_plan(io.StringIO())
    assert plan.status == PlanStatus.DRAFT
    cycle = Cycle.objects.get(name=demo_cycle_name())
    assert cycle.policy["unit_weights"] == dict.fromkeys(flagged, FLAG_UNIT_WEIGHT)
    assert plan.policy.get("unit_weights") == cycle.policy["unit_weights"]
    # The monitoring page shows the flags and their effect on that cycle.
    client.force_login(User.objects.get(username="perencana"))
    page = client.get(reverse("evaluation:index")).content.decode()
    assert "Pengaruh pada siklus berikutnya" in page and cycle.name in page
    steering = page[
        page.index('id="steering"') : page.index("</table>", page.index('id="steering"'))
    ]
    assert all(code in steering for code in flagged)
    assert steering.count("×2,0") == len(flagged)
    # What the planner does with it: a flagged unit's posts weigh twice as much when a shortage
    # is filled, against the same posts under the plain default policy.
    data = adapter.load_problem(cycle)
    weighted = compile_problem(data.problem, adapter.effective_policy(cycle))
    plain = compile_problem(data.problem, adapter.effective_policy(None))
    units = data.problem.unit_by_id
    for k, position in enumerate(data.problem.positions):
        ratio = weighted.pos_sector_w[k] / plain.pos_sector_w[k]
        expected = FLAG_UNIT_WEIGHT if units[position.unit_id].code in flagged else 1.0
        assert ratio == pytest.approx(expected)


def test_hr_drops_one_suggestion_on_the_cycle_form(client, demo_region):
    client.force_login(User.objects.get(username="perencana"))  # the demo's planner
    offered = policy_defaults.suggestions(None)
    assert offered
    page = client.get(reverse("plans:cycle_create")).content.decode()
    assert "Usulan prioritas dari evaluasi siklus lalu" in page
    kept, dropped = offered[0], offered[-1]
    assert kept.reason in page or kept.reason.replace("“", "&ldquo;") in page or kept.title in page
    form = {"name": "Mutasi uji", "max_preferences": "5", f"s-{dropped.key}": "0"}
    for spec in adapter.policy_fields(policy_defaults.default_policy(None)):
        if spec["type"] == "bool":
            if spec["initial"]:
                form[f"p-{spec['name']}"] = "on"
        else:
            form[f"p-{spec['name']}"] = str(spec["initial"])
    for s in offered[:-1]:
        form[f"s-{s.key}"] = "1"
    response = client.post(reverse("plans:cycle_create"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    cycle = Cycle.objects.get(name="Mutasi uji")
    weights = cycle.policy.get("unit_weights", {})
    dropped_code = dropped.key.split("-", 2)[2]
    assert dropped_code not in weights
    assert all(s.key.split("-", 2)[2] in weights for s in offered[:-1])
    decisions = dict(
        FlagDecision.objects.filter(target_cycle=cycle).values_list("unit__code", "accepted")
    )
    assert decisions[dropped_code] is False
    assert sum(decisions.values()) == len(offered) - 1
    assert AuditEntry.objects.filter(action="evaluation.decide_flag").count() == len(offered)
    # Shown again with HR's decision when the cycle is edited.
    again = {s.key: s.decision for s in policy_defaults.suggestions(cycle)}
    assert again[dropped.key] is False and again[kept.key] is True
