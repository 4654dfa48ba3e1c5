"""``mutasi backup`` then ``mutasi restore`` gives back identical data and documents; a file from a
newer schema, or not a backup at all, is refused and nothing changes."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from mutasi.core import backup
from mutasi.core.dataversion import bump_data_version, data_version
from mutasi.people.models import Employee
from mutasi.plans.models import Plan
from mutasi.plans.services import do_queue_plan, do_run_plan
from tests.factories import make_employee, make_planner, make_position, make_unit

from .conftest import run_mutasi

DUMP_ARGS = ["dumpdata", "--exclude", "contenttypes", "--exclude", "auth.permission"]
DUMP_ARGS += ["--exclude", "sessions", "--exclude", "admin.logentry", "--indent", "1"]
DUMP_ARGS += ["--format", "exactjson"]  # time stamps to the microsecond
# the data version is a cache key, moved past every earlier number by a restore (tested below)
DUMP_ARGS += ["--exclude", "core.dataversion"]


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.parent.name != "logs" and not p.name.startswith("mutasi.sqlite3")
    }


@pytest.mark.slow
def test_a_backup_restored_into_a_new_folder_gives_identical_data_and_documents(tmp_path):
    office = tmp_path / "office"
    built = run_mutasi(office, "demo", "--size", "100", "--no-serve")
    assert built.returncode == 0, built.stderr
    (office / "media" / "instansi").mkdir(parents=True)
    (office / "media" / "instansi" / "logo.png").write_bytes(b"\x89PNG fake logo")
    archive = tmp_path / "cadangan.zip"
    made = run_mutasi(office, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    assert "Ditulis:" in made.stdout

    elsewhere = tmp_path / "new" / "folder"
    restored = run_mutasi(elsewhere, "restore", str(archive), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "Dipulihkan" in restored.stdout

    before = run_mutasi(office, *DUMP_ARGS)
    after = run_mutasi(elsewhere, *DUMP_ARGS)
    assert before.returncode == after.returncode == 0
    assert len(json.loads(before.stdout)) > 1000
    assert after.stdout == before.stdout
    assert files_under(elsewhere) == files_under(office)
    assert files_under(office)["output/rencana.xlsx"]


def dump() -> str:
    out = io.StringIO()
    call_command(*DUMP_ARGS, stdout=out)
    return out.getvalue()


@pytest.fixture
def small_region(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.OUTPUT_DIR = tmp_path / "output"
    settings.MEDIA_ROOT = tmp_path / "media"
    unit = make_unit("DINAS", name="Dinas Umum")
    other = make_unit("PKM", name="Puskesmas")
    for n, target in enumerate([unit, other, unit, other]):
        make_employee(make_position(target, f"J{n}", formation=2))
    planner = make_planner()
    plan = do_run_plan(
        do_queue_plan(None, mechanism="optimal", acting_user=planner, enqueue=False),
        acting_user=planner,
    )
    settings.OUTPUT_DIR.mkdir(parents=True)
    (settings.OUTPUT_DIR / "sk").mkdir()
    (settings.OUTPUT_DIR / "sk" / "sk-1.pdf").write_bytes(b"%PDF-1.7 decree")
    return plan


@pytest.mark.django_db(transaction=True)
def test_the_round_trip_on_the_suite_database_gives_identical_data(
    small_region, settings, tmp_path
):
    """On whichever database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL)."""
    # A time stamp with less than a millisecond after the second (Django's plain JSON would
    # write it as .000 and give back a different time)
    stamp = datetime.datetime(2027, 1, 4, 8, 30, 15, 456, tzinfo=datetime.UTC)
    Plan.objects.update(created_at=stamp)
    original = dump()
    archive = tmp_path / "b.zip"
    backup.write_backup(archive)

    Employee.objects.filter(pk=Employee.objects.first().pk).update(name="Diubah")
    Plan.objects.all().update(name="Diubah juga")
    (settings.OUTPUT_DIR / "sk" / "sk-1.pdf").write_bytes(b"changed")
    (settings.OUTPUT_DIR / "extra.pdf").write_bytes(b"new file")
    assert dump() != original

    bump_data_version()
    changed_version = data_version()

    backup.restore_backup(archive)
    assert dump() == original
    assert set(Plan.objects.values_list("created_at", flat=True)) == {stamp}
    # nothing cached for the numbers before the restore is taken for the restored data
    assert data_version() > changed_version
    assert (settings.OUTPUT_DIR / "sk" / "sk-1.pdf").read_bytes() == b"%PDF-1.7 decree"
    assert not (settings.OUTPUT_DIR / "extra.pdf").exists()
    # The database goes on working: sequences continue after the restored rows.
    make_unit("BARU", name="Unit baru")


def rewrite_manifest(source: Path, target: Path, **changes: object) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            content = old.read(item)
            if item.filename == backup.MANIFEST:
                manifest = json.loads(content)
                for key, value in changes.items():
                    manifest[key] = value(manifest[key]) if callable(value) else value
                content = json.dumps(manifest).encode()
            new.writestr(item, content)


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_a_newer_schema_is_refused_and_nothing_changes(small_region, tmp_path):
    archive, newer = tmp_path / "b.zip", tmp_path / "newer.zip"
    backup.write_backup(archive)
    rewrite_manifest(
        archive,
        newer,
        migrations=lambda m: {**m, "plans": [*m["plans"], "0099_from_the_future"]},
        version="9.0",
    )
    original = dump()
    with pytest.raises(backup.BackupError, match="skema basis data yang lebih baru") as refused:
        backup.restore_backup(newer)
    assert "plans.0099_from_the_future" in str(refused.value)
    assert dump() == original


def test_restore_says_in_one_line_what_is_wrong_with_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bukan.zip"
    bogus.write_text("hello")
    result = run_mutasi(tmp_path / "data", "restore", str(bogus), "--yes")
    assert result.returncode == 1
    assert "bukan berkas cadangan Mutasi" in result.stderr
    assert "Traceback" not in result.stderr

    escaping = tmp_path / "jahat.zip"
    with zipfile.ZipFile(escaping, "w") as archive:
        archive.writestr(backup.MANIFEST, json.dumps({"format": 1, "migrations": {}}))
        archive.writestr(backup.DATA, "[]")
        archive.writestr("files/output/../../../etc/evil", "x")
    result = run_mutasi(tmp_path / "data", "restore", str(escaping), "--yes")
    assert result.returncode == 1
    assert "jalur yang tidak sah" in result.stderr
