"""build_demo writes the region, replaces what was there, and creates the demo accounts."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from mutasi.core.models import AuditEntry, Profile, Role
from mutasi.demo.generator import generate
from mutasi.demo.writer import DEMO_PASSWORD, build_demo
from mutasi.needs.models import NeedsSettings, WorkloadTask
from mutasi.participation.models import Preference
from mutasi.people import exporter, importer
from mutasi.people.models import Competency, Employee, Position, PositionHistory, Unit
from mutasi.plans.models import Cycle, Pin, PinKind, Plan, PlanStatus
from tests.factories import make_employee, make_employee_user, make_unit_head

pytestmark = pytest.mark.django_db


def test_it_stores_every_generated_row():
    summary = build_demo(size=300, seed=5)
    data = generate(300, 5)
    assert Unit.objects.count() == summary.units == len(data.units)
    assert Position.objects.count() == summary.positions == len(data.positions)
    assert Employee.objects.count() == 300
    assert PositionHistory.objects.count() == len(data.history)
    assert WorkloadTask.objects.count() == len(data.workload)
    assert Preference.objects.count() == len(data.preferences)
    assert Competency.objects.count() == len(data.competencies)
    first = data.employees[0]
    stored = Employee.objects.select_related("position").get(nip=first.nip)
    assert stored.position.code == first.position_code
    assert stored.birth_date == first.birth_date
    assert stored.competencies == first.competencies
    assert Unit.objects.get(code="DINKES.PKM001").parent.code == "DINKES"
    assert AuditEntry.objects.filter(action="demo.build").count() == 1


def test_building_again_replaces_the_data_and_whatever_pointed_at_it():
    old = make_employee()
    make_employee_user(old, username="lama")
    make_unit_head(old.position.unit, username="kepala.lama")
    build_demo(size=300, seed=5)
    build_demo(size=300, seed=6)
    assert Employee.objects.count() == 300
    assert not Employee.objects.filter(nip=old.nip).exists()
    assert set(Employee.objects.values_list("nip", flat=True)) == {
        e.nip for e in generate(300, 6).employees
    }
    assert not Profile.objects.filter(user__username__in=["lama", "kepala.lama"]).exists()


def test_rows_pointing_at_the_old_people_go_and_unrelated_rows_stay():
    old = make_employee()
    cycle = Cycle.objects.create(name="Mutasi lama")
    Pin.objects.create(cycle=cycle, employee=old, kind=PinKind.values[0])
    NeedsSettings.objects.create()
    build_demo(size=300, seed=5)
    assert not Pin.objects.exists()
    assert Cycle.objects.filter(name="Mutasi lama").exists()
    assert NeedsSettings.objects.count() == 1


def test_new_rows_after_the_demo_get_fresh_ids():
    build_demo(size=300, seed=5)
    unit = Unit.objects.create(code="BARU", name="Unit Baru", sector="umum")
    assert unit.id == Unit.objects.order_by("-id").values_list("id", flat=True)[0]
    assert Unit.objects.filter(id=unit.id).count() == 1


def test_the_demo_accounts_log_in_with_the_documented_password():
    summary = build_demo(size=300, seed=5)
    roles = {a.username: a.role for a in summary.accounts}
    assert roles["perencana"] == Role.PLANNER
    assert roles["penyetuju"] == Role.APPROVER
    assert roles["kepala.dinkes"] == Role.UNIT_HEAD
    employee_accounts = [u for u, role in roles.items() if role == Role.EMPLOYEE]
    assert len(employee_accounts) >= 4
    for username in ("perencana", employee_accounts[0]):  # Argon2 is slow: two suffice
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None, username
    users = User.objects.filter(username__in=roles).select_related("profile")
    assert len({u.password for u in users}) == 1  # the same password for all
    assert {u.username: u.profile.role for u in users} == roles
    head = Profile.objects.select_related("unit").get(user__username="kepala.dinkes")
    assert head.unit.code == "DINKES"
    for username in employee_accounts:
        profile = Profile.objects.select_related("employee").get(user__username=username)
        assert profile.employee.nip == username


def test_the_importer_accepts_an_export_of_the_demo(tmp_path):
    build_demo(size=300, seed=5)
    path = tmp_path / "bukitintan.xlsx"
    exporter.export_workbook(path)
    tables, label = importer.read_source(path)
    validated = importer.validate(tables, label)
    assert validated.report.errors == []
    assert validated.report.warnings == []
    report = importer.apply(validated)
    for sheet, counts in report.counts.items():
        assert (counts.new, counts.updated) == (0, 0), sheet


def test_the_demo_command_builds_exports_and_prints_the_accounts(tmp_path, settings):
    settings.OUTPUT_DIR = tmp_path / "output"
    out = io.StringIO()
    call_command("demo", size=300, seed=5, no_serve=True, stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    assert "perencana" in text and "kepala.dinkes" in text and DEMO_PASSWORD in text
    assert (tmp_path / "output" / "bukitintan.xlsx").exists()
    assert Employee.objects.count() == 300
    # the rest of the pipeline ran: needs analysis and an optimal plan that passes every rule
    assert (tmp_path / "output" / "kebutuhan_unit.xlsx").exists()
    assert (tmp_path / "output" / "rencana.xlsx").exists()
    # the evaluation's past cycle has its published plan; the demo cycle gets the new one
    past = Plan.objects.get(status=PlanStatus.PUBLISHED)
    assert past.cycle.effective_date is not None and past.moves.exists()
    assert "Evaluasi siklus lalu" in text
    plan = Plan.objects.exclude(pk=past.pk).get()
    assert plan.mechanism == "optimal"
    assert plan.status == PlanStatus.DRAFT
    assert plan.metrics["violations"] == 0


def test_the_demo_command_plans_with_the_mechanism_asked_for(tmp_path, settings):
    settings.OUTPUT_DIR = tmp_path / "output"
    call_command("demo", size=300, seed=5, no_serve=True, mechanism="fair", stdout=io.StringIO())
    plan = Plan.objects.exclude(status=PlanStatus.PUBLISHED).get()
    assert plan.mechanism == "fair"
    assert plan.metrics["violations"] == 0


def test_the_demo_command_refuses_a_size_outside_the_supported_range():
    with pytest.raises(CommandError, match="--size harus antara"):
        call_command("demo", size=60_001, no_serve=True, stdout=io.StringIO())
    assert not Employee.objects.exists()
