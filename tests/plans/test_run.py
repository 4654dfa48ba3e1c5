"""Running plans end to end: background task, storage, checks on edits, workflow, commands."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from mutasi.core.models import AuditEntry
from mutasi.plans import adapter, services
from mutasi.plans.models import Cycle, Move, PinKind, Plan, PlanStatus


@pytest.fixture
def cycle(region, people):  # type: ignore[no-untyped-def]
    return services.do_create_cycle(
        name="Mutasi Semester I 2027", policy={}, acting_user=people["planner"]
    )


def _run(cycle, people, mechanism="optimal", **kwargs):  # type: ignore[no-untyped-def]
    plan = services.do_queue_plan(
        cycle, mechanism=mechanism, acting_user=people["planner"], **kwargs
    )
    plan.refresh_from_db()
    return plan


def test_a_background_run_stores_the_moves_with_reasons_and_metrics(cycle, people, region):
    plan = _run(cycle, people)
    assert plan.status == PlanStatus.DRAFT, plan.error
    assert plan.progress == 100
    move = Move.objects.get(plan=plan, employee=region["nurse"])
    assert move.to_position == region["clinic_nurse"]
    assert move.reason
    assert plan.metrics["violations"] == 0
    assert (
        plan.metrics["moves"]
        == Move.objects.filter(plan=plan).exclude(to_position=region["clerk_post"]).count()
    )
    assert {s["sector"] for s in plan.metrics["sectors"]} == {"umum", "kesehatan"}
    assert len(plan.metrics["units"]) == 3
    assert plan.objective is not None
    assert adapter.check_stored_plan(plan) == []
    actions = list(
        AuditEntry.objects.filter(object_id=str(plan.pk), object_type="plans.plan").values_list(
            "action", flat=True
        )
    )
    assert set(actions) == {"plan.queue", "plan.run"}


def test_the_fair_mechanism_runs_too(cycle, people, region):
    plan = _run(cycle, people, mechanism="fair")
    assert plan.status == PlanStatus.DRAFT, plan.error
    assert plan.metrics["violations"] == 0


def test_a_failed_run_says_why_in_indonesian(cycle, people):
    Cycle.objects.filter(pk=cycle.pk).update(policy={"unit_departure_cap": 5})
    cycle.refresh_from_db()
    plan = _run(cycle, people)
    assert plan.status == PlanStatus.FAILED
    assert "Kebijakan siklus tidak valid" in plan.error
    # the setting named by its label on the policy form, not by its code
    assert "Bagian pegawai unit yang boleh keluar dalam satu siklus" in plan.error
    assert "unit_departure_cap" not in plan.error
    assert AuditEntry.objects.filter(action="plan.fail", object_id=str(plan.pk)).exists()


def test_a_rerun_honours_the_pins(cycle, people, region):
    first = _run(cycle, people)
    assert (
        Move.objects.filter(plan=first, employee=region["nurse"])
        .exclude(to_position=region["office_nurse"])
        .exists()
    )
    services.do_pin(cycle, region["nurse"], kind=PinKind.STAY, acting_user=people["planner"])
    second = _run(cycle, people, based_on=first)
    assert second.status == PlanStatus.DRAFT, second.error
    assert second.based_on == first
    assert (
        not Move.objects.filter(plan=second, employee=region["nurse"])
        .exclude(to_position=region["office_nurse"])
        .exists()
    )
    # the re-run is computed against the first plan and says who differs from it, and why
    assert second.metrics["reference_plan"] == first.pk
    changes = {row["employee_id"]: row for row in second.metrics["reference_changes"]}
    assert changes[str(region["nurse"].pk)]["cause"] == "pin"
    first_moves = dict(Move.objects.filter(plan=first).values_list("employee_id", "to_position_id"))
    second_moves = dict(
        Move.objects.filter(plan=second).values_list("employee_id", "to_position_id")
    )
    differ = {
        str(e)
        for e in set(first_moves) | set(second_moves)
        if first_moves.get(e) != second_moves.get(e)
    }
    assert set(changes) <= differ | {str(region["nurse"].pk)}
    assert adapter.describe_change(changes[str(region["nurse"].pk)]).startswith(
        "Dikunci oleh perencana"
    )


def test_a_hand_edit_that_breaks_a_rule_is_refused_and_nothing_is_saved(cycle, people, region):
    plan = _run(cycle, people)
    clerk = region["clerks"][0]  # a pelaksana in administration, not a nurse
    version = plan.version
    with pytest.raises(services.PlanActionError) as error:
        services.do_edit_move(
            plan,
            clerk,
            region["clinic_nurse"],
            expected_version=version,
            acting_user=people["planner"],
        )
    assert error.value.violations
    assert not Move.objects.filter(plan=plan, employee=clerk).exists()
    assert not AuditEntry.objects.filter(action="move.edit").exists()


def test_cancelling_a_must_move_is_refused_with_the_rule(cycle, people, region):
    plan = _run(cycle, people)
    with pytest.raises(services.PlanActionError, match="tahun di jabatan"):
        services.do_edit_move(
            plan,
            region["nurse"],
            region["office_nurse"],
            expected_version=plan.version,
            acting_user=people["planner"],
        )
    assert Move.objects.filter(
        plan=plan, employee=region["nurse"], to_position=region["clinic_nurse"]
    ).exists()


def test_a_valid_hand_edit_is_saved_with_before_and_after(stored_plan, people, region):
    clerk = region["clerks"][0]
    version = stored_plan.version
    services.do_edit_move(
        stored_plan,
        clerk,
        region["archive"],
        expected_version=version,
        acting_user=people["planner"],
        note="arsip kosong",
    )
    stored_plan.refresh_from_db()
    assert stored_plan.version == version + 1
    move = Move.objects.get(plan=stored_plan, employee=clerk)
    assert (move.from_position, move.to_position, move.edited) == (
        region["clerk_post"],
        region["archive"],
        True,
    )
    assert "arsip kosong" in move.reason
    assert stored_plan.metrics["moves"] == 2
    entry = AuditEntry.objects.get(action="move.edit")
    assert entry.before is None
    assert entry.after["to_position"] == region["archive"].pk
    assert entry.actor == people["planner"]
    # Cancelling it again (back to the own post) deletes the move.
    services.do_edit_move(
        stored_plan,
        clerk,
        region["clerk_post"],
        expected_version=version + 1,
        acting_user=people["planner"],
    )
    assert not Move.objects.filter(plan=stored_plan, employee=clerk).exists()
    # The first version a second time is refused, never silently overwritten.
    with pytest.raises(services.StalePlanError):
        services.do_edit_move(
            stored_plan,
            clerk,
            region["archive"],
            expected_version=version,
            acting_user=people["planner"],
        )


def test_submit_approve_and_the_frozen_plan(cycle, people, region):
    plan = _run(cycle, people)
    services.do_submit_plan(plan, expected_version=plan.version, acting_user=people["planner"])
    plan.refresh_from_db()
    with pytest.raises(services.PlanActionError, match="penyetuju"):
        services.do_approve_plan(plan, expected_version=plan.version, acting_user=people["planner"])
    services.do_approve_plan(
        plan, expected_version=plan.version, acting_user=people["approver"], comment="Setuju"
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.review.decided_by == people["approver"]
    with pytest.raises(services.PlanActionError):
        services.do_edit_move(
            plan,
            region["nurse"],
            region["office_nurse"],
            expected_version=plan.version,
            acting_user=people["planner"],
        )
    actions = list(
        AuditEntry.objects.filter(object_id=str(plan.pk), object_type="plans.plan")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["plan.queue", "plan.run", "plan.submit", "plan.approve"]


def test_the_plan_command_stores_a_plan_and_writes_the_workbook(region, tmp_path):
    out, target = io.StringIO(), tmp_path / "rencana.xlsx"
    call_command("plan", "--out", str(target), stdout=out, stderr=io.StringIO())
    plan = Plan.objects.get()
    assert plan.status == PlanStatus.DRAFT
    assert "mutasi" in out.getvalue() and "pelanggaran" in out.getvalue()
    workbook = load_workbook(target)
    rows = list(workbook["mutasi"].iter_rows(values_only=True))
    assert rows[0] == ("nip", "nama", "kode_jabatan_asal", "kode_jabatan_tujuan", "alasan")
    assert (region["nurse"].nip, "Siti Perawat", "DINAS-PRW", "PKM-PRW") == rows[1][:4]
    summary = dict(workbook["ringkasan"].iter_rows(min_row=2, values_only=True))
    assert summary["pelanggaran"] == 0


def test_the_plan_command_prints_csv_and_uses_a_cycles_policy(cycle, region):
    out = io.StringIO()
    call_command(
        "plan", "--cycle", cycle.name, "--mechanism", "fair", "--format", "csv", stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "metrik,nilai"
    assert Plan.objects.get().cycle == cycle


def test_the_check_command_rechecks_a_stored_plan(region, people, cycle):
    from django.core.management.base import CommandError

    plan = _run(cycle, people)
    out = io.StringIO()
    call_command("check", "--plan", str(plan.pk), stdout=out)
    assert "0 pelanggaran" in out.getvalue()
    # A move stored by hand around the checks is caught: a clerk in a nurse's post.
    Move.objects.create(
        plan=plan,
        employee=region["clerks"][0],
        from_position=region["clerk_post"],
        to_position=region["clinic_nurse"],
        reason="disisipkan",
    )
    with pytest.raises(SystemExit):
        call_command("check", "--plan", str(plan.pk), "--format", "csv", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("check", "--plan", "999999", stdout=io.StringIO())


def test_a_plan_breaking_a_rule_is_kept_for_review_but_cannot_be_submitted(
    cycle, people, region, monkeypatch
):
    """Solver output is never trusted: simulate a solver that puts a clerk in a nurse's post."""
    from mutasi import planner

    clerk = region["clerks"][0]

    def faulty_solve(data, mechanism, progress=None, reference=None):  # type: ignore[no-untyped-def]
        assignments = {e.id: e.position_id for e in data.problem.employees}
        assignments[str(clerk.pk)] = str(region["clinic_nurse"].pk)
        move = planner.Move(
            str(clerk.pk),
            str(region["clerk_post"].pk),
            str(region["clinic_nurse"].pk),
            reason="salah",
        )
        return planner.Plan(
            mechanism=planner.Mechanism.OPTIMAL,
            assignments=assignments,
            moves=(move,),
            policy=data.policy,
        )

    monkeypatch.setattr(adapter, "solve", faulty_solve)
    plan = _run(cycle, people)
    assert plan.status == PlanStatus.DRAFT
    assert "melanggar" in plan.error
    assert plan.metrics["check_violation_count"] >= 1
    with pytest.raises(services.PlanActionError, match="melanggar"):
        services.do_submit_plan(plan, expected_version=plan.version, acting_user=people["planner"])
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_the_demo_pipeline_step_plans_and_writes_the_workbook(region, settings):
    from mutasi.plans.pipeline import demo_cycle_name, run_demo_plan

    out = io.StringIO()
    plan = run_demo_plan(out)
    assert plan.status == PlanStatus.DRAFT, plan.error
    assert plan.cycle.name == demo_cycle_name()
    assert (settings.OUTPUT_DIR / "rencana.xlsx").exists()
    assert "mutasi" in out.getvalue()
    # Running it again reuses the cycle.
    assert run_demo_plan(io.StringIO()).cycle == plan.cycle
