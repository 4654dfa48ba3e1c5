"""``mutasi import FILE``: import a workbook (.xlsx, or a folder of .csv), all or nothing.

Prints what changed per sheet, then the warnings; on rejection prints every error and exits 1.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mutasi.core.tables import csv_text, text_table
from mutasi.people.importer import ImportReport, Issue
from mutasi.people.services import do_import_workbook

ISSUE_COLUMNS = ["level", "sheet", "row", "column", "value", "message"]
COUNT_COLUMNS = ["sheet", "new", "updated", "unchanged", "removed"]


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

    return [row("error", i) for i in report.errors] + [row("warning", i) for i in report.warnings]


def _count_rows(report: ImportReport) -> list[list[str]]:
    return [
        [sheet, str(c.new), str(c.updated), str(c.unchanged), str(c.removed)]
        for sheet, c in report.counts.items()
    ]


_csv = csv_text
_text = text_table


class Command(BaseCommand):
    help = (
        "Import a workbook (.xlsx, or a folder of .csv files named after the sheets). All or "
        "nothing: a file with any error changes nothing and every error is listed "
        "(sheet, row, column, value, message); the exit code is then 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="FILE.xlsx, or a folder with unit_kerja.csv, …")
        parser.add_argument(
            "--format",
            choices=["table", "csv"],
            default="table",
            help="csv: print the error table (or, on success, the counts) as CSV",
        )
        parser.add_argument("--user", help="user name recorded in the audit log")

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"no user {options['user']!r}") from None
        report = do_import_workbook(options["file"], acting_user=user)
        as_csv = options["format"] == "csv"
        if not report.ok:
            if as_csv:
                self.stdout.write(_csv(ISSUE_COLUMNS, _issue_rows(report)), ending="")
            else:
                self.stdout.write(_text(ISSUE_COLUMNS, _issue_rows(report)), ending="")
            raise CommandError(
                f"import rejected: {len(report.errors)} error(s), nothing was changed",
                returncode=1,
            )
        if as_csv:
            self.stdout.write(_csv(COUNT_COLUMNS, _count_rows(report)), ending="")
            if report.warnings:
                self.stderr.write(f"{len(report.warnings)} warning(s); see --format table")
            return
        self.stdout.write(f"{report.source}: imported in {report.seconds:.1f} s\n")
        self.stdout.write(_text(COUNT_COLUMNS, _count_rows(report)))
        if report.new_competencies:
            self.stdout.write(f"new competencies: {report.new_competencies}\n")
        if report.warnings:
            self.stdout.write(f"\n{len(report.warnings)} warning(s):\n")
            self.stdout.write(_text(ISSUE_COLUMNS, _issue_rows(report)))
