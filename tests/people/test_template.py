"""``mutasi template``: the empty workbook users fill in, with a notes sheet."""

from __future__ import annotations

import openpyxl
import pytest
from django.core.management import call_command

from mutasi.people.importer import SheetCounts
from mutasi.people.models import Employee
from mutasi.people.registry import sheets
from tests.people.test_import import base, import_ok

pytestmark = pytest.mark.django_db


def test_the_template_has_every_sheet_and_column_of_the_design_and_a_notes_sheet(tmp_path):
    path = tmp_path / "template.xlsx"
    call_command("template", str(path))

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "catatan",
        "unit_kerja",
        "jabatan",
        "pegawai",
        "riwayat_jabatan",
        "beban_kerja",
        "preferensi",
        "kompetensi",
        "penilaian_kompetensi",
        "katalog_diklat",
        "sesi_diklat",
        "survei_skm",
    ]
    assert [c.value for c in book["pegawai"][1]] == [
        "nip", "nama", "tanggal_lahir", "jenis_kelamin", "jenis_pegawai", "golongan",
        "pendidikan", "jurusan", "kode_jabatan", "tmt_jabatan", "kecamatan_domisili",
        "predikat_kinerja", "nilai_potensi", "kompetensi", "sertifikasi", "nip_pasangan",
    ]  # fmt: skip
    for sheet in sheets():
        assert [c.value for c in book[sheet.name][1]] == sheet.column_names
        assert book[sheet.name].max_row == 1
    # Excel keeps a NIP typed into the template as text, not as a rounded number.
    assert book["pegawai"].column_dimensions["A"].number_format == "@"
    notes = [tuple(row) for row in book["catatan"].iter_rows(values_only=True)]
    described = {(r[0], r[1]) for r in notes if r and r[1] and r[0] != "sheet"}
    assert described == {(s.name, c.name) for s in sheets() for c in s.columns}
    assert ("pegawai", "nip", "ya") in {r[:3] for r in notes if r and len(r) >= 3}


def test_the_empty_template_imports_without_error_and_changes_nothing(tmp_path):
    path = tmp_path / "template.xlsx"
    call_command("template", str(path))
    report = import_ok(path)
    assert all(c == SheetCounts() for c in report.counts.values())
    assert Employee.objects.count() == 0


def test_a_filled_in_template_imports(tmp_path):
    path = tmp_path / "template.xlsx"
    call_command("template", str(path))
    book = openpyxl.load_workbook(path)
    for name, rows in base().items():
        columns = [c.value for c in book[name][1]]
        for row in rows:
            book[name].append([row.get(c) for c in columns])
    book.save(path)

    report = import_ok(path)
    assert report.counts["pegawai"] == SheetCounts(new=2)
