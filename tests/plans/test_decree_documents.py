"""The decree uses the office's settings; its files are rendered by the task worker (never in a
request), cached on disk under a size limit and served as files; the template is replaceable."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from mutasi.core.models import Instance
from mutasi.people.instance import do_update_instance
from mutasi.plans import decree, documents
from mutasi.plans.models import DecreeDocument, DocumentStatus, Move, PlanStatus

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def office(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    Instance.forget_cached()
    do_update_instance(
        values={
            "region_name": "Kota Sungai Jernih",
            "head_title": "Wali Kota",
            "head_name": "Budi Santoso",
            "office_name": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
            "office_head_name": "Siti Aminah",
            "office_head_nip": "197205141998032004",
            "decree_place": "Sungai Jernih",
            "letterhead": "Jalan Merdeka Nomor 1\nTelepon (0511) 1234",
        },
        logo=PNG,
        acting_user=None,
    )
    yield Instance.current()
    Instance.forget_cached()


@pytest.fixture
def planner_client(client, people):  # type: ignore[no-untyped-def]
    client.force_login(people["planner"])
    return client


@pytest.fixture
def approved(stored_plan):  # type: ignore[no-untyped-def]
    stored_plan.status = PlanStatus.APPROVED
    stored_plan.name = "Rencana internal uji 7"
    stored_plan.save(update_fields=["status", "name"])
    Move.objects.filter(plan=stored_plan).update(
        reason="Formasi tujuan kurang. Bagian dari rantai mutasi #142."
    )
    return stored_plan


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(paragraphs + cells)


def test_the_decree_names_the_office_not_the_plan_or_a_placeholder(approved, office):
    header = decree.default_header(approved)
    assert (header.government, header.head_title, header.signer_name, header.place) == (
        "Pemerintah Kota Sungai Jernih",
        "Wali Kota Sungai Jernih",
        "Budi Santoso",
        "Sungai Jernih",
    )
    rows = decree.decree_rows(approved)
    text = docx_text(decree.render_docx(approved, header, rows))
    assert "KEPUTUSAN WALI KOTA SUNGAI JERNIH" in text
    assert "PEMERINTAH KOTA SUNGAI JERNIH" in text
    assert "Jalan Merdeka Nomor 1" in text
    assert "KEPALA DAERAH" not in text.upper()
    assert "Rencana internal uji 7" not in text
    assert "#142" not in text
    assert rows[0]["reason"] == "Formasi tujuan kurang."
    # The logo is in the document package.
    assert any(
        name.startswith("word/media/")
        for name in __import__("zipfile")
        .ZipFile(io.BytesIO(decree.render_docx(approved, header, rows)))
        .namelist()
    )


def test_the_petikan_is_certified_by_the_bkpsdm_head(approved, office):
    from django.template.loader import render_to_string

    rows = decree.decree_rows(approved)
    context = decree._context(approved, decree.default_header(approved), rows)
    context["row"] = rows[0]
    html = render_to_string("plans/decree/petikan.html", context)
    assert "Siti Aminah" in html and "NIP 197205141998032004" in html
    assert "Jalan Merdeka Nomor 1" in html and "PEMERINTAH KOTA SUNGAI JERNIH" in html


@pytest.mark.django_db(transaction=True)
def test_a_download_queues_the_worker_and_the_file_is_served_once_rendered(
    planner_client, approved, office, settings
):  # type: ignore[no-untyped-def]
    """On the shipped task backend: the request only queues; the worker renders."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    url = reverse("plans:decree_download", args=[approved.pk, "pdf"])
    first = planner_client.get(url, {"number": "800/7/2027"})
    assert first.status_code == 302
    document = DecreeDocument.objects.get()
    assert document.status == DocumentStatus.QUEUED and not document.file_name
    assert DBTaskResult.objects.count() == 1
    page = planner_client.get(first.url)
    assert 'id="progress-card"' in page.content.decode(), page.content.decode()[-3000:]

    call_command("db_worker", batch=True, no_reload=True, no_startup_delay=True, verbosity=0)
    document.refresh_from_db()
    assert (document.status, document.progress) == (DocumentStatus.DONE, 100)

    again = planner_client.get(url, {"number": "800/7/2027"})
    assert again.status_code == 200
    content = b"".join(again.streaming_content)
    assert content.startswith(b"%PDF")
    assert again["Content-Disposition"].startswith('attachment; filename="sk-mutasi-8007')
    assert DBTaskResult.objects.count() == 1  # nothing rendered twice
    listed = planner_client.get(reverse("plans:decree", args=[approved.pk])).content.decode()
    assert reverse("plans:decree_document", args=[approved.pk, document.pk]) in listed


def test_the_inline_backend_serves_docx_xlsx_and_petikan(planner_client, approved, office):
    docx = planner_client.get(reverse("plans:decree_download", args=[approved.pk, "docx"]))
    assert docx.status_code == 200
    assert "WALI KOTA SUNGAI JERNIH" in docx_text(b"".join(docx.streaming_content))
    xlsx = planner_client.get(reverse("plans:decree_download", args=[approved.pk, "xlsx"]))
    assert b"".join(xlsx.streaming_content).startswith(b"PK")
    move = Move.objects.get(plan=approved)
    petikan = planner_client.get(reverse("plans:petikan", args=[approved.pk, move.pk]))
    assert b"".join(petikan.streaming_content).startswith(b"%PDF")
    assert move.employee.nip in petikan["Content-Disposition"]


def test_the_document_folder_is_kept_under_its_limit_oldest_first(approved, office, settings):
    header = decree.default_header(approved)
    made = []
    for number in ("1", "2", "3"):
        header.number = number
        made.append(documents.request_document(approved, "lampiran_xlsx", header, acting_user=None))
    sizes = [DecreeDocument.objects.get(pk=d.pk).size for d in made]
    assert all(sizes)
    settings.DOCUMENT_CACHE_MAX_BYTES = sizes[1] + sizes[2]
    assert documents.enforce_cache_limit() == 1
    assert not DecreeDocument.objects.filter(pk=made[0].pk).exists()
    files = sorted(p.name for p in documents.folder().iterdir())
    assert len(files) == 2


def test_an_office_replaces_the_template_and_a_broken_one_is_refused(
    planner_client, approved, office
):  # type: ignore[no-untyped-def]
    url = reverse("plans:decree_template")
    shipped = planner_client.get(url, {"download": "1"})
    original = b"".join(shipped.streaming_content)
    edited = Document(io.BytesIO(original))
    edited.paragraphs[0].insert_paragraph_before("SALINAN KHUSUS {{ government_upper }}")
    buffer = io.BytesIO()
    edited.save(buffer)

    broken = Document(io.BytesIO(original))
    broken.paragraphs[0].insert_paragraph_before("{% for x in %}")
    broken_buffer = io.BytesIO()
    broken.save(broken_buffer)
    refused = planner_client.post(
        url, {"template": _upload("rusak.docx", broken_buffer.getvalue())}
    )
    assert "Templat SK tidak dapat diisi" in refused.content.decode()
    not_docx = planner_client.post(url, {"template": _upload("x.docx", b"hello")})
    assert "harus berkas Word .docx" in not_docx.content.decode()
    assert not Instance.objects.get().decree_template

    accepted = planner_client.post(url, {"template": _upload("sk.docx", buffer.getvalue())})
    assert accepted.status_code == 302
    docx = planner_client.get(reverse("plans:decree_download", args=[approved.pk, "docx"]))
    assert "SALINAN KHUSUS PEMERINTAH KOTA SUNGAI JERNIH" in docx_text(
        b"".join(docx.streaming_content)
    )


def _upload(name: str, content: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_the_shipped_template_is_a_valid_docx_template(db):  # type: ignore[no-untyped-def]
    decree.validate_template(decree.SHIPPED_TEMPLATE.read_bytes())
