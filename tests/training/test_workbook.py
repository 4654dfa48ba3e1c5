"""The training sheets in the one import workbook (``mutasi import``), through the registry."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pytest

from mutasi.people.exporter import export_workbook
from mutasi.people.services import do_import_workbook
from mutasi.training.models import Assessment, CompetencyProfile, Course, CourseSession
from tests.people.test_import import base, snapshot, write_xlsx

pytestmark = pytest.mark.django_db
NEXT_YEAR = datetime.date.today().year + 1


def _training(sheets: dict[str, list[dict[str, object]]]) -> dict[str, list[dict[str, object]]]:
    nip = sheets["pegawai"][0]["nip"]
    sheets["kompetensi"] = [
        {"nama": "Jaringan Komputer", "jenis": "teknis", "deskripsi": "jaringan"}
    ]
    sheets["penilaian_kompetensi"] = [
        {
            "nip": nip,
            "kompetensi": "jaringan komputer",
            "level": 2,
            "tanggal": datetime.date(2026, 1, 5),
        }
    ]
    sheets["katalog_diklat"] = [
        {
            "kode_diklat": "NET",
            "nama_diklat": "Jaringan",
            "kompetensi": "jaringan komputer:3",
            "jp": 24,
            "biaya": 3000000,
            "moda": "klasikal",
        }
    ]
    sheets["sesi_diklat"] = [
        {
            "kode_sesi": "NET-1",
            "kode_diklat": "NET",
            "tanggal_mulai": datetime.date(NEXT_YEAR, 2, 1),  # an Excel date in the future
            "tanggal_selesai": datetime.date(NEXT_YEAR, 2, 3),
            "kursi": 30,
        }
    ]
    return sheets


def test_the_workbook_imports_the_training_sheets_with_the_people(tmp_path: Path) -> None:
    report = do_import_workbook(
        write_xlsx(tmp_path / "ok.xlsx", _training(base())), acting_user=None
    )
    assert report.ok, report.errors
    assert CompetencyProfile.objects.get(competency__name="jaringan komputer").kind == "teknis"
    assert Assessment.objects.get().level == 2
    assert Course.objects.get().raises == {"jaringan komputer": 3}
    assert CourseSession.objects.get().start == datetime.date(NEXT_YEAR, 2, 1)
    assert report.counts["sesi_diklat"].new == 1
    # the export writes them back and a re-import changes nothing
    out = tmp_path / "out.xlsx"
    export_workbook(out)
    book = openpyxl.load_workbook(out)
    assert [r[0] for r in book["katalog_diklat"].iter_rows(values_only=True)] == [
        "kode_diklat",
        "NET",
    ]
    assert list(book["katalog_diklat"].iter_rows(values_only=True))[1][2] == "jaringan komputer:3"
    again = do_import_workbook(out, acting_user=None)
    assert again.ok, again.errors
    assert CourseSession.objects.count() == 1 and Course.objects.count() == 1


def test_a_bad_training_row_rejects_the_whole_workbook(tmp_path: Path) -> None:
    sheets = _training(base())
    sheets["sesi_diklat"][0]["tanggal_selesai"] = datetime.date(NEXT_YEAR, 1, 1)
    sheets["katalog_diklat"][0]["biaya"] = -1
    before = snapshot()
    report = do_import_workbook(write_xlsx(tmp_path / "bad.xlsx", sheets), acting_user=None)
    assert {(e.sheet, e.row, e.column) for e in report.errors} == {
        ("katalog_diklat", 2, "biaya"),
        ("sesi_diklat", 2, "tanggal_selesai"),
    }
    assert snapshot() == before
    assert not Course.objects.exists() and not Assessment.objects.exists()
