"""The office settings, the users-and-roles pages and the backup's messages read Indonesian by
default and English when the user switches: labels, tabs, the menu, what a save or a refusal
says."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from mutasi.core import backup

# the office tests' autouse fixture (fast hashing, own media folder, no cached instance)
from tests.core.test_instance import _fast, office_values  # noqa: F401
from tests.factories import make_approver, make_planner

pytestmark = pytest.mark.django_db

# Indonesian that an English settings page must not show (labels, tabs, the menu, buttons).
INDONESIAN = [
    "Pengaturan instansi",
    "Pengguna dan peran",
    "Nama pengguna",
    "Nama lengkap",
    "Kata sandi awal",
    "Tambah pengguna",
    "Nama provinsi",
    "NIP kepala BKPSDM",
    "Tempat penetapan SK",
    "nonaktif",
    ">Peran<",
    ">Instansi<",
    ">Pengaturan<",
]


def _pages(client, user_id: int) -> str:  # type: ignore[no-untyped-def]
    return "".join(
        client.get(url).content.decode()
        for url in (
            "/pengaturan/instansi/",
            "/pengaturan/pengguna/",
            f"/pengaturan/pengguna/{user_id}/",
        )
    )


def test_the_settings_pages_read_indonesian_then_english_when_switched(client):
    planner = make_planner()
    approver = make_approver()
    approver.is_active = False
    approver.save(update_fields=["is_active"])
    client.force_login(planner)
    indonesian = _pages(client, approver.pk)
    for text in INDONESIAN:
        assert text in indonesian, text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _pages(client, approver.pk)
    for text in (
        "Office settings",
        "Users and roles",
        "User name",
        "Full name",
        "Initial password",
        "Add a user",
        "Province&#x27;s name",
        "BKPSDM head&#x27;s NIP",
        "Place where decrees are signed",
        "inactive",
        ">Settings<",
    ):
        assert text in english, text
    assert [text for text in INDONESIAN if text in english] == []


def test_what_a_save_or_a_refusal_says_follows_the_language(client):
    client.force_login(make_planner())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    saved = client.post("/pengaturan/instansi/", office_values(), follow=True)
    assert "Office settings saved." in saved.content.decode()
    taken = client.post(
        "/pengaturan/pengguna/",
        {
            "username": "perencana",  # the planner's own
            "full_name": "Orang Lain",
            "role": "approver",
            "password": "sandi-yang-panjang-1",
        },
    )
    assert "The user name “perencana” is already taken." in taken.content.decode()
    assert get_user_model().objects.count() == 1


def test_a_missing_backup_file_is_said_in_the_active_language(tmp_path: Path):
    missing = tmp_path / "cadangan.zip"
    with translation.override("id"), pytest.raises(backup.BackupError) as indonesian:
        backup.read_manifest(missing)
    with translation.override("en"), pytest.raises(backup.BackupError) as english:
        backup.read_manifest(missing)
    assert str(indonesian.value) == f"Berkas cadangan {missing} tidak ada."
    assert str(english.value) == f"The backup file {missing} does not exist."
