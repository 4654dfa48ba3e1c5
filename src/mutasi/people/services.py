"""Writes to the people app: the workbook import (command line and web upload)."""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi.core.audit import record_audit
from mutasi.core.dataversion import bump_data_version

from . import importer, registry
from .importer import ImportReport, Issue
from .models import ImportStatus, ImportUpload

logger = logging.getLogger(__name__)


def fingerprint(source: str | Path | IO[bytes]) -> str:
    """The SHA-256 of a workbook file (of a CSV folder: of its .csv files' names and bytes)."""
    digest = hashlib.sha256()
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_dir():
            for part in sorted(path.glob("*.csv")):
                digest.update(part.name.encode() + b"\0" + part.read_bytes())
        elif path.is_file():
            with path.open("rb") as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(block)
        return digest.hexdigest()
    position = source.tell()
    for block in iter(lambda: source.read(1 << 20), b""):
        digest.update(block)
    source.seek(position)
    return digest.hexdigest()


def do_import_workbook(
    path_or_file: str | Path | IO[bytes], *, acting_user: Any, label: str | None = None
) -> ImportReport:
    """Import a workbook (.xlsx path or file object, or a folder of .csv files): all or nothing.

    Returns the report. When ``report.errors`` is not empty nothing was written (not even an
    audit entry); otherwise every sheet was upserted by its key in one transaction and one audit
    entry (action "import") records the counts and the file's SHA-256. ``label`` names the file
    in the audit log (an upload's original name).
    """
    started = time.perf_counter()
    sha256 = fingerprint(path_or_file) if _exists(path_or_file) else ""
    try:
        tables, source = importer.read_source(path_or_file)
    except importer.UnreadableFile as exc:
        report = ImportReport(source=label or str(getattr(path_or_file, "name", path_or_file)))
        report.errors.extend(exc.issues)
        report.seconds = time.perf_counter() - started
        return report
    label = label or source
    try:
        with transaction.atomic():
            validated = importer.validate(tables, label)
            report = validated.report
            if report.ok:
                importer.apply(validated)
                bump_data_version()
                counts = {sheet: c.as_dict() for sheet, c in report.counts.items()}
                entry = record_audit(
                    "import",
                    acting_user=acting_user,
                    summary=_("Impor workbook %(file)s: %(summary)s")
                    % {"file": Path(label).name, "summary": summarize(report)},
                    after={
                        "file": label,
                        "sha256": sha256,
                        "counts": counts,
                        "warnings": len(report.warnings),
                        "new_competencies": report.new_competencies,
                    },
                )
                report.audit_entry_id = entry.pk
    except IntegrityError as exc:
        # Another write (a second import at the same moment) got there between the checks and
        # the insert; the transaction rolled back, so the file is rejected as a whole.
        report = ImportReport(source=label)
        message = _("impor dibatalkan karena data berubah selama impor; ulangi impor (%(e)s)")
        report.errors.append(Issue("", None, "", "", message % {"e": exc}))
    report.seconds = time.perf_counter() - started
    return report


def _exists(source: str | Path | IO[bytes]) -> bool:
    return not isinstance(source, str | Path) or Path(source).exists()


class _DryRun(Exception):
    """Raised inside the preview's transaction so that everything it wrote is rolled back."""


def preview_workbook(path_or_file: str | Path | IO[bytes], *, label: str = "") -> ImportReport:
    """What importing the file would do, with nothing kept: the import runs in a transaction
    that is always rolled back. ``counts`` then also carry ``kept``: rows stored before and not
    in the file (the import keeps them)."""
    try:
        tables, source = importer.read_source(path_or_file)
    except importer.UnreadableFile as exc:
        report = ImportReport(source=label or str(getattr(path_or_file, "name", path_or_file)))
        report.errors.extend(exc.issues)
        return report
    stored = {p.name: apps.get_model(p.sheet.model).objects.count() for p in registry.plugins()}
    report = ImportReport(source=label or source)
    try:
        with transaction.atomic():
            validated = importer.validate(tables, label or source)
            report = validated.report
            if report.ok:
                importer.apply(validated)
            raise _DryRun
    except _DryRun:
        pass
    except IntegrityError as exc:
        message = _("impor dibatalkan karena data berubah selama impor; ulangi impor (%(e)s)")
        report.errors.append(Issue("", None, "", "", message % {"e": exc}))
    report.kept = {
        name: max(0, stored[name] - c.updated - c.unchanged - c.removed)
        for name, c in report.counts.items()
    }
    return report


def summarize(report: ImportReport) -> str:
    """One line: "pegawai 10 baru, 2 diubah, 300 tetap; …" (sheets with rows only)."""
    parts = []
    for sheet, c in report.counts.items():
        if c.new or c.updated or c.unchanged or c.removed:
            text = _("%(sheet)s %(new)d baru, %(updated)d diubah, %(unchanged)d tetap") % {
                "sheet": sheet,
                "new": c.new,
                "updated": c.updated,
                "unchanged": c.unchanged,
            }
            if c.removed:
                text += _(", %(n)d dihapus") % {"n": c.removed}
            parts.append(text)
    return "; ".join(parts) or _("tidak ada baris")


# --- the web upload ---------------------------------------------------------------------------


class UploadRefused(Exception):
    """An upload that is not stored (too big, not .xlsx); the message is Indonesian."""


def _issue_rows(issues: list[Issue]) -> list[list[Any]]:
    return [[i.sheet, i.row, i.column, i.value, i.message] for i in issues]


def do_upload_workbook(upload: UploadedFile, *, acting_user: Any) -> ImportUpload:
    """Store an uploaded workbook under the data folder and queue its check (nothing imported)."""
    from .tasks import check_upload_task

    name = Path(upload.name or "").name.replace("\x00", "")[:255] or "workbook.xlsx"
    if not name.lower().endswith(".xlsx"):
        raise UploadRefused(_("unggah workbook .xlsx (untuk CSV, gunakan perintah mutasi import)"))
    if upload.size is not None and upload.size > importer.max_bytes():
        try:
            importer.check_size(upload.size)
        except importer.UnreadableFile as exc:
            raise UploadRefused(str(exc)) from None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        row = ImportUpload(
            original_name=name,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        row.file.save(name, upload, save=False)
        row.save()
        record_audit(
            "import_upload",
            acting_user=acting_user,
            obj=row,
            summary=_("Unggah workbook %(file)s untuk diperiksa") % {"file": name},
            after={"file": name, "sha256": row.sha256, "size": row.size},
        )
        transaction.on_commit(lambda: check_upload_task.enqueue(row.pk))
    return row


def run_upload_check(upload_id: int) -> ImportUpload:
    """The background check of an upload: a preview (rolled back), kept on the upload row."""
    claimed = ImportUpload.objects.filter(pk=upload_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.CHECKING, started_at=timezone.now()
    )
    upload = ImportUpload.objects.get(pk=upload_id)
    if not claimed:
        return upload  # checked already (a task delivered twice)
    try:
        with upload.file.open("rb") as stream:
            report = preview_workbook(stream, label=upload.original_name)
    except Exception:
        logger.exception("checking import upload %s failed", upload_id)
        upload.status = ImportStatus.FAILED
        upload.message = _("pemeriksaan gagal karena galat di server; unggah ulang file ini")
        upload.save(update_fields=["status", "message"])
        raise
    upload.counts = {
        name: {**c.as_dict(), "kept": report.kept.get(name, 0)} for name, c in report.counts.items()
    }
    upload.errors = _issue_rows(report.errors)
    upload.warnings = _issue_rows(report.warnings)
    upload.status = ImportStatus.READY if report.ok else ImportStatus.REJECTED
    upload.checked_at = timezone.now()
    upload.save(update_fields=["counts", "errors", "warnings", "status", "checked_at"])
    return upload


class NotReady(Exception):
    """Only a checked upload without errors can be applied, and only once."""


def do_confirm_upload(upload: ImportUpload, *, acting_user: Any) -> ImportUpload:
    """The planner confirms the preview: the file is imported in the background."""
    from .tasks import apply_upload_task

    with transaction.atomic():
        claimed = ImportUpload.objects.filter(pk=upload.pk, status=ImportStatus.READY).update(
            status=ImportStatus.APPLYING,
            started_at=timezone.now(),
            applied_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        if not claimed:
            raise NotReady
        user_id = getattr(acting_user, "pk", None)
        transaction.on_commit(lambda: apply_upload_task.enqueue(upload.pk, user_id))
    upload.refresh_from_db()
    return upload


def run_upload_apply(upload_id: int, acting_user: Any) -> ImportUpload:
    """Import a confirmed upload: the same all-or-nothing import as ``mutasi import``.

    The file is checked again against the data as it is now; if that finds errors (the data
    changed since the preview), nothing is written and the upload shows them.
    """
    upload = ImportUpload.objects.get(pk=upload_id)
    if upload.status != ImportStatus.APPLYING:
        return upload
    try:
        with upload.file.open("rb") as stream:
            report = do_import_workbook(stream, acting_user=acting_user, label=upload.original_name)
    except Exception:
        logger.exception("applying import upload %s failed", upload_id)
        upload.status = ImportStatus.FAILED
        upload.message = _("impor gagal karena galat di server; tidak ada data yang berubah")
        upload.save(update_fields=["status", "message"])
        raise
    if report.ok:
        upload.status = ImportStatus.APPLIED
        upload.applied_at = timezone.now()
        upload.audit_entry_id = report.audit_entry_id
        upload.counts = {
            name: {**c.as_dict(), "kept": upload.counts.get(name, {}).get("kept", 0)}
            for name, c in report.counts.items()
        }
        upload.warnings = _issue_rows(report.warnings)
    else:
        upload.status = ImportStatus.REJECTED
        upload.errors = _issue_rows(report.errors)
        upload.message = _(
            "data berubah sejak pemeriksaan dan file ini kini berisi kesalahan; tidak ada data"
            " yang berubah"
        )
    upload.save()
    return upload


def mark_stale_upload(upload: ImportUpload) -> ImportUpload:
    """An upload whose worker died mid-step: failed, with a message (its transaction was rolled
    back, so nothing of the file was kept)."""
    if not upload.stale:
        return upload
    logger.warning(
        "import upload %s stuck in %s since %s", upload.pk, upload.status, upload.started_at
    )
    applying = upload.status == ImportStatus.APPLYING
    ImportUpload.objects.filter(pk=upload.pk, status=upload.status).update(
        status=ImportStatus.FAILED,
        message=_(
            "impor tidak selesai (proses latar belakang berhenti); tidak ada data yang berubah,"
            " unggah ulang file ini"
        )
        if applying
        else _("pemeriksaan tidak selesai (proses latar belakang berhenti); unggah ulang file ini"),
    )
    upload.refresh_from_db()
    return upload
