"""The transfer decree (SK) of an approved plan: docx, PDF, attachment list, petikan.

Layout follows the usual Indonesian regional-head decree (Permendagri 80/2015 on legal products):
title and number, "tentang", menimbang, mengingat, memperhatikan, MEMUTUSKAN / Menetapkan, the
numbered dictum (KESATU …), place and date of signing, tembusan, and the attachment (lampiran) that
lists every move. A petikan is the extract of the decree for one employee.

The region, the head of region's title and name, the letterhead and the logo come from the
office's settings (``core.Instance``, set with ``mutasi setup``). One context (``_context``) feeds
every format: the .docx is rendered with docxtpl from an editable template, the PDF with WeasyPrint
from the HTML templates in ``templates/plans/decree/``. The .docx template, in order of precedence:
the one uploaded on the decree template page, the file named by ``MUTASI_DECREE_TEMPLATE``,
``DATA_DIR/templates/sk_mutasi.docx``, else the default shipped in ``plans/decree_templates/``
(written by ``build_docx_template``; its placeholders are listed in ``TEMPLATE_FIELDS``).
Files are never rendered inside a request: see ``mutasi.plans.documents``.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
from collections.abc import Callable
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

# The legal basis quoted in "Mengingat" (see docs/domain.md).
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
    """Defaults from the office's settings (``mutasi setup``); blanks where nothing is set."""
    from mutasi.core.models import Instance

    instance = Instance.current()
    review = getattr(plan, "review", None)
    return DecreeHeader(
        number=(review.decree_number if review else "") or "800.1.3/……/BKPSDM",
        government=instance.government or "Pemerintah ……………",
        head_title=instance.head_full_title or "……………",
        signer_name=instance.head_name or "……………………",
        place=instance.decree_place or instance.region_short or "……………",
        date=(plan.cycle.effective_date if plan.cycle and plan.cycle.effective_date else None)
        or timezone.localdate(),
    )


# Sentences of a planner's reason that only mean something inside the app (its chain numbers).
_INTERNAL_SENTENCE = re.compile(r"\s*Bagian dari (?:rantai|siklus) mutasi #\d+\.")


def public_reason(reason: str) -> str:
    """A move's reason as it may appear in a legal document (no internal chain numbers)."""
    return _INTERNAL_SENTENCE.sub("", reason).strip()


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
                "reason": public_reason(v["reason"]),
            }
        )
    return rows


def _context(plan: Plan, header: DecreeHeader, rows: list[dict[str, Any]]) -> dict[str, Any]:
    # A decree is a legal document in Bahasa Indonesia whatever language the user reads the app in.
    with translation.override("id"):
        return _context_id(plan, header, rows)


def _context_id(plan: Plan, header: DecreeHeader, rows: list[dict[str, Any]]) -> dict[str, Any]:
    from mutasi.core.models import Instance

    instance = Instance.current()
    title = _("Pemindahan Pegawai Aparatur Sipil Negara di Lingkungan %(gov)s") % {
        "gov": header.government
    }
    logo = Path(instance.logo.path) if instance.logo and Path(instance.logo.path).exists() else None
    return {
        "letterhead": instance.letterhead_lines(),
        "logo_path": str(logo) if logo else "",
        "logo_uri": logo.as_uri() if logo else "",
        "office_name": instance.office_name,
        "office_head_name": instance.office_head_name,
        "office_head_nip": instance.office_head_nip,
        "province": instance.province_name,
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
        "memperhatikan": _(
            "Hasil pertimbangan tim penilai kinerja Pegawai Negeri Sipil di lingkungan %(gov)s."
        )
        % {"gov": header.government},
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


def build_docx_template(target: Path | io.BytesIO) -> None:
    """Write the default SK template (Jinja placeholders for docxtpl) with python-docx.

    The shipped ``decree_templates/sk_mutasi.docx`` was written by this function; an office edits
    a copy in a word processor (keeping the ``{{ … }}`` placeholders) and uploads it.
    """
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(33), Cm(21.5)  # F4 / folio, usual for SK
    section.left_margin = section.right_margin = Cm(2.5)
    _docx_heading(doc)
    _docx_body(doc)
    _docx_signing(doc)
    _docx_attachment(doc)
    doc.save(target)


def _docx_centred(doc: Any, text: str, bold: bool = True) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold


def _docx_heading(doc: Any) -> None:
    """Letterhead (the logo, the government's name and the office's address lines) and the
    decree's title block down to "DENGAN RAHMAT TUHAN YANG MAHA ESA"."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    _docx_centred(doc, "{{ logo }}", bold=False)
    _docx_centred(doc, "{{ government_upper }}")
    letterhead = doc.add_paragraph()
    letterhead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    letterhead.add_run(
        "{% for line in letterhead %}{{ line }}{% if not loop.last %}\n{% endif %}{% endfor %}"
    )
    _docx_centred(doc, "KEPUTUSAN {{ head_title_upper }}")
    _docx_centred(doc, "NOMOR {{ number }}")
    _docx_centred(doc, "TENTANG")
    _docx_centred(doc, "{{ title_upper }}")
    _docx_centred(doc, "DENGAN RAHMAT TUHAN YANG MAHA ESA")
    _docx_centred(doc, "{{ head_title_upper }},")


def _docx_labelled_list(doc: Any, label: str, loop: str, item: str) -> None:
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=3)
    cells = table.rows[0].cells
    cells[0].text = label
    cells[1].text = ":"
    cells[2].text = f"{{%p for x in {loop} %}}"
    cells[2].add_paragraph(item)
    cells[2].add_paragraph("{%p endfor %}")
    cells[0].width, cells[1].width, cells[2].width = Cm(3.2), Cm(0.5), Cm(12.8)


def _docx_body(doc: Any) -> None:
    """Menimbang, Mengingat, Memperhatikan, MEMUTUSKAN and the dictum rows."""
    _docx_labelled_list(
        doc,
        "Menimbang",
        "menimbang",
        "{{ 'abcdefghij'[loop.index0] }}. {{ x }}{% if not loop.last %};{% else %};{% endif %}",
    )
    _docx_labelled_list(doc, "Mengingat", "legal_basis", "{{ loop.index }}. {{ x }};")
    table = doc.add_table(rows=1, cols=3)
    cells = table.rows[0].cells
    cells[0].text, cells[1].text, cells[2].text = "Memperhatikan", ":", "{{ memperhatikan }}"
    _docx_centred(doc, "MEMUTUSKAN:")
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


def _docx_signing(doc: Any) -> None:
    """Place, date and signer, then the tembusan list."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

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


def _docx_attachment(doc: Any) -> None:
    """The attachment (lampiran) in landscape on a new section: one row per moved employee."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm

    lampiran = doc.add_section(WD_SECTION.NEW_PAGE)
    lampiran.orientation = WD_ORIENT.LANDSCAPE
    lampiran.page_width, lampiran.page_height = Cm(33), Cm(21.5)
    header = doc.add_paragraph()
    header.paragraph_format.left_indent = Cm(17)
    header.add_run(
        "LAMPIRAN KEPUTUSAN {{ head_title_upper }}\nNOMOR {{ number }}\nTANGGAL {{ date_text }}"
    )
    _docx_centred(doc, "DAFTAR PEGAWAI YANG DIPINDAHKAN ({{ count }} ORANG)")
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


SHIPPED_TEMPLATE = Path(__file__).resolve().parent / "decree_templates" / "sk_mutasi.docx"
# The placeholders a template may use (documented on the decree template page).
TEMPLATE_FIELDS = [
    "number",
    "government",
    "government_upper",
    "head_title",
    "head_title_upper",
    "signer_name",
    "place",
    "date_text",
    "title",
    "title_upper",
    "logo",
    "letterhead",
    "province",
    "office_name",
    "office_head_name",
    "office_head_nip",
    "menimbang",
    "legal_basis",
    "memperhatikan",
    "dictum",
    "ordinals",
    "tembusan",
    "rows",
    "count",
]
Progress = Callable[[int], None]


class DecreeTemplateError(Exception):
    """A .docx template that cannot be used; the message is Indonesian and says why."""


def template_source() -> Path:
    """The .docx template in use (see the module docstring for the order)."""
    from mutasi.core.models import Instance

    instance = Instance.current()
    if instance.decree_template and Path(instance.decree_template.path).exists():
        return Path(instance.decree_template.path)
    configured = getattr(settings, "DECREE_TEMPLATE", "")
    if configured and Path(configured).exists():
        return Path(configured)
    custom = Path(settings.DATA_DIR) / "templates" / "sk_mutasi.docx"
    if custom.exists():
        return custom
    return SHIPPED_TEMPLATE


def _no_progress(percent: int) -> None:
    pass


def render_docx(
    plan: Plan,
    header: DecreeHeader,
    rows: list[dict[str, Any]],
    *,
    source: Path | io.BytesIO | None = None,
    progress: Progress = _no_progress,
) -> bytes:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    template = DocxTemplate(source if source is not None else template_source())
    context = _context(plan, header, rows)
    context["logo"] = (
        InlineImage(template, context["logo_path"], height=Mm(22)) if context["logo_path"] else ""
    )
    progress(30)
    template.render(context, autoescape=True)
    progress(80)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def validate_template(content: bytes) -> None:
    """Refuse a file that is not a .docx docxtpl can fill (tried on a sample decree)."""
    import zipfile

    from docxtpl import DocxTemplate

    if not content.startswith(b"PK"):
        raise DecreeTemplateError(_("Templat SK harus berkas Word .docx."))
    sample = Plan(pk=0, name="contoh", mechanism="optimal")
    header = DecreeHeader(number="800/1/2027", government="Pemerintah Contoh")
    row = {
        "no": 1,
        "move_id": 0,
        "nip": "199001012015031001",
        "name": "Contoh",
        "golongan": "III/a",
        "pangkat": "Penata Muda (III/a)",
        "from_code": "A",
        "from_post": "Jabatan lama",
        "from_unit": "Unit lama",
        "to_code": "B",
        "to_post": "Jabatan baru",
        "to_unit": "Unit baru",
        "reason": "",
    }
    try:
        DocxTemplate(io.BytesIO(content))  # opens the package
        render_docx(sample, header, [row], source=io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DecreeTemplateError(_("Templat SK bukan berkas .docx yang sah.")) from exc
    except Exception as exc:  # noqa: BLE001 - Jinja syntax errors and the like, shown to the user
        raise DecreeTemplateError(
            _("Templat SK tidak dapat diisi: %(why)s") % {"why": str(exc)[:300]}
        ) from exc


def _pdf(html: str, progress: Progress) -> bytes:
    from weasyprint import HTML

    progress(20)
    document = HTML(string=html).render()  # the layout: most of the time on long attachments
    progress(85)
    return document.write_pdf()


def render_pdf(
    plan: Plan,
    header: DecreeHeader,
    rows: list[dict[str, Any]],
    *,
    progress: Progress = _no_progress,
) -> bytes:
    with translation.override("id"):
        html = render_to_string("plans/decree/sk.html", _context(plan, header, rows))
    return _pdf(html, progress)


def header_to_json(header: DecreeHeader) -> dict[str, Any]:
    data = dataclasses.asdict(header)
    data["date"] = header.date.isoformat()
    return data


def header_from_json(data: dict[str, Any]) -> DecreeHeader:
    return DecreeHeader(**{**data, "date": datetime.date.fromisoformat(data["date"])})


def render_petikan_pdf(
    plan: Plan,
    header: DecreeHeader,
    row: dict[str, Any],
    *,
    progress: Progress = _no_progress,
) -> bytes:
    """The extract (petikan) of the decree for one employee."""
    context = _context(plan, header, [row])
    context["row"] = row
    with translation.override("id"):
        html = render_to_string("plans/decree/petikan.html", context)
    return _pdf(html, progress)


# The attachment workbook's columns: readable headers, in Indonesian like the decree itself.
ATTACHMENT_COLUMNS = [
    ("No", "no", 5),
    ("NIP", "nip", 20),
    ("Nama", "name", 28),
    ("Pangkat/Golongan", "pangkat", 24),
    ("Kode Jabatan Lama", "from_code", 14),
    ("Jabatan Lama", "from_post", 30),
    ("Unit Kerja Lama", "from_unit", 30),
    ("Kode Jabatan Baru", "to_code", 14),
    ("Jabatan Baru", "to_post", 30),
    ("Unit Kerja Baru", "to_unit", 30),
    ("Alasan", "reason", 50),
]


def render_attachment_xlsx(
    plan: Plan,
    header: DecreeHeader,
    rows: list[dict[str, Any]],
    *,
    progress: Progress = _no_progress,
) -> bytes:
    """The attachment list of moves as a workbook (one row per move)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "lampiran"
    sheet.append([f"Lampiran Keputusan {header.head_title} Nomor {header.number}"])
    sheet.append([_context(plan, header, rows)["title"]])
    sheet.append([])
    sheet.append([title for title, _key, _width in ATTACHMENT_COLUMNS])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    progress(20)
    for r in rows:
        sheet.append([r[key] for _title, key, _width in ATTACHMENT_COLUMNS])
    neutralize_formulas(sheet)
    for index, (_title, _key, width) in enumerate(ATTACHMENT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    progress(80)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
