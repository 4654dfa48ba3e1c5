"""``mutasi import FILE``: import a workbook (.xlsx, or a folder of .csv), all or nothing.

Prints what changed per sheet, then the warnings; on rejection prints every error and exits 1.
The columns of its tables are named like the workbook's (``jenis``, ``sheet``, ``baris``, …), in
CSV and in the text table alike, so a script reads the same names in either language.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutasi.core.commands import OfficeCommand
from mutasi.core.numbers import number
from mutasi.core.tables import csv_text, text_table
from mutasi.people.importer import ImportReport, Issue
from mutasi.people.services import do_import_workbook

ISSUE_COLUMNS = ["jenis", "sheet", "baris", "kolom", "nilai", "keterangan"]
COUNT_COLUMNS = ["sheet", "baru", "diubah", "tetap", "dihapus"]
ERROR, WARNING = "kesalahan", "peringatan"  # the ``jenis`` of an issue


def _issue_rows(report: ImportReport) -> list[list[str]]:
    def row(level: str, issue: Issue) -> list[str]:
        return [
            level,
            issue.sheet,
            "" if issue.row is None else str(issue.row),
            issue.column,
            issue.value,
            issue.message,
        ]

    return [row(ERROR, i) for i in report.errors] + [row(WARNING, i) for i in report.warnings]


def _count_rows(report: ImportReport) -> list[list[str]]:
    return [
        [sheet, str(c.new), str(c.updated), str(c.unchanged), str(c.removed)]
        for sheet, c in report.counts.items()
    ]


class Command(OfficeCommand):
    help = _(
        "Impor workbook (.xlsx, atau folder berisi file .csv yang dinamai seperti sheet-nya). "
        "Semua atau tidak sama sekali: file dengan satu kesalahan pun tidak mengubah apa-apa, "
        "dan setiap kesalahan didaftar (sheet, baris, kolom, nilai, keterangan); kode keluarnya "
        "lalu 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("FILE.xlsx, atau folder berisi unit_kerja.csv, …"))
        parser.add_argument(
            "--format",
            choices=["table", "csv"],
            default="table",
            help=_("csv: cetak tabel kesalahan (atau, bila berhasil, jumlah baris) sebagai CSV"),
        )
        parser.add_argument("--user", help=_("nama pengguna yang dicatat di log audit"))

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(
                    _("Tidak ada pengguna “%(name)s”.") % {"name": options["user"]}
                ) from None
        report = do_import_workbook(options["file"], acting_user=user)
        as_csv = options["format"] == "csv"
        if not report.ok:
            table = csv_text if as_csv else text_table
            self.stdout.write(table(ISSUE_COLUMNS, _issue_rows(report)), ending="")
            raise CommandError(
                ngettext(
                    "Impor ditolak: %(n)s kesalahan, tidak ada data yang berubah.",
                    "Impor ditolak: %(n)s kesalahan, tidak ada data yang berubah.",
                    len(report.errors),
                )
                % {"n": len(report.errors)},
                returncode=1,
            )
        warnings = len(report.warnings)
        if as_csv:
            self.stdout.write(csv_text(COUNT_COLUMNS, _count_rows(report)), ending="")
            if warnings:
                self.stderr.write(
                    ngettext(
                        "%(n)s peringatan; lihat --format table",
                        "%(n)s peringatan; lihat --format table",
                        warnings,
                    )
                    % {"n": warnings}
                )
            return
        self.stdout.write(
            _("%(source)s: diimpor dalam %(s)s detik\n")
            % {"source": report.source, "s": number(report.seconds, 1)}
        )
        self.stdout.write(text_table(COUNT_COLUMNS, _count_rows(report)))
        if report.new_competencies:
            self.stdout.write(_("Kompetensi baru: %(n)s\n") % {"n": report.new_competencies})
        if warnings:
            self.stdout.write(
                "\n"
                + ngettext("%(n)s peringatan:\n", "%(n)s peringatan:\n", warnings) % {"n": warnings}
            )
            self.stdout.write(text_table(ISSUE_COLUMNS, _issue_rows(report)))
