"""Re-checking a stored plan reads the data as it is now: the cache follows the data version."""

from __future__ import annotations

import logging

import pytest
from openpyxl import load_workbook

from mutasi import planner
from mutasi.core.dataversion import data_version
from mutasi.core.errors import DataError
from mutasi.needs.services import do_override_formation
from mutasi.people.codes import golongan_rank
from mutasi.people.exporter import export_workbook
from mutasi.people.services import do_import_workbook
from mutasi.plans import recheck, services
from mutasi.plans.models import PlanStatus


@pytest.fixture
def plan(region, people):  # type: ignore[no-untyped-def]
    cycle = services.do_create_cycle(name="Siklus", policy={}, acting_user=people["planner"])
    plan = services.do_queue_plan(cycle, mechanism="optimal", acting_user=people["planner"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT, plan.error
    return plan


def _golongan_rank(plan, employee):  # type: ignore[no-untyped-def]
    data = recheck.problem_for_plan(plan)
    return data.problem.employee_by_id[str(employee.pk)].golongan_rank


def test_an_import_after_a_plan_invalidates_the_loaded_data(plan, region, people, tmp_path):
    nurse = region["nurse"]
    assert _golongan_rank(plan, nurse) == golongan_rank("III/a")  # loaded, now cached
    workbook = tmp_path / "data.xlsx"
    export_workbook(workbook)
    book = load_workbook(workbook)
    sheet = book["pegawai"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("nip")].value == nurse.nip:
            row[header.index("golongan")].value = "III/c"
    book.save(workbook)
    version = data_version()
    report = do_import_workbook(workbook, acting_user=people["planner"])
    assert report.ok, report.errors
    assert data_version() > version
    assert _golongan_rank(plan, nurse) == golongan_rank("III/c")  # read again, not cached


def test_a_formation_override_invalidates_the_loaded_data(plan, region, people):
    post = region["clinic_nurse"]
    assert recheck.problem_for_plan(plan).problem.position_by_id[str(post.pk)].formation == 3
    do_override_formation(post, 5, "Puskesmas rawat inap", acting_user=people["planner"])
    assert recheck.problem_for_plan(plan).problem.position_by_id[str(post.pk)].formation == 5


def test_a_failure_the_user_can_fix_is_shown_in_their_words(plan):
    policy_error = planner.PolicyError("Kebijakan 'candidate_arcs' harus minimal 1")
    assert "candidate_arcs" in services.failure_message(policy_error, plan)
    assert services.failure_message(DataError("kode IX/z tidak dikenal"), plan) == (
        "kode IX/z tidak dikenal"
    )


def test_a_bug_is_logged_with_its_traceback_and_the_user_gets_a_reference(plan, caplog):
    try:
        {}["missing"]
    except KeyError as exc:
        with caplog.at_level(logging.ERROR, logger="mutasi.plans.services"):
            message = services.failure_message(exc, plan)
    record = caplog.records[-1]
    assert record.exc_info is not None
    reference = record.getMessage().split("(")[1].rstrip(")")
    assert reference in message
    assert "KeyError" not in message and "missing" not in message


def test_a_run_on_data_with_an_unknown_code_fails_with_a_data_error(plan, region, people):
    from mutasi.people.models import Employee

    Employee.objects.filter(pk=region["nurse"].pk).update(golongan="IX/z")
    rerun = services.do_queue_plan(plan.cycle, mechanism="fair", acting_user=people["planner"])
    rerun.refresh_from_db()
    assert rerun.status == PlanStatus.FAILED
    assert "IX/z" in rerun.error and "tidak dikenal" in rerun.error
