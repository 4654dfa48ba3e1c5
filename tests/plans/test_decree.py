from __future__ import annotations

import datetime
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from mutasi.plans import decree
from mutasi.plans.models import PlanStatus


@pytest.fixture
def approved(stored_plan):  # type: ignore[no-untyped-def]
    stored_plan.status = PlanStatus.APPROVED
    stored_plan.save(update_fields=["status"])
    return stored_plan


def _header(plan):  # type: ignore[no-untyped-def]
    header = decree.default_header(plan)
    header.number = "800.1.3/042/BKPSDM/2027"
    header.head_title = "Bupati Bukitintan"
    header.government = "Pemerintah Kabupaten Bukitintan"
    return header


def test_the_docx_decree_has_the_usual_layout_and_lists_every_move(approved, region):
    rows = decree.decree_rows(approved)
    content = decree.render_docx(approved, _header(approved), rows)
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "KEPUTUSAN BUPATI BUKITINTAN" in text
    assert "NOMOR 800.1.3/042/BKPSDM/2027" in text
    for word in ("Menimbang", "Mengingat", "Menetapkan", "KESATU", "KEEMPAT"):
        assert word in cells
    assert "Undang-Undang Nomor 20 Tahun 2023" in cells
    assert "Peraturan Pemerintah Nomor 11 Tahun 2017" in cells
    assert "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019" in cells
    assert "MEMUTUSKAN" in text
    assert region["nurse"].nip in cells
    assert "Puskesmas Sukamaju" in cells
    assert "{{" not in text + cells and "{%" not in text + cells


def test_the_pdf_decree_and_petikan_render(approved):
    rows = decree.decree_rows(approved)
    pdf = decree.render_pdf(approved, _header(approved), rows)
    assert pdf.startswith(b"%PDF")
    petikan = decree.render_petikan_pdf(approved, _header(approved), rows[0])
    assert petikan.startswith(b"%PDF")


def test_the_attachment_workbook_has_one_row_per_move(approved, region):
    rows = decree.decree_rows(approved)
    content = decree.render_attachment_xlsx(approved, _header(approved), rows)
    sheet = load_workbook(io.BytesIO(content))["lampiran"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[3] == (
        "No",
        "NIP",
        "Nama",
        "Pangkat/Golongan",
        "Kode Jabatan Lama",
        "Jabatan Lama",
        "Unit Kerja Lama",
        "Kode Jabatan Baru",
        "Jabatan Baru",
        "Unit Kerja Baru",
        "Alasan",
    )
    assert values[4][1] == region["nurse"].nip
    assert values[4][7] == "PKM-PRW"
    assert len(values) == 5


def test_stay_rows_are_not_in_the_decree(approved, region):
    from mutasi.plans.models import Move

    Move.objects.create(
        plan=approved,
        employee=region["clerks"][0],
        from_position=region["clerk_post"],
        to_position=region["clerk_post"],
        reason="Wajib pindah, tidak ada jabatan yang sesuai",
        forced=True,
    )
    assert [r["nip"] for r in decree.decree_rows(approved)] == [region["nurse"].nip]


def test_the_decree_stays_in_indonesian_when_the_user_reads_english(approved):
    from django.utils import translation

    header = _header(approved)
    header.date = datetime.date(2027, 1, 15)
    with translation.override("en"):
        content = decree.render_docx(approved, header, decree.decree_rows(approved))
    document = Document(io.BytesIO(content))
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "bahwa dalam rangka pembinaan karier" in cells
    assert "15 Januari 2027" in text
