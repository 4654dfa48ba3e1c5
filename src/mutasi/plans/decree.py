"""The transfer decree (SK) of an approved plan: docx draft, PDF, attachment list, petikan.

Layout follows the usual Indonesian regional-head decree (Permendagri 80/2015 on legal products):
title and number, "tentang", menimbang, mengingat, memperhatikan, MEMUTUSKAN / Menetapkan, the
numbered dictum (KESATU …), place and date of signing, tembusan, and the attachment (lampiran) that
lists every move. A petikan is the extract of the decree for one employee.

The docx template is built with python-docx (``build_docx_template``) and filled with docxtpl, so a
region can replace it with its own: put a file at ``DATA_DIR/templates/sk_mutasi.docx`` using the
same placeholders.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mutasi.core.xlsx import neutralize_formulas
from mutasi.people.codes import GOLONGAN_BY_CODE

from .models import Plan

# The legal basis quoted in "Mengingat" (see shared/DOMAIN.md).
LEGAL_BASIS = [
    "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara",
    "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil "
    "sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020",
    "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019 tentang Tata Cara Pelaksanaan Mutasi",
]
DICTUM_ORDINALS = ["KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA"]


@dataclass
class DecreeHeader:
    """What the planner fills in before downloading: number, signer, place and date."""

    number: str = ""
    government: str = ""  # "Pemerintah Kabupaten Bukitintan"
    head_title: str = ""  # "Bupati Bukitintan"
    signer_name: str = ""
    place: str = ""
    date: datetime.date = field(default_factory=lambda: timezone.localdate())


def default_header(plan: Plan) -> DecreeHeader:
    """Defaults from settings (MUTASI_GOVERNMENT, MUTASI_HEAD_TITLE, MUTASI_DECREE_PLACE)."""
    review = getattr(plan, "review", None)
    return DecreeHeader(
        number=(review.decree_number if review else "") or "800.1.3/……/BKPSDM",
        government=getattr(settings, "MUTASI_GOVERNMENT", "") or "Pemerintah Daerah",
        head_title=getattr(settings, "MUTASI_HEAD_TITLE", "") or "Kepala Daerah",
        signer_name=getattr(settings, "MUTASI_HEAD_NAME", "") or "……………………",
        place=getattr(settings, "MUTASI_DECREE_PLACE", "") or "……………",
        date=(plan.cycle.effective_date if plan.cycle and plan.cycle.effective_date else None)
        or timezone.localdate(),
    )


def decree_rows(plan: Plan, moves: Any = None) -> list[dict[str, Any]]:
    """One plain dict per real move (from ≠ to), ordered by NIP: the attachment's rows."""
    qs = moves if moves is not None else plan.moves.all()
    rows = []
    values = (
        qs.exclude(to_position_id=F("from_position_id"))
        .order_by("employee__nip")
        .values(
            "id",
            "employee__nip",
            "employee__name",
            "employee__golongan",
            "from_position__code",
            "from_position__name",
            "from_position__unit__name",
            "to_position__code",
            "to_position__name",
            "to_position__unit__name",
            "reason",
        )
    )
    for number, v in enumerate(values, start=1):
        gol = GOLONGAN_BY_CODE.get(v["employee__golongan"])
        rows.append(
            {
                "no": number,
                "move_id": v["id"],
                "nip": v["employee__nip"],
                "name": v["employee__name"],
                "golongan": v["employee__golongan"],
                "pangkat": f"{gol.pangkat} ({gol.code})" if gol else v["employee__golongan"],
                "from_code": v["from_position__code"],
                "from_post": v["from_position__name"],
                "from_unit": v["from_position__unit__name"],
                "to_code": v["to_position__code"],
                "to_post": v["to_position__name"],
                "to_unit": v["to_position__unit__name"],
                "reason": v["reason"],
            }
        )
    return rows


def _context(plan: Plan, header: DecreeHeader, rows: list[dict[str, Any]]) -> dict[str, Any]:
    # A decree is a legal document in Bahasa Indonesia whatever language the user reads the app in.
    with translation.override("id"):
        return _context_id(plan, header, rows)


def _context_id(plan: Plan, header: DecreeHeader, rows: list[dict[str, Any]]) -> dict[str, Any]:
    title = _("Pemindahan Pegawai Aparatur Sipil Negara di Lingkungan %(gov)s") % {
        "gov": header.government
    }
    return {
        "plan": plan,
        "h": header,
        "number": header.number,
        "government": header.government,
        "government_upper": header.government.upper(),
        "head_title": header.head_title,
        "head_title_upper": header.head_title.upper(),
        "signer_name": header.signer_name,
        "place": header.place,
        "date_text": formats.date_format(header.date, "j F Y"),
        "title": title,
        "title_upper": title.upper(),
        "cycle_name": plan.cycle.name if plan.cycle else plan.name,
        "legal_basis": LEGAL_BASIS,
        "rows": rows,
        "count": len(rows),
        "menimbang": [
            _(
                "bahwa dalam rangka pembinaan karier, pemerataan dan pemenuhan kebutuhan pegawai "
                "sesuai formasi, serta peningkatan kinerja organisasi, perlu dilakukan pemindahan "
                "Pegawai Aparatur Sipil Negara"
            ),
            _(
                "bahwa pemindahan sebagaimana dimaksud dalam huruf a telah memenuhi ketentuan masa "
                "jabatan, kesesuaian kompetensi dan klasifikasi jabatan sebagaimana diatur dalam "
                "Pasal 190 Peraturan Pemerintah Nomor 11 Tahun 2017"
            ),
            _(
                "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, "
                "perlu menetapkan Keputusan %(head)s tentang %(title)s"
            )
            % {"head": header.head_title, "title": title},
        ],
        "memperhatikan": _("Hasil pertimbangan tim penilai kinerja PNS atas rencana “%(plan)s”.")
        % {"plan": plan.name},
        "dictum": [
            _(
                "Memindahkan Pegawai Aparatur Sipil Negara yang namanya tercantum dalam Lampiran "
                "Keputusan ini dari jabatan lama ke jabatan baru sebagaimana tercantum di dalamnya."
            ),
            _(
                "Pegawai sebagaimana dimaksud dalam Diktum KESATU wajib melaksanakan tugas pada "
                "jabatan baru terhitung sejak tanggal pelantikan atau serah terima jabatan."
            ),
            _(
                "Segala biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan pada "
                "Anggaran Pendapatan dan Belanja Daerah."
            ),
            _(
                "Keputusan ini mulai berlaku pada tanggal ditetapkan, dengan ketentuan apabila di "
                "kemudian hari terdapat kekeliruan akan diadakan perbaikan sebagaimana mestinya."
            ),
        ],
        "ordinals": DICTUM_ORDINALS,
        "tembusan": [
            _("Kepala Badan Kepegawaian Negara"),
            _("Kepala Kantor Regional Badan Kepegawaian Negara"),
            _("Inspektur Daerah"),
            _("Kepala Badan Pengelolaan Keuangan dan Aset Daerah"),
            _("Kepala perangkat daerah yang bersangkutan"),
            _("Yang bersangkutan"),
        ],
    }


# ---- the docx template ---------------------------------------------------------------------


def build_docx_template(target: Path | io.BytesIO) -> None:
    """Write the SK template (Jinja placeholders for docxtpl) with python-docx."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(33), Cm(21.5)  # F4 / folio, usual for SK
    section.left_margin = section.right_margin = Cm(2.5)

    def centred(text: str, bold: bool = True) -> None:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold

    centred("KEPUTUSAN {{ head_title_upper }}")
    centred("NOMOR {{ number }}")
    centred("TENTANG")
    centred("{{ title_upper }}")
    centred("DENGAN RAHMAT TUHAN YANG MAHA ESA")
    centred("{{ head_title_upper }},")

    def labelled_list(label: str, loop: str, item: str) -> None:
        table = doc.add_table(rows=1, cols=3)
        cells = table.rows[0].cells
        cells[0].text = label
        cells[1].text = ":"
        cells[2].text = f"{{%p for x in {loop} %}}"
        cells[2].add_paragraph(item)
        cells[2].add_paragraph("{%p endfor %}")
        cells[0].width, cells[1].width, cells[2].width = Cm(3.2), Cm(0.5), Cm(12.8)

    labelled_list(
        "Menimbang",
        "menimbang",
        "{{ 'abcdefghij'[loop.index0] }}. {{ x }}{% if not loop.last %};{% else %};{% endif %}",
    )
    labelled_list("Mengingat", "legal_basis", "{{ loop.index }}. {{ x }};")
    table = doc.add_table(rows=1, cols=3)
    cells = table.rows[0].cells
    cells[0].text, cells[1].text, cells[2].text = "Memperhatikan", ":", "{{ memperhatikan }}"
    centred("MEMUTUSKAN:")
    table = doc.add_table(rows=1, cols=3)
    cells = table.rows[0].cells
    cells[0].text, cells[1].text = "Menetapkan", ":"
    cells[2].text = "KEPUTUSAN {{ head_title_upper }} TENTANG {{ title_upper }}."
    dictum = doc.add_table(rows=1, cols=3)
    cells = dictum.rows[0].cells
    cells[0].text = "{%tr for d in dictum %}"
    row = dictum.add_row().cells
    row[0].text, row[1].text, row[2].text = "{{ ordinals[loop.index0] }}", ":", "{{ d }}"
    end = dictum.add_row().cells
    end[0].text = "{%tr endfor %}"

    signing = doc.add_paragraph()
    signing.alignment = WD_ALIGN_PARAGRAPH.LEFT
    signing.paragraph_format.left_indent = Cm(9)
    signing.add_run("Ditetapkan di {{ place }}\npada tanggal {{ date_text }}\n\n")
    signing.add_run("{{ head_title_upper }},\n\n\n\n").bold = True
    signing.add_run("{{ signer_name }}").bold = True

    doc.add_paragraph("Tembusan Keputusan ini disampaikan kepada Yth.:")
    doc.add_paragraph("{%p for t in tembusan %}")
    doc.add_paragraph("{{ loop.index }}. {{ t }};")
    doc.add_paragraph("{%p endfor %}")

    # The attachment (lampiran) in landscape on a new section.
    from docx.enum.section import WD_SECTION

    lampiran = doc.add_section(WD_SECTION.NEW_PAGE)
    lampiran.orientation = WD_ORIENT.LANDSCAPE
    lampiran.page_width, lampiran.page_height = Cm(33), Cm(21.5)
    header = doc.add_paragraph()
    header.paragraph_format.left_indent = Cm(17)
    header.add_run(
        "LAMPIRAN KEPUTUSAN {{ head_title_upper }}\nNOMOR {{ number }}\nTANGGAL {{ date_text }}"
    )
    centred("DAFTAR PEGAWAI YANG DIPINDAHKAN ({{ count }} ORANG)")
    headings = ["NO", "NAMA / NIP", "PANGKAT / GOL.", "JABATAN LAMA", "JABATAN BARU"]
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    table.add_row().cells[0].text = "{%tr for r in rows %}"
    cells = table.add_row().cells
    cells[0].text = "{{ r.no }}"
    cells[1].text = "{{ r.name }}\nNIP {{ r.nip }}"
    cells[2].text = "{{ r.pangkat }}"
    cells[3].text = "{{ r.from_post }}\n{{ r.from_unit }}"
    cells[4].text = "{{ r.to_post }}\n{{ r.to_unit }}"
    table.add_row().cells[0].text = "{%tr endfor %}"
    closing = doc.add_paragraph()
    closing.paragraph_format.left_indent = Cm(17)
    closing.add_run("\n{{ head_title_upper }},\n\n\n\n{{ signer_name }}").bold = True
    doc.save(target)


def _template_source() -> io.BytesIO | Path:
    custom = Path(settings.DATA_DIR) / "templates" / "sk_mutasi.docx"
    if custom.exists():
        return custom
    buffer = io.BytesIO()
    build_docx_template(buffer)
    buffer.seek(0)
    return buffer


def render_docx(plan: Plan, header: DecreeHeader, rows: list[dict[str, Any]]) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(_template_source())
    template.render(_context(plan, header, rows), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_pdf(plan: Plan, header: DecreeHeader, rows: list[dict[str, Any]]) -> bytes:
    from weasyprint import HTML

    with translation.override("id"):
        html = render_to_string("plans/decree/sk.html", _context(plan, header, rows))
    return HTML(string=html).write_pdf()


# Above this many attachment rows the PDF is rendered by the background worker, not in the request
# (WeasyPrint needs roughly 7–10 ms per row on the 2-core reference machine).
SYNC_PDF_ROWS = 1500


def cached_pdf_path(plan: Plan, header: DecreeHeader, rows: list[dict[str, Any]]) -> Path:
    """Where the PDF of this plan version and header is kept (an approved plan is frozen)."""
    import hashlib
    import json

    key = hashlib.sha1(
        json.dumps(
            [plan.pk, plan.version, dataclasses.asdict(header), len(rows)], default=str
        ).encode()
    ).hexdigest()[:16]
    return Path(settings.OUTPUT_DIR) / "sk" / f"sk-rencana-{plan.pk}-{key}.pdf"


def cached_pdf(plan: Plan, header: DecreeHeader, rows: list[dict[str, Any]]) -> bytes:
    """The decree PDF, rendered once per plan version and header and then read from disk."""
    target = cached_pdf_path(plan, header, rows)
    if target.exists():
        return target.read_bytes()
    content = render_pdf(plan, header, rows)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(content)
    partial.replace(target)
    return content


def header_to_json(header: DecreeHeader) -> dict[str, Any]:
    data = dataclasses.asdict(header)
    data["date"] = header.date.isoformat()
    return data


def header_from_json(data: dict[str, Any]) -> DecreeHeader:
    return DecreeHeader(**{**data, "date": datetime.date.fromisoformat(data["date"])})


def render_petikan_pdf(plan: Plan, header: DecreeHeader, row: dict[str, Any]) -> bytes:
    """The extract (petikan) of the decree for one employee."""
    from weasyprint import HTML

    context = _context(plan, header, [row])
    context["row"] = row
    with translation.override("id"):
        html = render_to_string("plans/decree/petikan.html", context)
    return HTML(string=html).write_pdf()


def render_attachment_xlsx(plan: Plan, header: DecreeHeader, rows: list[dict[str, Any]]) -> bytes:
    """The attachment list of moves as a workbook (one row per move)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "lampiran"
    sheet.append([f"Lampiran Keputusan {header.head_title} Nomor {header.number}"])
    sheet.append([_context(plan, header, rows)["title"]])
    sheet.append([])
    columns = [
        "no",
        "nip",
        "nama",
        "pangkat_golongan",
        "kode_jabatan_asal",
        "jabatan_asal",
        "unit_asal",
        "kode_jabatan_tujuan",
        "jabatan_tujuan",
        "unit_tujuan",
        "alasan",
    ]
    sheet.append(columns)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for r in rows:
        sheet.append(
            [
                r["no"],
                r["nip"],
                r["name"],
                r["pangkat"],
                r["from_code"],
                r["from_post"],
                r["from_unit"],
                r["to_code"],
                r["to_post"],
                r["to_unit"],
                r["reason"],
            ]
        )
    neutralize_formulas(sheet)
    for letter, width in zip(
        "ABCDEFGHIJK", [5, 20, 28, 24, 14, 30, 30, 14, 30, 30, 50], strict=True
    ):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
