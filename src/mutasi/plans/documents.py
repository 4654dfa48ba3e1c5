"""Decree documents rendered by the task worker, kept on disk, served as files.

A request never renders a document: ``request_document`` records what is wanted (plan version,
header, kind, move) under a key and queues ``render_document_task``; the worker renders it with
progress (``DecreeDocument.progress``, polled by the decree page), writes it to
``OUTPUT_DIR/sk/`` and marks it done; the page then links the file, served as it is. The same
request later finds the file and queues nothing. The folder is kept under
``settings.DOCUMENT_CACHE_MAX_BYTES``: after each render the least recently made files go first.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import decree
from .models import DecreeDocument, DocumentKind, DocumentStatus, Move, Plan

logger = logging.getLogger(__name__)

EXTENSIONS = {
    DocumentKind.DECREE_PDF: "pdf",
    DocumentKind.DECREE_DOCX: "docx",
    DocumentKind.ATTACHMENT_XLSX: "xlsx",
    DocumentKind.PETIKAN_PDF: "pdf",
}
MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def folder() -> Path:
    return Path(settings.OUTPUT_DIR) / "sk"


def _template_fingerprint() -> str:
    source = decree.template_source()
    stat = source.stat()
    return f"{source}:{stat.st_size}:{stat.st_mtime_ns}"


def document_key(plan: Plan, kind: str, header: decree.DecreeHeader, move: Move | None) -> str:
    """Same plan version, header, kind, move, office settings and template = same file."""
    from mutasi.core.models import Instance

    instance = Instance.current()
    parts = [
        plan.pk,
        plan.version,
        kind,
        move.pk if move else None,
        decree.header_to_json(header),
        instance.updated_at.isoformat() if instance.updated_at else None,
        _template_fingerprint() if kind == DocumentKind.DECREE_DOCX else None,
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:40]


def file_path(document: DecreeDocument) -> Path | None:
    if not document.file_name:
        return None
    return folder() / document.file_name


def is_ready(document: DecreeDocument) -> bool:
    path = file_path(document)
    return document.status == DocumentStatus.DONE and path is not None and path.exists()


def download_name(document: DecreeDocument) -> str:
    stem = {
        DocumentKind.DECREE_PDF: "sk-mutasi",
        DocumentKind.DECREE_DOCX: "sk-mutasi",
        DocumentKind.ATTACHMENT_XLSX: "lampiran-sk-mutasi",
        DocumentKind.PETIKAN_PDF: "petikan-sk-mutasi",
    }[DocumentKind(document.kind)]
    number = slugify(document.header.get("number", ""))[:40]
    suffix = f"-{document.move.employee.nip}" if document.move_id and document.move else ""
    return (
        f"{stem}{'-' + number if number else ''}{suffix}.{EXTENSIONS[DocumentKind(document.kind)]}"
    )


def request_document(
    plan: Plan,
    kind: str,
    header: decree.DecreeHeader,
    *,
    acting_user: Any,
    move: Move | None = None,
) -> DecreeDocument:
    """The document for this plan, header and kind: ready, or queued for the worker."""
    from .tasks import render_document_task

    key = document_key(plan, kind, header, move)
    with transaction.atomic():
        document, created = DecreeDocument.objects.select_for_update().get_or_create(
            key=key,
            defaults={
                "plan": plan,
                "kind": kind,
                "move": move,
                "header": decree.header_to_json(header),
                "requested_by": acting_user
                if getattr(acting_user, "is_authenticated", False)
                else None,
            },
        )
        again = not created and (
            document.status == DocumentStatus.FAILED
            or (document.status == DocumentStatus.DONE and not is_ready(document))
        )
        if again:
            document.status, document.progress, document.error = DocumentStatus.QUEUED, 0, ""
            document.save(update_fields=["status", "progress", "error", "updated_at"])
        if created or again:
            render_document_task.enqueue(document.pk)
    return document


def _set(document: DecreeDocument, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(document, name, value)
    DecreeDocument.objects.filter(pk=document.pk).update(**fields, updated_at=timezone.now())


def render_document(document: DecreeDocument) -> DecreeDocument:
    """Render one document into the cache folder (the worker's side); failures are stored."""
    from .runs import keep_alive

    if is_ready(document):
        return document
    _set(document, status=DocumentStatus.RUNNING, progress=1, error="")

    def progress(percent: int) -> None:
        _set(document, progress=max(1, min(99, percent)))

    def touch() -> None:
        DecreeDocument.objects.filter(pk=document.pk).update(updated_at=timezone.now())

    try:
        with keep_alive(touch, f"document-{document.pk}"):
            content = _render(document, progress)
        target = folder() / f"{document.key}.{EXTENSIONS[DocumentKind(document.kind)]}"
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(content)
        partial.replace(target)
        _set(
            document,
            status=DocumentStatus.DONE,
            progress=100,
            file_name=target.name,
            size=len(content),
        )
        enforce_cache_limit(keep=document.pk)
    except Exception as exc:  # noqa: BLE001 - the page shows the cause; the log keeps the trace
        logger.exception("decree document %s failed", document.pk)
        message = _("Dokumen gagal disiapkan: %(why)s") % {
            "why": str(exc)[:300] or type(exc).__name__
        }
        _set(document, status=DocumentStatus.FAILED, error=message)
    return document


def _render(document: DecreeDocument, progress: decree.Progress) -> bytes:
    plan = Plan.objects.select_related("cycle").get(pk=document.plan_id)
    header = decree.header_from_json(document.header)
    kind = DocumentKind(document.kind)
    if kind == DocumentKind.PETIKAN_PDF:
        rows = decree.decree_rows(plan, Move.objects.filter(plan=plan, pk=document.move_id))
        if not rows:
            raise ValueError(_("mutasi ini tidak ada lagi dalam rencana"))
        progress(10)
        return decree.render_petikan_pdf(plan, header, rows[0], progress=progress)
    rows = decree.decree_rows(plan)
    progress(10)
    if kind == DocumentKind.DECREE_PDF:
        return decree.render_pdf(plan, header, rows, progress=progress)
    if kind == DocumentKind.DECREE_DOCX:
        return decree.render_docx(plan, header, rows, progress=progress)
    return decree.render_attachment_xlsx(plan, header, rows, progress=progress)


def enforce_cache_limit(*, keep: int | None = None) -> int:
    """Remove the oldest finished files until the folder fits the limit; return how many."""
    limit = int(settings.DOCUMENT_CACHE_MAX_BYTES)
    done = list(
        DecreeDocument.objects.filter(status=DocumentStatus.DONE)
        .exclude(file_name="")
        .order_by("-updated_at", "-id")
    )
    total = sum(d.size for d in done)
    removed = 0
    for document in reversed(done):  # oldest first
        if total <= limit:
            break
        if document.pk == keep:
            continue
        path = file_path(document)
        if path is not None:
            path.unlink(missing_ok=True)
        total -= document.size
        DecreeDocument.objects.filter(pk=document.pk).delete()
        removed += 1
    return removed


def fail_stale_documents() -> int:
    """Documents whose worker died mid-render (no heartbeat) are marked failed (can be redone)."""
    from .runs import heartbeat_timeout

    cutoff = timezone.now() - heartbeat_timeout()
    return DecreeDocument.objects.filter(
        status=DocumentStatus.RUNNING, updated_at__lt=cutoff
    ).update(
        status=DocumentStatus.FAILED,
        error=_("Penyiapan dokumen terhenti (proses pekerja berhenti); minta ulang dokumennya."),
    )
