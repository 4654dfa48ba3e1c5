"""The training sheets: named Indonesian errors, all or nothing, re-import updates in place."""

from __future__ import annotations

import io

import openpyxl
import pytest

from mutasi.people.models import Competency
from mutasi.training import services, sheets
from mutasi.training.models import Assessment, CompetencyProfile, Course, CourseSession

pytestmark = pytest.mark.django_db


def _xlsx(sheet_rows: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheet_rows.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = {
    "kompetensi": [
        ["nama", "jenis", "deskripsi"],
        ["Jaringan Komputer", "teknis", "Mengelola jaringan"],
        ["Integritas", "manajerial", ""],
    ],
    "katalog_diklat": [
        ["kode_diklat", "nama_diklat", "kompetensi", "jp", "biaya", "penyelenggara", "moda"],
        ["NET", "Jaringan Dasar", "jaringan komputer:3", 24, 3000000, "BPSDM", "klasikal"],
    ],
    "sesi_diklat": [
        ["kode_sesi", "kode_diklat", "tanggal_mulai", "tanggal_selesai", "tempat", "kursi"],
        ["NET-1", "NET", "2027-02-01", "2027-02-03", "Aula", 25],
    ],
}


def _import(data: bytes) -> services.SheetImport:
    tables = sheets.read_rows(data, "data.xlsx", sheets.KATALOG)
    return services.do_import_training_sheets(tables, label="data.xlsx", acting_user=None)


def test_a_good_workbook_creates_the_dictionary_catalogue_and_sessions_and_reimport_updates():
    outcome = _import(_xlsx(GOOD))
    assert outcome.ok, outcome.problems
    assert CompetencyProfile.objects.get(competency__name="jaringan komputer").kind == "teknis"
    course = Course.objects.get(code="NET")
    assert (course.raises, course.jp, int(course.cost)) == ({"jaringan komputer": 3}, 24, 3000000)
    assert CourseSession.objects.get(code="NET-1").seats == 25
    changed = dict(GOOD)
    changed["sesi_diklat"] = [
        GOOD["sesi_diklat"][0],
        ["NET-1", "NET", "2027-02-01", "2027-02-03", "Aula", 30],
    ]
    assert _import(_xlsx(changed)).ok
    assert CourseSession.objects.get(code="NET-1").seats == 30
    assert CourseSession.objects.count() == 1


def test_every_bad_row_is_named_and_nothing_changes():
    bad = {
        "kompetensi": [["nama", "jenis"], ["Jaringan Komputer", "teknikal"]],
        "katalog_diklat": [
            ["kode_diklat", "nama_diklat", "kompetensi", "jp", "biaya", "moda"],
            ["NET", "Jaringan", "jaringan komputer:6", 24, 100, "klasikal"],
            ["SEC", "Keamanan", "kriptografi:3", 16, -5, "tatap muka"],
        ],
        "sesi_diklat": [
            ["kode_sesi", "kode_diklat", "tanggal_mulai", "tanggal_selesai", "kursi"],
            ["X-1", "TIDAKADA", "2027-02-01", "2027-02-03", 10],
            ["NET-1", "NET", "2027-02-05", "2027-02-03", 10],
        ],
    }
    outcome = _import(_xlsx(bad))
    found = {(p.sheet, p.row, p.column): p.message for p in outcome.problems}
    assert found == {
        ("kompetensi", 2, "jenis"): "jenis harus teknis, manajerial atau sosial kultural",
        ("katalog_diklat", 2, "kompetensi"): "level harus 1–5",
        ("katalog_diklat", 3, "kompetensi"): (
            "kompetensi “kriptografi” tidak ada di kamus kompetensi"
        ),
        ("katalog_diklat", 3, "biaya"): "biaya tidak boleh negatif",
        ("katalog_diklat", 3, "moda"): (
            "moda harus klasikal, e-learning, blended atau coaching/mentoring"
        ),
        ("sesi_diklat", 2, "kode_diklat"): "kode diklat tidak ada di katalog diklat",
        ("sesi_diklat", 3, "tanggal_selesai"): "sesi berakhir sebelum dimulai (2027-02-05)",
    }
    assert not Competency.objects.exists() and not Course.objects.exists()
    assert not CourseSession.objects.exists()


def test_assessments_name_unknown_people_and_competencies_and_levels_outside_1_to_5(region):
    nip = region["budi"].nip
    rows = sheets.read_rows(
        (
            "nip,kompetensi,level,tanggal,sumber\n"
            f"{nip},asuhan keperawatan,4,2026-10-01,uji\n"
            f"{nip},asuhan keperawatan,0,2026-10-02,uji\n"
            f"{nip},menyanyi,3,2026-10-02,uji\n"
            "123,asuhan keperawatan,3,2026-10-02,uji\n"
            f"{nip},asuhan keperawatan,3,kemarin,uji\n"
        ).encode(),
        "p.csv",
        sheets.PENILAIAN,
    )
    before = Assessment.objects.count()
    outcome = services.do_import_training_sheets(rows, label="p.csv", acting_user=None)
    assert [(p.row, p.column) for p in outcome.problems] == [
        (3, "level"),
        (4, "kompetensi"),
        (5, "nip"),
        (6, "tanggal"),
    ]
    assert Assessment.objects.count() == before


def test_a_file_that_is_not_a_workbook_gets_a_clear_message():
    with pytest.raises(sheets.UnreadableSheet):
        sheets.read_rows(b"not a zip", "x.xlsx", sheets.KATALOG)
