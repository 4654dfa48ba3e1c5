"""The integration API with token authentication and the pages' roles: planners and approvers
read everything, a unit head their own units, an employee their own record, nobody else anything;
only planners import, and a workbook with a problem changes nothing."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mutasi.core.models import AuditEntry
from mutasi.people.models import Employee, Unit
from mutasi.plans.models import PlanStatus
from tests.people.test_import import base, write_xlsx
from tests.plans import conftest as plans_fixtures

_inline_tasks = plans_fixtures._inline_tasks
_fresh_problem_cache = plans_fixtures._fresh_problem_cache
region = plans_fixtures.region
people = plans_fixtures.people
stored_plan = plans_fixtures.stored_plan


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(row.get("code") or row.get("nip") for row in response.json()["results"])


def test_without_a_token_nothing_is_readable(db, region) -> None:  # type: ignore[no-untyped-def]
    for url in ("/api/unit/", "/api/pegawai/", "/api/kebutuhan/", "/api/rencana/"):
        assert api(None).get(url).status_code == 401, url
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    assert bad.get("/api/unit/").status_code == 401


def test_a_planner_reads_every_unit_post_and_employee(region, people) -> None:  # type: ignore[no-untyped-def]
    client = api(people["planner"])
    assert codes(client.get("/api/unit/")) == sorted(Unit.objects.values_list("code", flat=True))
    employees = client.get("/api/pegawai/").json()
    assert employees["count"] == Employee.objects.count() == 7
    needs = {row["code"]: row for row in client.get("/api/kebutuhan/").json()}
    # The clinic needs 3 nurses and has none; the office's nurse post has a formation of 0.
    assert needs["PKM-PRW"]["shortage"] == 3
    assert needs["DINAS-PRW"]["surplus"] == 1


def test_a_unit_head_reads_their_own_unit_only(region, people) -> None:  # type: ignore[no-untyped-def]
    client = api(people["clinic_head"])
    assert codes(client.get("/api/unit/")) == ["PKM"]
    assert codes(client.get("/api/jabatan/")) == ["PKM-KA", "PKM-PRW"]
    assert codes(client.get("/api/pegawai/")) == [region["clinic_head"].nip]
    assert sorted(client.get("/api/kebutuhan/").json(), key=lambda r: r["code"])[0]["code"] == (
        "PKM-KA"
    )
    assert client.get("/api/rencana/").status_code == 403


def test_an_employee_reads_only_their_own_record(region, people) -> None:  # type: ignore[no-untyped-def]
    client = api(people["employee"])
    assert codes(client.get("/api/pegawai/")) == [region["clerks"][1].nip]
    for url in ("/api/unit/", "/api/jabatan/", "/api/kebutuhan/", "/api/rencana/", "/api/impor/"):
        response = client.get(url) if url != "/api/impor/" else client.post(url)
        assert response.status_code == 403, url


def test_approved_plans_come_with_their_moves_and_drafts_do_not_show(stored_plan, people) -> None:  # type: ignore[no-untyped-def]
    client = api(people["approver"])
    assert client.get("/api/rencana/").json()["count"] == 0
    assert client.get(f"/api/rencana/{stored_plan.pk}/").status_code == 404
    stored_plan.status = PlanStatus.APPROVED
    stored_plan.save(update_fields=["status"])
    plan = client.get(f"/api/rencana/{stored_plan.pk}/").json()
    assert [(m["from_position"], m["to_position"]) for m in plan["moves"]] == [
        ("DINAS-PRW", "PKM-PRW")
    ]
    status = client.get(f"/api/rencana/{stored_plan.pk}/status/").json()
    assert status["status"] == "approved"


def test_a_planner_checks_then_imports_a_workbook(db, tmp_path: Path, people) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "data.xlsx", base())
    client = api(people["planner"])
    before = Employee.objects.count()
    with path.open("rb") as f:
        preview = client.post("/api/impor/", {"file": f}, format="multipart")
    assert preview.status_code == 200, preview.json()
    assert preview.json()["confirmed"] is False
    assert preview.json()["counts"]["pegawai"]["new"] > 0
    assert Employee.objects.count() == before  # nothing written by the check
    with path.open("rb") as f:
        done = client.post("/api/impor/", {"file": f, "confirm": "true"}, format="multipart")
    assert done.status_code == 200 and done.json()["confirmed"] is True
    assert Employee.objects.count() == before + preview.json()["counts"]["pegawai"]["new"]
    assert AuditEntry.objects.filter(action="import", actor=people["planner"]).count() == 1


def test_a_workbook_with_a_bad_row_is_refused_whole_with_where(db, tmp_path: Path, people) -> None:  # type: ignore[no-untyped-def]
    sheets = copy.deepcopy(base())
    sheets["pegawai"][0]["nip"] = "12345"
    path = write_xlsx(tmp_path / "bad.xlsx", sheets)
    client = api(people["planner"])
    with path.open("rb") as f:
        response = client.post("/api/impor/", {"file": f, "confirm": "true"}, format="multipart")
    assert response.status_code == 422
    located = {(e["sheet"], e["row"], e["column"]) for e in response.json()["errors"]}
    assert ("pegawai", 2, "nip") in located
    assert Employee.objects.count() == 7  # the region's, unchanged
    assert not AuditEntry.objects.filter(action="import").exists()


@pytest.mark.parametrize("who", ["approver", "clinic_head", "employee"])
def test_only_planners_import(db, tmp_path: Path, people, who) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "data.xlsx", base())
    with path.open("rb") as f:
        response = api(people[who]).post(
            "/api/impor/", {"file": f, "confirm": "true"}, format="multipart"
        )
    assert response.status_code == 403
    assert Employee.objects.count() == 7  # the region's, unchanged
