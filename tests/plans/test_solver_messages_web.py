"""What the solver says to the user reads Indonesian by default and English when switched: a pin
it refused on the plan page, why a re-run differs from its reference, and a run out of time on the
plan page, its status poll and the API."""

from __future__ import annotations

import datetime
import json

import pytest
from django.conf import settings
from django.utils import timezone, translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mutasi.planner import Policy, SolveError, solve
from mutasi.planner.messages import Message
from mutasi.plans import adapter, services
from mutasi.plans.models import PinKind, PlanStatus
from mutasi.plans.policy_form import POLICY_TEXT
from tests.planner.test_check import _problem

pytestmark = pytest.mark.django_db


def _english(client) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_a_pin_of_someone_too_new_in_post_reads_english_on_the_plan_page(
    client, stored_plan, people, region
):
    clerk = region["clerks"][0]
    clerk.position_start = timezone.localdate() - datetime.timedelta(days=200)
    clerk.save(update_fields=["position_start"])
    services.do_pin(
        stored_plan.cycle,
        clerk,
        kind=PinKind.GOTO,
        position=region["archive"],  # room, same family: only the years in post stop it
        acting_user=people["planner"],
    )
    plan = services.do_queue_plan(
        stored_plan.cycle, mechanism="optimal", acting_user=people["planner"]
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT, plan.error
    client.force_login(people["planner"])
    page = client.get(f"/rencana/{plan.pk}/").content.decode()
    assert (
        "Penguncian ke jabatan DINAS-ARS tidak dapat dipenuhi: belum 2 tahun di jabatan "
        "(PP 11/2017 Pasal 190)." in page
    )
    _english(client)
    page = client.get(f"/rencana/{plan.pk}/").content.decode()
    assert (
        "The pin to post DINAS-ARS cannot be honoured: not yet 2 years in the post "
        "(PP 11/2017 Article 190)." in page
    )
    assert "Penguncian" not in page


def test_why_a_rerun_differs_is_described_in_the_active_language():
    again = solve(_problem(), Policy(), reference={"E2": "P3", "E3": "gone"})
    rows = json.loads(json.dumps(adapter.change_rows(again)))  # as Plan.metrics keeps them
    by_employee = {row["employee_id"]: row for row in rows}
    with translation.override("id"):
        assert adapter.describe_change(by_employee["E3"]) == (
            "Data berubah sejak rencana semula: Jabatan gone pada rencana acuan tidak ada lagi "
            "dalam data."
        )
        assert adapter.describe_change(by_employee["E2"]).endswith(
            "Tidak lagi memenuhi syarat jabatan J3: jurusan '' tidak termasuk yang diterima."
        )
    with translation.override("en"):
        assert adapter.describe_change(by_employee["E3"]) == (
            "The data changed since the earlier plan: Post gone of the reference plan is no "
            "longer in the data."
        )
        assert "No longer meets the requirements of post J3: " in adapter.describe_change(
            by_employee["E2"]
        )
        # a row stored before the messages had keys keeps its text
        old = {"cause": "knock_on", "message": "tergeser"}
        assert adapter.describe_change(old).endswith(": tergeser")


@pytest.fixture
def timed_out_plan(monkeypatch, stored_plan, people):  # type: ignore[no-untyped-def]
    def out_of_time(problem, policy, **kwargs):  # type: ignore[no-untyped-def]
        raise SolveError(Message("time_limit", seconds=300.0, status="Time limit reached"))

    monkeypatch.setattr("mutasi.planner.engine.solve", out_of_time)
    plan = services.do_queue_plan(
        stored_plan.cycle, mechanism="optimal", acting_user=people["planner"]
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FAILED
    return plan


def test_a_run_out_of_time_names_the_setting_by_its_label_in_each_language(
    client, timed_out_plan, people
):
    label = POLICY_TEXT["time_limit_seconds"][0]
    client.force_login(people["planner"])
    url = f"/rencana/{timed_out_plan.pk}/"
    page = client.get(url).content.decode()
    with translation.override("id"):
        assert f"Naikkan “{label}”" in page
    assert "Perencanaan tidak selesai dalam batas waktu 300 detik." in page
    polled = client.get(f"{url}status/").json()["error"]
    assert polled.startswith("Perencanaan tidak selesai")
    _english(client)
    page = client.get(url).content.decode()
    with translation.override("en"):
        assert f"Raise “{label}”" in page
    assert "Planning did not finish within the time limit of 300 seconds." in page
    assert "Perencanaan tidak selesai" not in page
    assert client.get(f"{url}status/").json()["error"] == (
        "Planning did not finish within the time limit of 300 seconds. Raise “Computation time "
        "limit (seconds)” in the advanced settings of the cycle's policy, then compute again."
    )
    for text in (page, polled, timed_out_plan.error):
        assert "time_limit_seconds" not in text and "Time limit reached" not in text


def test_the_api_says_a_failed_runs_error_in_the_chosen_language(timed_out_plan, people):
    client = APIClient()
    token = Token.objects.create(user=people["planner"]).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    url = f"/api/rencana/{timed_out_plan.pk}/status/"
    assert client.get(url).json()["error"].startswith("Perencanaan tidak selesai")
    _english(client)  # the language the user chose, as on the pages
    english = client.get(url).json()["error"]
    assert english.startswith("Planning did not finish within the time limit of 300 seconds.")


def test_a_later_failure_of_another_kind_is_not_shown_as_the_earlier_time_out(
    timed_out_plan, monkeypatch, people
):
    def broken(problem, policy, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("a bug")

    monkeypatch.setattr("mutasi.planner.engine.solve", broken)
    plan = services.do_run_plan(timed_out_plan, acting_user=people["planner"])
    assert plan.status == PlanStatus.FAILED
    assert "rujukan rencana-" in plan.error
    with translation.override("en"):
        assert services.error_text(plan.error, plan.metrics) == plan.error


def test_the_api_gives_a_moves_reason_in_the_chosen_language(stored_plan, people):
    move = stored_plan.moves.get()
    move.terms = {**move.terms, "reason_parts": [["preference", {"rank": 1}]]}
    move.save(update_fields=["terms"])
    stored_plan.status = PlanStatus.APPROVED
    stored_plan.save(update_fields=["status"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=people['approver'])}")
    url = f"/api/rencana/{stored_plan.pk}/"
    assert [m["reason"] for m in client.get(url).json()["moves"]] == ["Pilihan ke-1 pegawai."]
    _english(client)
    assert [m["reason"] for m in client.get(url).json()["moves"]] == [
        "The employee's choice no. 1."
    ]
