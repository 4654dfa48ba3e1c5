"""Pages per role: status codes and stored rows; the exports open (xlsx and ics are parsed)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from mutasi.training import services
from mutasi.training.models import (
    Course,
    CoursePin,
    CourseSession,
    Enrolment,
    TrainingPlan,
    TrainingStatus,
)

from .conftest import days

pytestmark = pytest.mark.django_db


def _computed(region) -> TrainingPlan:  # type: ignore[no-untyped-def]
    tp = services.do_queue_training_plan(region["plan"], budget=Decimal(10**8), acting_user=None)
    return services.do_run_training_plan(tp, acting_user=None)


def test_hr_builds_a_training_plan_for_an_approved_plan(client, region, people):
    client.force_login(people["planner"])
    response = client.get(reverse("training:index"))
    assert response.status_code == 200
    assert "Rencana disetujui" in response.content.decode()
    response = client.post(
        reverse("training:create"),
        {"plan": region["plan"].pk, "budget": "4500000", "window_days": "90"},
    )
    tp = TrainingPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "training:detail", args=[tp.pk]
    )
    assert tp.status == TrainingStatus.DONE and tp.enrolments.count() == 2
    page = client.get(reverse("training:detail", args=[tp.pk])).content.decode()
    assert "Jaringan Komputer Dasar" in page
    assert "tidak ada diklat di katalog" in page  # Citra's archive gap, with its reason


def test_a_draft_plan_is_not_offered_and_a_forged_post_changes_nothing(client, region, people):
    region["plan"].status = "draft"
    region["plan"].save()
    client.force_login(people["planner"])
    response = client.post(
        reverse("training:create"),
        {"plan": region["plan"].pk, "budget": "4500000", "window_days": "90"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not TrainingPlan.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection
def test_the_training_plan_runs_on_the_shipped_database_task_backend(
    client, region, people, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(people["planner"])
    client.post(
        reverse("training:create"),
        {"plan": region["plan"].pk, "budget": "4500000", "window_days": "90"},
    )
    tp = TrainingPlan.objects.get()
    assert tp.status == TrainingStatus.QUEUED
    call_command("db_worker", batch=True, verbosity=0)
    tp.refresh_from_db()
    assert tp.status == TrainingStatus.DONE and tp.enrolments.count() == 2


def test_hr_pins_and_excludes_a_course_and_reruns(client, region, people):
    tp = _computed(region)
    client.force_login(people["planner"])
    url = reverse("training:pin", args=[tp.pk])
    client.post(url, {"nip": region["ani"].nip, "course": "NET", "kind": "exclude"})
    response = client.post(url, {"nip": "000", "course": "NET", "kind": "pin"})
    assert response.status_code == 302
    assert CoursePin.objects.count() == 1
    client.post(
        reverse("training:rerun", args=[tp.pk]), {"budget": "100000000", "window_days": "90"}
    )
    new = TrainingPlan.objects.latest("id")
    assert new.pk != tp.pk
    assert not new.enrolments.filter(employee=region["ani"], session__course__code="NET").exists()


def test_the_exports_open(client, region, people):
    tp = _computed(region)
    client.force_login(people["planner"])
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("training:xlsx", args=[tp.pk])).content)
    )
    rows = list(book["rencana_pelatihan"].iter_rows(values_only=True))
    assert rows[0] == (
        "nip",
        "nama",
        "kode_diklat",
        "nama_diklat",
        "kode_sesi",
        "tanggal_mulai",
        "jp",
        "biaya",
        "gap_ditutup",
    )
    assert {(r[0], r[2]) for r in rows[1:]} == {
        (region["ani"].nip, "NET"),
        (region["ani"].nip, "SEC"),
        (region["budi"].nip, "ASK"),
    }
    assert [r[1] for r in book["tidak_terdanai"].iter_rows(values_only=True)][1:] == ["arsip"]
    cal = Calendar.from_ical(client.get(reverse("training:ics", args=[tp.pk])).content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {
        "NET Jaringan Komputer Dasar",
        "SEC Keamanan Informasi",
        "ASK Asuhan Keperawatan Lanjut",
    }
    net = events["NET Jaringan Komputer Dasar"]
    assert net.decoded("dtstart") == days(10) and net.decoded("dtend") == days(13)
    session = region["sessions"]["ASK-1"]
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("training:participants", args=[session.pk])).content)
    ).active
    assert [r[0] for r in sheet.iter_rows(values_only=True)] == ["nip", region["budi"].nip]


def test_hr_records_attendance_on_the_session_page(client, region, people):
    tp = _computed(region)
    enrolment = tp.enrolments.get(employee=region["budi"])
    client.force_login(people["planner"])
    assert client.get(reverse("training:session", args=[enrolment.session_id])).status_code == 200
    client.post(
        reverse("training:attendance", args=[enrolment.pk]),
        {"attendance": "attended", "completed_on": days(16).isoformat(), "certificate": "S-9"},
    )
    enrolment.refresh_from_db()
    assert (enrolment.completed_on, enrolment.certificate) == (days(16), "S-9")
    # a completion before the session started is refused, nothing changes
    client.post(
        reverse("training:attendance", args=[enrolment.pk]),
        {"attendance": "attended", "completed_on": days(1).isoformat(), "certificate": "X"},
    )
    enrolment.refresh_from_db()
    assert enrolment.certificate == "S-9"


def test_the_catalogue_forms_save_a_good_row_and_name_a_bad_one(client, region, people):
    client.force_login(people["planner"])
    url = reverse("training:catalog")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "form": "session",
            "sesi-kode_sesi": "NET-9",
            "sesi-kode_diklat": "NET",
            "sesi-tanggal_mulai": days(40).isoformat(),
            "sesi-tanggal_selesai": days(39).isoformat(),
            "sesi-kursi": "10",
        },
    )
    assert response.status_code == 200
    assert "sesi berakhir sebelum dimulai" in response.content.decode()
    assert not CourseSession.objects.filter(code="NET-9").exists()
    response = client.post(
        url,
        {
            "form": "course",
            "diklat-kode_diklat": "ARS",
            "diklat-nama_diklat": "Kearsipan",
            "diklat-kompetensi": "arsip:3",
            "diklat-jp": "8",
            "diklat-biaya": "500000",
            "diklat-moda": "e-learning",
        },
    )
    assert response.status_code == 302
    assert Course.objects.get(code="ARS").raises == {"arsip": 3}


def test_the_competency_page_records_an_assessment(client, region, people):
    client.force_login(people["planner"])
    url = reverse("training:competencies")
    response = client.post(
        url,
        {
            "form": "assessment",
            "nilai-nip": region["ani"].nip,
            "nilai-kompetensi": "jaringan komputer",
            "nilai-level": "7",
            "nilai-tanggal": days(-1).isoformat(),
        },
    )
    assert "level harus 1–5" in response.content.decode()
    response = client.post(
        url,
        {
            "form": "assessment",
            "nilai-nip": region["ani"].nip,
            "nilai-kompetensi": "jaringan komputer",
            "nilai-level": "2",
            "nilai-tanggal": days(-1).isoformat(),
        },
    )
    assert response.status_code == 302


def test_a_unit_head_sees_their_unit_only(client, region, people):
    _computed(region)
    client.force_login(people["clinic_head"])
    assert client.get(reverse("training:index")).status_code == 302
    page = client.get(reverse("training:unit")).content.decode()
    assert region["budi"].name in page and region["ani"].name not in page
    assert client.get(reverse("training:catalog")).status_code == 403
    tp = TrainingPlan.objects.get()
    assert client.get(reverse("training:detail", args=[tp.pk])).status_code == 403
    jp = client.get(reverse("training:jp")).content.decode()
    assert region["budi"].nip in jp and region["ani"].nip not in jp


def test_an_employee_sees_their_own_plan_and_unknown_levels(client, region, people):
    _computed(region)
    client.force_login(people["ani"])
    assert client.get(reverse("training:index"))["Location"] == reverse("training:mine")
    page = client.get(reverse("training:mine")).content.decode()
    assert "Jaringan Komputer Dasar" in page and "belum dinilai" in page
    assert "Asuhan Keperawatan Lanjut" not in page  # Budi's
    assert client.get(reverse("training:catalog")).status_code == 403
    assert client.get(reverse("training:jp")).status_code == 403


def test_an_approver_and_anonymous_users_are_kept_out(client, region, people):
    client.force_login(people["approver"])
    assert client.get(reverse("training:index")).status_code == 403
    client.logout()
    assert client.get(reverse("training:index")).status_code == 302


def test_a_completion_upload_with_errors_changes_nothing(client, region, people):
    _computed(region)
    client.force_login(people["planner"])
    upload = io.BytesIO(
        f"nip,kode_sesi,tanggal_selesai\n{region['budi'].nip},NOPE,{days(20)}\n".encode()
    )
    upload.name = "lms.csv"
    response = client.post(reverse("training:completions"), {"file": upload}, follow=True)
    assert "kode sesi tidak ada" in response.content.decode()
    assert not Enrolment.objects.filter(completed_on__isnull=False).exists()
    junk = io.BytesIO(b"\xff\xfe\x00garbage")
    junk.name = "lms.csv"
    response = client.post(reverse("training:completions"), {"file": junk}, follow=True)
    assert response.status_code == 200 and "UTF-8" in response.content.decode()


def test_the_pages_switch_to_english(client, region, people):
    client.force_login(people["planner"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/pelatihan/"})
    page = client.get(reverse("training:index")).content.decode()
    assert "Build a training plan" in page and "Susun rencana pelatihan" not in page


def test_the_list_pages_take_a_fixed_number_of_queries(
    client, region, people, django_assert_max_num_queries
):
    tp = _computed(region)
    client.force_login(people["planner"])
    for url in (
        reverse("training:detail", args=[tp.pk]),
        reverse("training:catalog"),
        reverse("training:competencies"),
        reverse("training:jp"),
    ):
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200
