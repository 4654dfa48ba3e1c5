"""Personal data (UU 27/2022): keeping times applied by `mutasi retention` and audited, an
employee's download of everything held about them, and removing a person while the audit chain
stays whole."""

from __future__ import annotations

import datetime
import io
import json

import openpyxl
import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mutasi.core.audit import record_audit
from mutasi.core.models import AuditEntry
from mutasi.core.privacy import RETENTION, do_apply_retention
from mutasi.evaluation.models import PublicResponse
from mutasi.participation.models import Aspiration, ConsultationRequest, Preference
from mutasi.people.models import Employee
from mutasi.people.privacy import do_forget_employee
from tests.factories import make_employee, make_employee_user, make_planner
from tests.participation.conftest import build_world

NOW = timezone.now()


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    return build_world()


def aspiration(world, days_old: int, **fields):  # type: ignore[no-untyped-def]
    row = Aspiration.objects.create(employee=world.ani, cycle=world.cycle, **fields)
    Aspiration.objects.filter(pk=row.pk).update(updated_at=NOW - datetime.timedelta(days=days_old))
    return row


def test_every_kind_the_issue_names_has_a_keeping_time(db) -> None:  # type: ignore[no-untyped-def]
    assert {
        "login_records", "sessions", "aspirations", "circumstances", "survey_comments"
    } <= set(RETENTION)  # fmt: skip


def skm_answer(unit, days_old: int, comment: str) -> PublicResponse:  # type: ignore[no-untyped-def]
    row = PublicResponse.objects.create(
        unit=unit, period="2024-S1", source="online", comment=comment,
        **{f"u{i}": 3 for i in range(1, 10)},
    )  # fmt: skip
    PublicResponse.objects.filter(pk=row.pk).update(
        submitted_at=NOW - datetime.timedelta(days=days_old)
    )
    return row


def test_retention_empties_old_survey_comments_and_keeps_their_scores(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MUTASI_RETENTION_DAYS = {"survey_comments": 365}
    old = skm_answer(world.unit_a, 400, "Petugas Pak Joko lambat melayani")
    recent = skm_answer(world.unit_a, 100, "Ruang tunggu panas")
    silent = skm_answer(world.unit_a, 900, "")
    dry = {r.key: r.rows for r in do_apply_retention(dry_run=True, now=NOW)}
    assert dry["survey_comments"] == 1
    call_command("retention", stdout=io.StringIO())
    old.refresh_from_db()
    assert old.comment == "" and old.answers == (3,) * 9  # the IKM of the period stays
    recent.refresh_from_db()
    assert recent.comment == "Ruang tunggu panas"
    assert PublicResponse.objects.filter(pk=silent.pk).exists()
    entry = AuditEntry.objects.get(action="retention.survey_comments")
    assert entry.after["rows"] == 1 and entry.after["days"] == 365
    assert "Joko" not in json.dumps(entry.after)


def test_retention_empties_old_circumstances_and_keeps_recent_ones(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MUTASI_RETENTION_DAYS = {"circumstances": 365, "aspirations": 730}
    old = aspiration(
        world, 400, personal_circumstances="Merawat orang tua", career_aspiration="Auditor"
    )
    Aspiration.objects.create(
        employee=world.budi, cycle=world.cycle, personal_circumstances="Anak sakit"
    )
    results = {r.key: r.rows for r in do_apply_retention(acting_user=make_planner(), now=NOW)}
    assert results["circumstances"] == 1
    assert results["aspirations"] == 0  # 400 days is within the 730 for aspirations
    old.refresh_from_db()
    assert old.personal_circumstances == "" and old.career_aspiration == "Auditor"
    assert Aspiration.objects.get(employee=world.budi).personal_circumstances == "Anak sakit"
    entry = AuditEntry.objects.get(action="retention.circumstances")
    assert entry.after["rows"] == 1 and entry.after["days"] == 365
    assert "Merawat" not in json.dumps(entry.after)


def test_retention_deletes_old_login_records_and_expired_sessions(db) -> None:  # type: ignore[no-untyped-def]
    attempt = AccessAttempt.objects.create(
        username="x", ip_address="203.0.113.1", user_agent="", http_accept="", path_info="/",
        get_data="", post_data="", failures_since_start=1,
    )  # fmt: skip
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=NOW - datetime.timedelta(days=400)
    )
    Session.objects.create(
        session_key="a" * 32, session_data="", expire_date=NOW - datetime.timedelta(days=3)
    )
    Session.objects.create(
        session_key="b" * 32, session_data="", expire_date=NOW + datetime.timedelta(hours=3)
    )
    dry = {r.key: r.rows for r in do_apply_retention(dry_run=True, now=NOW)}
    assert dry["login_records"] == 1 and dry["sessions"] == 1
    assert AccessAttempt.objects.count() == 1  # a dry run changes nothing
    call_command("retention", stdout=io.StringIO())
    assert not AccessAttempt.objects.exists()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
    assert AuditEntry.objects.filter(action="retention.sessions").exists()


def test_an_employee_downloads_everything_held_about_them(client, world) -> None:  # type: ignore[no-untyped-def]
    user = make_employee_user(world.ani)
    Preference.objects.create(employee=world.ani, rank=1, position=world.post_1)
    aspiration(world, 1, career_aspiration="Menjadi auditor", personal_circumstances="Rahasia Ani")
    Aspiration.objects.create(employee=world.budi, cycle=world.cycle, career_aspiration="Budi")
    client.force_login(user)
    response = client.get(reverse("people:my_data"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["pegawai"][0]["nip"] == world.ani.nip
    assert data["preferensi"] == [
        {"rank": 1, "position": world.post_1.code, "position_name": world.post_1.name}
    ]
    assert data["aspirasi"][0]["career_aspiration"] == "Menjadi auditor"
    # Circumstances are never shown back (only HR planners read them): the download says they
    # are held, not what they say.
    assert data["aspirasi"][0]["personal_circumstances_held"] is True
    assert "Rahasia Ani" not in response.content.decode()
    assert "Budi" not in response.content.decode()  # nobody else's data
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("people:my_data") + "?format=xlsx").content)
    )
    assert {"akun", "pegawai", "preferensi", "aspirasi", "konsultasi"} <= set(book.sheetnames)
    assert book["pegawai"]["A2"].value == world.ani.nip


def test_removing_a_person_scrubs_the_audit_snapshots_but_keeps_the_chain(world) -> None:  # type: ignore[no-untyped-def]
    planner = make_planner()
    user = make_employee_user(world.ani)
    nip, name = world.ani.nip, world.ani.name
    ConsultationRequest.objects.create(employee=world.ani, topic="Karier", preferred_time="Senin")
    record_audit(
        "employee.update", acting_user=planner, obj=world.ani,
        summary=f"Data {name} ({nip}) diubah",
        before={"name": name, "golongan": "III/a"}, after={"name": name, "golongan": "III/b"},
    )  # fmt: skip
    record_audit(
        "plan.edit_move", acting_user=planner, summary=f"Mutasi {nip} ke X",
        after={"employee": nip, "to": "X"},
    )  # fmt: skip
    other = make_employee(world.own_post, name="Citra Lain")
    record_audit("employee.update", acting_user=planner, obj=other, summary="Data Citra Lain")
    entries_before = AuditEntry.objects.count()

    scrubbed = do_forget_employee(world.ani, acting_user=planner)

    assert scrubbed == 2
    assert AuditEntry.objects.count() == entries_before + 1  # nothing deleted, one entry added
    everything = json.dumps(list(AuditEntry.objects.values("summary", "before", "after")))
    assert nip not in everything and name not in everything
    update = AuditEntry.objects.get(action="employee.update", object_id=str(world.ani.pk))
    assert update.actor == planner and update.before["golongan"] == "III/a"
    assert AuditEntry.objects.get(object_id=str(other.pk)).summary == "Data Citra Lain"
    employee = Employee.objects.get(pk=world.ani.pk)
    assert employee.nip != nip and employee.name == "[dihapus]"
    assert not ConsultationRequest.objects.filter(employee=employee).exists()
    user.refresh_from_db()
    assert not user.is_active and user.username != nip
    assert not User.objects.filter(username=nip).exists()
