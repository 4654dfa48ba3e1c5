"""Writes to the people app: the workbook import."""

from __future__ import annotations

import time
from pathlib import Path
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mutasi.core.audit import record_audit
from mutasi.core.dataversion import bump_data_version

from . import importer
from .importer import ImportReport, Issue


def do_import_workbook(path_or_file: str | Path | IO[bytes], *, acting_user: Any) -> ImportReport:
    """Import a workbook (.xlsx path or file object, or a folder of .csv files): all or nothing.

    Returns the report. When ``report.errors`` is not empty nothing was written (not even an
    audit entry); otherwise every sheet was upserted by its key in one transaction and one audit
    entry (action "import") records the counts.
    """
    started = time.perf_counter()
    try:
        tables, label = importer.read_source(path_or_file)
    except importer.UnreadableFile as exc:
        report = ImportReport(source=str(getattr(path_or_file, "name", path_or_file)))
        report.errors.extend(exc.issues)
        report.seconds = time.perf_counter() - started
        return report
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
