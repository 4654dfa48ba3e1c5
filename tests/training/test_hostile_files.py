# ruff: noqa: E501  (expected messages are quoted whole)
"""Files that would exhaust or confuse the training sheets' reader: the people importer's guards
apply, each is a named Indonesian error, and nothing is changed."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from mutasi.people import importer
from mutasi.training import services, sheets
from mutasi.training.models import Course

pytestmark = pytest.mark.django_db

HEADER = ["kode_diklat", "nama_diklat", "kompetensi", "jp", "biaya", "penyelenggara", "moda"]
NET = ["NET", "Jaringan Dasar", "jaringan komputer:3", 24, 3000000, "BPSDM", "klasikal"]


def _catalogue(*, far_cell: bool = False, name: str = "Jaringan Dasar") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheets.KATALOG
    ws.append(HEADER)
    ws.append([NET[0], name, *NET[2:]])
    if far_cell:
        ws["XFD1048576"] = "x"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite_sheets(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename.startswith("xl/") and info.filename.endswith(".xml"):
                content = change(content)
            dst.writestr(info, content)
    return out.getvalue()


def _refused(data: bytes, filename: str) -> str:
    with pytest.raises(sheets.UnreadableSheet) as caught:
        sheets.read_rows(data, filename, sheets.KATALOG)
    return str(caught.value)


FAR_CORNER = (
    "sheet katalog_diklat berisi sel sampai kolom XFD; batas impor 200 kolom per sheet (hapus isi dan format sel di luar tabel); "
    "sheet katalog_diklat berisi sel sampai baris 1048576; batas impor 250000 baris data per sheet"
)


def test_a_cell_at_xfd1048576_is_refused_before_the_sheet_is_read():
    assert _refused(_catalogue(far_cell=True), "katalog.xlsx") == FAR_CORNER


def test_the_far_cell_is_found_even_when_the_declared_dimension_hides_it():
    data = _rewrite_sheets(
        _catalogue(far_cell=True),
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:G2"/>', xml),
    )
    assert _refused(data, "katalog.xlsx") == FAR_CORNER


def test_a_declared_dimension_larger_than_the_cells_is_not_allocated():
    """The reader takes the cells there are, not the rectangle a sheet claims to fill."""
    data = _rewrite_sheets(
        _catalogue(),
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml),
    )
    [row] = sheets.read_rows(data, "katalog.xlsx", sheets.KATALOG)[sheets.KATALOG]
    assert row.cells["kode_diklat"] == "NET"


def test_a_file_above_the_size_limit_is_refused_unread(settings):
    settings.MUTASI_IMPORT_MAX_MB = 0.001  # 1 KiB; the workbook is a few KiB
    assert _refused(_catalogue(), "katalog.xlsx").startswith("file berukuran ")
    assert _refused(_catalogue(), "katalog.xlsx").endswith(" MB, melebihi batas impor 0,001 MB")
    csv = ("\n".join([",".join(HEADER)] + [",".join(map(str, NET))] * 40)).encode()
    assert _refused(csv, "katalog.csv").endswith("melebihi batas impor 0,001 MB")


def test_an_upload_is_read_only_up_to_the_size_limit(settings):
    settings.MUTASI_IMPORT_MAX_MB = 0.001

    asked: list[int | None] = []

    class Upload(io.BytesIO):
        name = "katalog.xlsx"

        def read(self, size: int | None = -1) -> bytes:
            asked.append(size)
            return super().read(size)

    with pytest.raises(sheets.UnreadableSheet):
        sheets.read_upload(Upload(_catalogue()), sheets.KATALOG)
    assert asked == [importer.max_bytes() + 1] == [1049]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])  # with and without a byte-order mark
def test_a_utf16_csv_is_refused_by_name(encoding):
    text = ",".join(HEADER) + "\n" + ",".join(map(str, NET)) + "\n"
    assert _refused(text.encode(encoding), "katalog.csv") == (
        'file katalog.csv tersimpan sebagai UTF-16 ("Unicode Text"); simpan ulang sebagai "CSV UTF-8"'
    )


def test_a_csv_above_the_row_limit_is_refused_with_the_limit_named(settings):
    settings.MUTASI_IMPORT_MAX_ROWS = 1
    text = "\n".join([",".join(HEADER)] + [",".join(map(str, NET))] * 3)
    assert _refused(text.encode(), "katalog.csv") == (
        "file katalog.csv berisi lebih dari 1 baris data; batas impor 1 baris data per sheet"
    )


NUL_PROBLEM = sheets.Problem(
    sheets.KATALOG,
    2,
    "nama_diklat",
    "Jaringan\\x00Dasar",
    "sel berisi karakter kendali tak terlihat (kode 0); hapus karakter itu",
)


@pytest.fixture
def dictionary():  # type: ignore[no-untyped-def]
    """The competency the catalogue row raises, so that the NUL is the row's only problem."""
    from mutasi.people.models import Competency

    Competency.objects.create(name="jaringan komputer")


def test_a_nul_byte_in_a_csv_cell_is_a_located_error_and_changes_nothing(dictionary):
    text = ",".join(HEADER) + "\n" + ",".join(map(str, [NET[0], "Jaringan\x00Dasar", *NET[2:]]))
    tables = sheets.read_rows(text.encode(), "katalog.csv", sheets.KATALOG)
    outcome = services.do_import_training_sheets(tables, label="katalog.csv", acting_user=None)
    assert outcome.problems == [NUL_PROBLEM]
    assert not Course.objects.exists()


def test_an_escaped_control_character_in_an_xlsx_cell_stays_visible_text(dictionary):
    """Excel writes a control character as the escape _x0000_; the workbook reader keeps the
    escape as it is, so no invisible character reaches the data from an .xlsx."""
    data = _rewrite_sheets(
        _catalogue(name="JaringanNULMARKDasar"), lambda xml: xml.replace(b"NULMARK", b"_x0000_")
    )
    [row] = sheets.read_rows(data, "katalog.xlsx", sheets.KATALOG)[sheets.KATALOG]
    assert row.cells["nama_diklat"] == "Jaringan_x0000_Dasar"


def test_the_upload_page_names_the_refusal_and_changes_nothing(client, people):
    client.force_login(people["planner"])
    before = list(Course.objects.values_list("code", "name"))
    upload = io.BytesIO(_catalogue(far_cell=True))
    upload.name = "katalog.xlsx"
    response = client.post(
        reverse("training:upload"), {"file": upload, "sheet": sheets.KATALOG}, follow=True
    )
    assert "sheet katalog_diklat berisi sel sampai kolom XFD" in response.content.decode()
    assert list(Course.objects.values_list("code", "name")) == before
