"""``mutasi needs``: the needs analysis (ABK) per post, unit or sector."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from mutasi.core.commands import OfficeCommand
from mutasi.needs import tables
from mutasi.needs.selectors import compute_needs


class Command(OfficeCommand):
    help = _(
        "Analisis kebutuhan (ABK): per jabatan kode_jabatan, nama_jabatan, kode_unit, bezetting, "
        "kebutuhan_abk (dua desimal), kebutuhan (dibulatkan, atau ditetapkan perencana), selisih "
        "(bezetting - kebutuhan; negatif = kekurangan)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--by",
            choices=["post", "unit", "sector"],
            default="post",
            help=_("jumlahkan per unit atau per sektor (bawaan: per jabatan)"),
        )
        parser.add_argument("--format", choices=["table", "csv"], default="table")
        parser.add_argument(
            "--full",
            action="store_true",
            help=_(
                "tambah semua kolom ekspor halaman web (sumber, EJ, predikat, selisih lima tahun)"
            ),
        )
        parser.add_argument(
            "--on",
            type=datetime.date.fromisoformat,
            default=None,
            help=_("tanggal acuan proyeksi pensiun (YYYY-MM-DD; bawaan hari ini)"),
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
