# ruff: noqa: E501  (expected messages are quoted whole)
"""The web import: a planner uploads, sees a preview, confirms; nothing changes before that."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from mutasi.core.models import AuditEntry
from mutasi.people.models import Employee, ImportStatus, ImportUpload
from mutasi.people.registry import SheetCounts, diff_rows
from tests.factories import make_approver, make_employee_user, make_planner, make_unit_head
from tests.people.test_import import base, import_ok, snapshot, write_xlsx

pytestmark = pytest.mark.django_db

INLINE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def inline_tasks(settings):
    settings.TASKS = INLINE


def _upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def post_upload(client, path: Path, capture):
    with capture(execute=True):  # the check is queued when the upload's transaction commits
        return client.post(reverse("people:import_list"), {"file": _upload(path)})


# --- the diff (pure) -------------------------------------------------------------------------


def test_the_diff_finds_new_changed_and_unchanged_rows_and_only_the_changed_fields():
    stored = {"A": (1, ("Ani", 70.0)), "B": (2, ("Budi", 60.0)), "C": (3, ("Citra", 0.1 + 0.2))}
    desired = [
        ("A", ("Ani", 70.0)),
        ("B", ("Budi S.", 60.0)),
        ("C", ("Citra", 0.3)),
        ("D", ("Dedi", 50.0)),
    ]
    diff = diff_rows(stored, ["name", "score"], desired)
    assert diff.new == [("D", ("Dedi", 50.0))]
    assert diff.changed == {("name",): [(2, ("Budi S.",))]}  # 0.1 + 0.2 is 0.3 within tolerance
    assert diff.unchanged == 2
    assert diff.counts == SheetCounts(new=1, updated=1, unchanged=2)
    assert stored["B"] == (2, ("Budi", 60.0))  # nothing written, nothing mutated


# --- roles -----------------------------------------------------------------------------------


@pytest.fixture
def roles(tmp_path):
    import_ok(write_xlsx(tmp_path / "base.xlsx", base()))
    budi = Employee.objects.get(nip="198501012010011001")
    return {
        "approver": make_approver(),
        "unit head": make_unit_head(budi.position.unit),
        "employee": make_employee_user(budi),
    }


@pytest.mark.parametrize("role", ["approver", "unit head", "employee"])
def test_only_planners_may_import(
    client, roles, role, tmp_path, inline_tasks, django_capture_on_commit_callbacks
):
    before = snapshot()
    planner_upload = ImportUpload.objects.create(
        original_name="x.xlsx", size=1, sha256="0" * 64, status=ImportStatus.READY
    )
    client.force_login(roles[role])
    assert client.get(reverse("people:import_list")).status_code == 403
    assert (
        post_upload(
            client, write_xlsx(tmp_path / "a.xlsx", base()), django_capture_on_commit_callbacks
        ).status_code
        == 403
    )
    assert client.get(reverse("people:import_detail", args=[planner_upload.pk])).status_code == 403
    assert client.get(reverse("people:import_issues", args=[planner_upload.pk])).status_code == 403
    assert (
        client.post(reverse("people:import_confirm", args=[planner_upload.pk])).status_code == 403
    )
    assert list(ImportUpload.objects.values_list("pk", "status")) == [(planner_upload.pk, "ready")]
    assert snapshot() == before


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(reverse("people:import_list"))
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_the_import_menu_item_is_shown_to_planners_only(client, roles):
    client.force_login(make_planner())
    assert reverse("people:import_list") in client.get(reverse("dashboard")).content.decode()
    client.force_login(roles["approver"])
    assert reverse("people:import_list") not in client.get(reverse("dashboard")).content.decode()


# --- the planner's journey (tasks inline) ------------------------------------------------------


def test_a_good_workbook_is_previewed_then_applied_only_on_confirm(
    client, tmp_path, inline_tasks, django_capture_on_commit_callbacks, settings
):
    planner = make_planner()
    client.force_login(planner)
    path = write_xlsx(tmp_path / "pegawai 2027.xlsx", base())

    response = post_upload(client, path, django_capture_on_commit_callbacks)

    upload = ImportUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "people:import_detail", args=[upload.pk]
    )
    assert upload.status == ImportStatus.READY
    assert upload.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert Path(upload.file.path).is_relative_to(Path(settings.MEDIA_ROOT))
    assert upload.counts["pegawai"] == {
        "new": 2,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "kept": 0,
    }
    assert (upload.errors, upload.warnings) == ([], [])
    assert Employee.objects.count() == 0  # the preview changed nothing
    assert not AuditEntry.objects.filter(action="import").exists()
    page = client.get(reverse("people:import_detail", args=[upload.pk])).content.decode()
    assert "Tidak ada kesalahan" in page and "Terapkan impor" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:import_confirm", args=[upload.pk]))

    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == ImportStatus.APPLIED and upload.applied_by == planner
    assert Employee.objects.count() == 2
    entry = AuditEntry.objects.get(action="import")
    assert entry.pk == upload.audit_entry_id and entry.actor == planner
    assert entry.after["sha256"] == upload.sha256 and entry.after["file"] == "pegawai 2027.xlsx"
    # confirming twice imports nothing twice
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:import_confirm", args=[upload.pk]))
    assert AuditEntry.objects.filter(action="import").count() == 1


def test_the_preview_counts_added_changed_unchanged_and_kept_rows(
    client, tmp_path, inline_tasks, django_capture_on_commit_callbacks
):
    import_ok(write_xlsx(tmp_path / "base.xlsx", base()))
    before = snapshot()
    sheets = base()
    sheets["pegawai"][0]["nama"] = "Budi Santoso, S.Kep."  # changed
    del sheets["pegawai"][1]  # Siti stays in the database: kept
    sheets["pegawai"].append(
        {"nip": "199203032021212003", "nama": "Rina", "tanggal_lahir": "1992-03-03", "jenis_kelamin": "P",
         "jenis_pegawai": "PPPK", "golongan": "IX", "pendidikan": "S1", "kode_jabatan": "J02", "tmt_jabatan": "2022-01-01"}
    )  # fmt: skip
    sheets["preferensi"] = [{"nip": "198501012010011001", "urutan": 1, "kode_jabatan": "J02"}]
    client.force_login(make_planner())

    post_upload(
        client, write_xlsx(tmp_path / "next.xlsx", sheets), django_capture_on_commit_callbacks
    )

    counts = ImportUpload.objects.get().counts
    assert counts["pegawai"] == {"new": 1, "updated": 1, "unchanged": 0, "removed": 0, "kept": 1}
    assert counts["unit_kerja"] == {"new": 0, "updated": 0, "unchanged": 2, "removed": 0, "kept": 0}
    # Budi's list of two becomes one: rank 1 stays the same, rank 2 is removed
    assert counts["preferensi"] == {"new": 0, "updated": 0, "unchanged": 1, "removed": 1, "kept": 0}
    after = snapshot()
    assert after.pop("audit") == [
        *before.pop("audit"),
        {"id": AuditEntry.objects.get(action="import_upload").pk},
    ]
    assert after == before  # the upload is logged, the workforce is untouched


def test_a_workbook_with_errors_shows_every_problem_and_cannot_be_applied(
    client, tmp_path, inline_tasks, django_capture_on_commit_callbacks
):
    sheets = base()
    sheets["pegawai"][0]["golongan"] = "V/z"
    sheets["pegawai"][1]["nilai_potensi"] = "-5"  # an error whose value starts like a formula
    sheets["jabatan"][0]["gol_min"] = "II/a"
    sheets["jabatan"][0]["gol_max"] = "II/b"  # Budi (III/a) outside the post's range: a warning
    sheets["pegawai"][0]["golongan"] = "III/a"
    sheets["pegawai"][1]["tanggal_lahir"] = "1990-02-03"  # disagrees with the NI PPPK: an error
    client.force_login(make_planner())

    post_upload(
        client, write_xlsx(tmp_path / "salah.xlsx", sheets), django_capture_on_commit_callbacks
    )

    upload = ImportUpload.objects.get()
    assert upload.status == ImportStatus.REJECTED
    assert upload.errors == [
        [
            "pegawai",
            3,
            "nip",
            "199002022021212002",
            "NIP menunjukkan tanggal lahir 1990-02-02, tidak sama dengan tanggal_lahir 1990-02-03",
        ],
        ["pegawai", 3, "nilai_potensi", "-5", "tidak boleh negatif"],
    ]
    assert upload.warnings == [
        [
            "pegawai",
            2,
            "golongan",
            "III/a",
            "golongan III/a di luar rentang jabatan J01 (II/a–II/b)",
        ]
    ]
    page = client.get(reverse("people:import_detail", args=[upload.pk])).content.decode()
    assert (
        "File ditolak: 2 kesalahan" in page and "tidak sama dengan tanggal_lahir 1990-02-03" in page
    )
    assert "Terapkan impor" not in page

    response = client.get(reverse("people:import_issues", args=[upload.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [
        "jenis",
        "sheet",
        "baris",
        "kolom",
        "nilai",
        "keterangan",
    ]
    assert [c.value for c in sheet[2]][:4] == ["kesalahan", "pegawai", 3, "nip"]
    value = sheet[3][4]
    assert (value.value, value.data_type) == ("-5", "s")  # text, never a formula
    assert [c.value for c in sheet[4]][:4] == ["peringatan", "pegawai", 2, "golongan"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:import_confirm", args=[upload.pk]))
    assert ImportUpload.objects.get().status == ImportStatus.REJECTED
    assert Employee.objects.count() == 0


def test_an_upload_above_the_size_limit_or_not_xlsx_is_refused_and_not_stored(
    client, tmp_path, inline_tasks, django_capture_on_commit_callbacks, settings
):
    client.force_login(make_planner())
    settings.MUTASI_IMPORT_MAX_MB = 0.001
    response = post_upload(
        client, write_xlsx(tmp_path / "besar.xlsx", base()), django_capture_on_commit_callbacks
    )
    assert response.status_code == 400
    assert "melebihi batas impor 0,001 MB" in response.content.decode()
    assert response.wsgi_request.upload_too_big > 1024  # reading stopped just past the limit
    settings.MUTASI_IMPORT_MAX_MB = 30
    csv_file = tmp_path / "pegawai.csv"
    csv_file.write_text("nip,nama\n")
    response = post_upload(client, csv_file, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "unggah workbook .xlsx" in response.content.decode()
    assert not ImportUpload.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "impor").exists()


def test_a_file_that_crashes_readers_is_a_rejected_upload_not_an_error_page(
    client, tmp_path, inline_tasks, django_capture_on_commit_callbacks
):
    path = write_xlsx(tmp_path / "far.xlsx", base())
    book = openpyxl.load_workbook(path)
    book["pegawai"]["XFD1048576"] = "x"
    book.save(path)
    client.force_login(make_planner())
    post_upload(client, path, django_capture_on_commit_callbacks)
    upload = ImportUpload.objects.get()
    assert upload.status == ImportStatus.REJECTED
    assert [e[4][:37] for e in upload.errors] == ["sheet pegawai berisi sel sampai kolom"] + [
        "sheet pegawai berisi sel sampai baris"
    ]
    assert client.get(reverse("people:import_detail", args=[upload.pk])).status_code == 200


# --- on the shipped task backend (the database queue and its worker) -------------------------


@pytest.mark.django_db(transaction=True)
def test_the_check_and_the_import_run_on_the_database_task_backend(client, tmp_path, settings):
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"  # as shipped
    from django_tasks_db.models import DBTaskResult

    client.force_login(make_planner())
    client.post(
        reverse("people:import_list"), {"file": _upload(write_xlsx(tmp_path / "a.xlsx", base()))}
    )
    upload = ImportUpload.objects.get()
    assert upload.status == ImportStatus.QUEUED  # waiting for a worker
    assert (
        "File sedang diperiksa"
        in client.get(reverse("people:import_detail", args=[upload.pk])).content.decode()
    )

    call_command(
        "db_worker", batch=True, interval=0, verbosity=0
    )  # the worker, until the queue is empty

    upload.refresh_from_db()
    assert upload.status == ImportStatus.READY and Employee.objects.count() == 0
    client.post(reverse("people:import_confirm", args=[upload.pk]))
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    upload.refresh_from_db()
    assert upload.status == ImportStatus.APPLIED
    assert Employee.objects.count() == 2
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_the_upload_form_keeps_its_csrf_protection(tmp_path, inline_tasks):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_planner())
    path = write_xlsx(tmp_path / "a.xlsx", base())
    response = client.post(reverse("people:import_list"), {"file": _upload(path)})
    assert response.status_code == 403
    assert not ImportUpload.objects.exists()


def test_an_upload_whose_worker_died_is_shown_failed_and_one_never_taken_says_why(client):
    import datetime

    from django.utils import timezone

    client.force_login(make_planner())
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    stuck = ImportUpload.objects.create(
        original_name="a.xlsx",
        size=1,
        sha256="0" * 64,
        status=ImportStatus.APPLYING,
        started_at=long_ago,
    )
    page = client.get(reverse("people:import_detail", args=[stuck.pk])).content.decode()
    stuck.refresh_from_db()
    assert stuck.status == ImportStatus.FAILED
    assert (
        "impor tidak selesai (proses latar belakang berhenti); tidak ada data yang berubah" in page
    )

    waiting = ImportUpload.objects.create(original_name="b.xlsx", size=1, sha256="1" * 64)
    ImportUpload.objects.filter(pk=waiting.pk).update(uploaded_at=long_ago)
    page = client.get(reverse("people:import_detail", args=[waiting.pk])).content.decode()
    assert "Pemeriksaan belum dimulai" in page
    assert ImportUpload.objects.get(pk=waiting.pk).status == ImportStatus.QUEUED


@pytest.fixture
def _back_to_indonesian(settings):
    """The English request leaves English active in this thread; later tests expect Indonesian."""
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_the_import_pages_read_in_english_when_switched(client, settings, _back_to_indonesian):
    client.force_login(make_planner())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("people:import_list")).content.decode()
    assert "Import data" in page and "Upload and check" in page
    assert "Limits: 30 MB and 250,000 data rows per sheet." in page
    upload = ImportUpload.objects.create(
        original_name="a.xlsx", size=1, sha256="0" * 64, status=ImportStatus.REJECTED,
        errors=[["pegawai", 2, "nip", "1", "NIP harus 18 digit angka"]],
    )  # fmt: skip
    page = client.get(reverse("people:import_detail", args=[upload.pk])).content.decode()
    assert "File rejected: 1 error(s)." in page and "Errors (1) and warnings (0)" in page
