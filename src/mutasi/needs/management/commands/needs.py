"""``mutasi needs``: the needs analysis (ABK) per post, unit or sector."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mutasi.needs import tables
from mutasi.needs.selectors import compute_needs


class Command(BaseCommand):
    help = (
        "Needs analysis (ABK): per post kode_jabatan, nama_jabatan, kode_unit, bezetting, "
        "kebutuhan_abk (two decimals), kebutuhan (rounded, or set by a planner), selisih "
        "(bezetting - kebutuhan; negative = shortage)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--by",
            choices=["post", "unit", "sector"],
            default="post",
            help="aggregate per unit or per sector (default: per post)",
        )
        parser.add_argument("--format", choices=["table", "csv"], default="table")
        parser.add_argument(
            "--full",
            action="store_true",
            help="add every column of the web page's export (source, EJ, grade, five-year selisih)",
        )
        parser.add_argument(
            "--on",
            type=datetime.date.fromisoformat,
            default=None,
            help="reference date of the retirement projection (YYYY-MM-DD; default today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        analysis = compute_needs(today=options["on"])
        by = options["by"]
        if by not in tables.TABLES:  # pragma: no cover - argparse already checks
            raise CommandError(f"--by {by}")
        columns = tables.TABLES[by](analysis, full=options["full"])
        rows = tables.rows_for(analysis, by)
        if options["format"] == "csv":
            self.stdout.write(tables.to_csv(columns, rows), ending="")
        else:
            self.stdout.write(tables.to_text_table(columns, rows), ending="")
