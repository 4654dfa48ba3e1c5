# ruff: noqa: E501  (expected messages are quoted whole)
"""Files that used to crash the importer: each is a named Indonesian error and changes nothing.

And formula injection: a text that starts like a formula goes back out as text, never a formula.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from mutasi.core.xlsx import neutralize_formulas, text_safe
from mutasi.needs.tables import Column as TableColumn
from mutasi.needs.tables import to_xlsx
from mutasi.people.importer import Issue
from mutasi.people.models import Employee, Position, Unit
from mutasi.people.services import do_import_workbook
from tests.people.test_import import base, import_ok, snapshot, write_csv_folder, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(tmp_path):
    """A good workbook already imported: a refused file must leave exactly this."""
    import_ok(write_xlsx(tmp_path / "base.xlsx", base()))
    return snapshot()


def rejected(source, before) -> list[Issue]:
    report = do_import_workbook(source, acting_user=None)
    assert not report.ok
    assert report.counts == {}
    assert snapshot() == before
    return report.errors


def _rewrite(path: Path, member_pattern: str, change) -> Path:
    """Rewrite the XML of the archive members matching ``member_pattern`` in place."""
    data = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if re.fullmatch(member_pattern, info.filename):
                content = change(content)
            dst.writestr(info, content)
    path.write_bytes(out.getvalue())
    return path


def _pegawai_xml(path: Path) -> str:
    """The archive path of the pegawai sheet (openpyxl numbers sheets in creation order)."""
    book = openpyxl.load_workbook(path, read_only=True)
    index = book.sheetnames.index("pegawai") + 1
    book.close()
    return f"xl/worksheets/sheet{index}.xml"


# --- a cell at the far corner of the sheet ---------------------------------------------------


FAR_CORNER_ERRORS = [
    Issue("pegawai", None, "", "", "sheet pegawai berisi sel sampai kolom XFD; batas impor 200 kolom per sheet (hapus isi dan format sel di luar tabel)"),
    Issue("pegawai", None, "", "", "sheet pegawai berisi sel sampai baris 1048576; batas impor 250000 baris data per sheet"),
]  # fmt: skip


def test_a_single_cell_at_xfd1048576_is_refused_before_the_sheet_is_read(tmp_path, stored):
    path = write_xlsx(tmp_path / "far.xlsx", base())
    book = openpyxl.load_workbook(path)
    book["pegawai"]["XFD1048576"] = "x"
    book.save(path)
    # Reading this sheet would allocate 16,384 × 1,048,576 cells; the check comes first.
    assert rejected(path, stored) == FAR_CORNER_ERRORS


def test_the_far_cell_is_found_even_when_the_declared_dimension_hides_it(tmp_path, stored):
    path = write_xlsx(tmp_path / "far.xlsx", base())
    book = openpyxl.load_workbook(path)
    book["pegawai"]["XFD1048576"] = "x"
    book.save(path)
    _rewrite(
        path,
        re.escape(_pegawai_xml(path)),
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:P3"/>', xml),
    )
    assert rejected(path, stored) == FAR_CORNER_ERRORS


def test_a_zip_that_is_not_an_xlsx_workbook_is_refused(tmp_path, stored):
    path = tmp_path / "data.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<office:document-content/>")  # e.g. an .ods
    assert rejected(path, stored) == [
        Issue(
            "",
            None,
            "",
            "",
            "file bukan workbook .xlsx yang utuh; simpan ulang sebagai .xlsx dari Excel",
        )
    ]


# --- CSV saved as UTF-16 ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])  # with and without a byte-order mark
def test_a_utf16_csv_folder_is_refused_by_name(tmp_path, stored, encoding):
    folder = write_csv_folder(tmp_path / "csv", base(), sep="\t")
    pegawai = folder / "pegawai.csv"
    pegawai.write_bytes(pegawai.read_text(encoding="utf-8").encode(encoding))
    assert rejected(folder, stored) == [
        Issue(
            "pegawai",
            None,
            "",
            "",
            'file pegawai.csv tersimpan sebagai UTF-16 ("Unicode Text"); simpan ulang sebagai "CSV UTF-8"',
        )
    ]


# --- too big ---------------------------------------------------------------------------------


def test_a_workbook_above_the_row_limit_is_refused_with_the_limit_named(tmp_path, stored, settings):
    settings.MUTASI_IMPORT_MAX_ROWS = 2
    sheets = base()
    sheets["riwayat_jabatan"].append(dict(sheets["riwayat_jabatan"][0], tmt_mulai="2005-01-01"))
    assert rejected(write_xlsx(tmp_path / "big.xlsx", sheets), stored) == [
        Issue(
            "riwayat_jabatan",
            None,
            "",
            "",
            "sheet riwayat_jabatan berisi sel sampai baris 4; batas impor 2 baris data per sheet",
        )
    ]


def test_a_csv_folder_above_the_row_limit_is_refused_with_the_limit_named(
    tmp_path, stored, settings
):
    settings.MUTASI_IMPORT_MAX_ROWS = 1
    folder = write_csv_folder(tmp_path / "csv", {"unit_kerja": base()["unit_kerja"]})
    assert rejected(folder, stored) == [
        Issue(
            "unit_kerja",
            None,
            "",
            "",
            "file unit_kerja.csv berisi lebih dari 1 baris data; batas impor 1 baris data per sheet",
        )
    ]


def test_a_file_above_the_size_limit_is_refused_unread(tmp_path, stored, settings):
    settings.MUTASI_IMPORT_MAX_MB = 0.001  # 1 KiB; the base workbook is a few KiB
    path = write_xlsx(tmp_path / "big.xlsx", base())
    size = f"{path.stat().st_size / 1024 / 1024:.3g}".replace(".", ",")
    assert rejected(path, stored) == [
        Issue("", None, "", "", f"file berukuran {size} MB, melebihi batas impor 0,001 MB")
    ]
    with path.open("rb") as upload:  # an uploaded file object is read only up to the limit
        assert rejected(upload, stored)[0].message.endswith("melebihi batas impor 0,001 MB")


def test_a_csv_folder_above_the_size_limit_is_refused(tmp_path, stored, settings):
    settings.MUTASI_IMPORT_MAX_MB = 0.0001
    folder = write_csv_folder(tmp_path / "csv", base())
    [error] = rejected(folder, stored)
    assert error.message.endswith("MB, melebihi batas impor 0,0001 MB")


def test_the_default_limits_come_from_the_environment_settings(settings):
    from mutasi.people import importer

    assert (importer.max_rows(), importer.max_bytes()) == (250_000, 30 * 1024 * 1024)
    settings.MUTASI_IMPORT_MAX_ROWS, settings.MUTASI_IMPORT_MAX_MB = 10, 2
    assert (importer.max_rows(), importer.max_bytes()) == (10, 2 * 1024 * 1024)


# --- a NUL byte in a cell --------------------------------------------------------------------


NUL_ERROR = Issue(
    "pegawai",
    2,
    "nama",
    "Budi\\x00Santoso",
    "sel berisi karakter kendali tak terlihat (kode 0); hapus karakter itu",
)


def test_a_nul_character_in_an_xlsx_cell_is_a_located_error(tmp_path, stored):
    sheets = base()
    sheets["pegawai"][0]["nama"] = "BudiNULMARKSantoso"
    path = write_xlsx(tmp_path / "nul.xlsx", sheets)
    # Excel writes a control character as the escape _x0000_; openpyxl refuses to write it.
    _rewrite(path, r"xl/.*\.xml", lambda xml: xml.replace(b"NULMARK", b"_x0000_"))
    assert rejected(path, stored) == [NUL_ERROR]


def test_a_nul_byte_in_a_csv_cell_is_a_located_error(tmp_path, stored):
    sheets = base()
    sheets["pegawai"][0]["nama"] = "Budi\x00Santoso"
    assert rejected(write_csv_folder(tmp_path / "csv", sheets), stored) == [NUL_ERROR]


# --- the same sheet twice --------------------------------------------------------------------


def test_a_second_sheet_that_reads_as_the_same_name_is_an_error_not_ignored(tmp_path, stored):
    path = write_xlsx(tmp_path / "twice.xlsx", base())
    book = openpyxl.load_workbook(path)
    copy = book.copy_worksheet(book["pegawai"])
    copy.title = " Pegawai "
    copy["B2"] = "Nama Lain"
    book.save(path)
    assert rejected(path, stored) == [
        Issue(
            "pegawai",
            None,
            "",
            "",
            "sheet 'pegawai' dan ' Pegawai ' sama-sama dibaca sebagai sheet pegawai; hapus atau ganti nama salah satunya",
        )
    ]


def test_two_csv_files_for_one_sheet_are_an_error(tmp_path, stored):
    folder = write_csv_folder(tmp_path / "csv", base())
    (folder / "Pegawai.csv").write_bytes((folder / "pegawai.csv").read_bytes())
    assert rejected(folder, stored) == [
        Issue(
            "pegawai",
            None,
            "",
            "",
            "sheet 'Pegawai' dan 'pegawai' sama-sama dibaca sebagai sheet pegawai; hapus atau ganti nama salah satunya",
        )
    ]


# --- formula injection -----------------------------------------------------------------------

FORMULA_LIKE = {
    "nama": '=HYPERLINK("http://contoh.invalid","klik")',
    "jurusan": "+62 811 000",
    "kecamatan_domisili": "-Kota",
    "sertifikasi": "@SUM(A1)",
}


def _write_as_text(path: Path, sheets) -> Path:
    """Like write_xlsx, but every value is a string cell (as Excel keeps a text-formatted cell)."""
    from mutasi.people.registry import sheets_by_name

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        columns = sheets_by_name()[name].column_names
        ws.append(columns)
        for row in rows:
            ws.append(text_safe(ws, [row.get(c) for c in columns]))
    book.save(path)
    return path


def test_text_that_looks_like_a_formula_is_exported_as_text(tmp_path):
    sheets = base()
    sheets["pegawai"][0].update(FORMULA_LIKE)
    sheets["unit_kerja"][0]["nama_unit"] = "=1+1"
    report = do_import_workbook(_write_as_text(tmp_path / "in.xlsx", sheets), acting_user=None)
    assert report.ok, report.errors
    assert Employee.objects.get(nip="198501012010011001").name == FORMULA_LIKE["nama"]
    assert Unit.objects.get(code="U01").name == "=1+1"

    call_command("export", str(tmp_path / "out.xlsx"))

    book = openpyxl.load_workbook(tmp_path / "out.xlsx")  # formulas are kept as formulas here
    pegawai = book["pegawai"]
    header = [c.value for c in pegawai[1]]
    budi = next(row for row in pegawai.iter_rows(min_row=2) if row[0].value == "198501012010011001")
    for column, text in FORMULA_LIKE.items():
        cell = budi[header.index(column)]
        assert (cell.value, cell.data_type) == (text, "s"), column
    unit = book["unit_kerja"]["B2"]
    assert (unit.value, unit.data_type) == ("=1+1", "s")
    # and the export imports back unchanged
    again = do_import_workbook(tmp_path / "out.xlsx", acting_user=None)
    assert again.ok and all(c.new == c.updated == 0 for c in again.counts.values())


def test_other_xlsx_downloads_write_formula_like_text_as_text():
    column = TableColumn("nama", "nama", lambda row: row)
    data = to_xlsx("t", [column], ["=cmd|' /C calc'!A0", "-1", "biasa"])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [(c.value, c.data_type) for c in sheet["A"]][1:] == [
        ("=cmd|' /C calc'!A0", "s"),
        ("-1", "s"),
        ("biasa", "s"),
    ]
    from mutasi.training.exports import to_xlsx as training_xlsx

    data = training_xlsx([("rencana", ["nama"], [["=1+1"], ["@A1"]])])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [(c.value, c.data_type) for c in sheet["A"]][1:] == [("=1+1", "s"), ("@A1", "s")]
    book = openpyxl.Workbook()
    book.active.append(["=2+2", 3])
    neutralize_formulas(book.active)
    out = io.BytesIO()
    book.save(out)
    cell = openpyxl.load_workbook(out).active["A1"]
    assert (cell.value, cell.data_type) == ("=2+2", "s")


def test_a_formula_like_code_survives_the_round_trip(tmp_path):
    sheets = base()
    sheets["jabatan"][1]["nama_jabatan"] = "=Pengadministrasi"
    do_import_workbook(_write_as_text(tmp_path / "in.xlsx", sheets), acting_user=None)
    assert Position.objects.get(code="J02").name == "=Pengadministrasi"
