"""The office's settings (mutasi setup and the first-run page) and HR's users-and-roles page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from mutasi.core.models import AuditEntry, Instance, Role
from tests.factories import make_approver, make_planner, make_unit
from tests.runtime.conftest import query, run_mutasi

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _fast(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    Instance.forget_cached()
    yield
    Instance.forget_cached()


def office_values() -> dict[str, str]:
    return {
        "region_name": "Kota Sungai Jernih",
        "province_name": "Provinsi Kalimantan Raya",
        "head_title": "Wali Kota",
        "head_name": "Budi Santoso",
        "office_name": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "office_head_name": "Siti Aminah",
        "office_head_nip": "197205141998032004",
        "decree_place": "Sungai Jernih",
        "letterhead": "Jalan Merdeka 1\nTelepon 0511",
    }


def test_a_superuser_on_first_run_is_sent_to_the_office_page_and_records_it(client):
    admin = get_user_model().objects.create_superuser("admin", password="x" * 12)
    client.force_login(admin)
    first = client.get("/", follow=True)
    assert first.redirect_chain[-1][0] == "/pengaturan/instansi/"
    assert 'id="first-run"' in first.content.decode()

    response = client.post(
        "/pengaturan/instansi/", {**office_values(), "logo_file": _upload("logo.png", PNG)}
    )
    assert response.status_code == 302
    instance = Instance.objects.get()
    assert instance.head_full_title == "Wali Kota Sungai Jernih"
    assert instance.logo.name.endswith(".png")
    entry = AuditEntry.objects.get(action="instance.update")
    assert entry.actor == admin and entry.after["region_name"] == "Kota Sungai Jernih"

    page = client.get("/").content.decode()
    assert "BKPSDM Kota Sungai Jernih" in page  # the header names the office
    assert "Pemerintah Kota Sungai Jernih" in page


def _upload(name: str, content: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_a_bad_nip_or_a_logo_that_is_not_an_image_changes_nothing(client):
    client.force_login(make_planner())
    bad_nip = client.post("/pengaturan/instansi/", {**office_values(), "office_head_nip": "123"})
    assert bad_nip.status_code == 200
    assert "NIP kepala BKPSDM “123” tidak sah" in bad_nip.content.decode()
    not_image = client.post(
        "/pengaturan/instansi/",
        {**office_values(), "logo_file": _upload("logo.png", b"<script>")},
    )
    assert "PNG atau JPEG" in not_image.content.decode()
    assert not Instance.objects.exists()
    assert not AuditEntry.objects.filter(action="instance.update").exists()


def test_only_hr_reaches_the_office_and_users_pages(client):
    client.force_login(make_approver())
    assert client.get("/pengaturan/instansi/").status_code == 403
    assert client.get("/pengaturan/pengguna/").status_code == 403
    assert client.post("/pengaturan/pengguna/", {"username": "x"}).status_code == 403
    assert get_user_model().objects.count() == 1


def test_hr_adds_a_unit_head_then_makes_them_an_approver_and_deactivates_them(client):
    planner = make_planner()
    unit = make_unit("DINKES", name="Dinas Kesehatan")
    client.force_login(planner)
    missing_unit = client.post(
        "/pengaturan/pengguna/",
        {
            "username": "kepala.dinkes",
            "full_name": "Dr. Rina",
            "role": "unit_head",
            "password": "sandi-yang-panjang-1",
        },
    )
    assert "memerlukan unit" in missing_unit.content.decode()
    assert not get_user_model().objects.filter(username="kepala.dinkes").exists()

    created = client.post(
        "/pengaturan/pengguna/",
        {
            "username": "kepala.dinkes",
            "full_name": "Dr. Rina Wati",
            "role": "unit_head",
            "unit": unit.pk,
            "password": "sandi-yang-panjang-1",
        },
    )
    assert created.status_code == 302
    user = get_user_model().objects.get(username="kepala.dinkes")
    assert (user.profile.role, user.profile.unit, user.first_name) == (Role.UNIT_HEAD, unit, "Dr.")
    assert user.check_password("sandi-yang-panjang-1")
    assert "kepala.dinkes" in client.get("/pengaturan/pengguna/").content.decode()

    changed = client.post(f"/pengaturan/pengguna/{user.pk}/", {"role": "approver", "active": ""})
    assert changed.status_code == 302
    user.refresh_from_db()
    assert (user.profile.role, user.profile.unit, user.is_active) == (Role.APPROVER, None, False)
    actions = list(AuditEntry.objects.filter(object_id=str(user.pk)).values_list("action", "actor"))
    assert sorted(actions) == [("user.create", planner.pk), ("user.update", planner.pk)]


def test_hr_cannot_lock_themselves_out(client):
    planner = make_planner()
    client.force_login(planner)
    response = client.post(f"/pengaturan/pengguna/{planner.pk}/", {"role": "approver"})
    assert "akun Anda sendiri" in response.content.decode()
    planner.refresh_from_db()
    assert planner.profile.role == Role.PLANNER and planner.is_active


@pytest.mark.slow
def test_mutasi_setup_records_the_office_from_options_and_refuses_bad_input(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    data = tmp_path / "data"
    ok = run_mutasi(
        data,
        "setup",
        "--no-input",
        "--region",
        "Kabupaten Bukitintan",
        "--head-title",
        "Bupati",
        "--head-name",
        "H. Rahmat",
        "--letterhead",
        "Jalan A 1|Telp 2",
        "--logo",
        str(logo),
    )
    assert ok.returncode == 0, ok.stderr
    assert "Instansi tersimpan" in ok.stdout
    row = query(
        data, "SELECT region_name, head_title, head_name, letterhead, logo FROM core_instance"
    )
    assert row == [
        ("Kabupaten Bukitintan", "Bupati", "H. Rahmat", "Jalan A 1\nTelp 2", "instansi/logo.png")
    ]
    assert (data / "media" / "instansi" / "logo.png").read_bytes() == PNG

    bad = run_mutasi(data, "setup", "--no-input", "--head-title", "Raja")
    assert bad.returncode == 1
    assert "Sebutan kepala daerah harus salah satu dari: Bupati, Wali Kota, Gubernur" in bad.stderr
    assert query(data, "SELECT head_title FROM core_instance") == [("Bupati",)]
