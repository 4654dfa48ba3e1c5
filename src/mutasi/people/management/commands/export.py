"""``mutasi export FILE.xlsx``: the stored data in the import workbook's format."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from mutasi.core.commands import OfficeCommand
from mutasi.core.tables import csv_text
from mutasi.people.exporter import export_workbook


class Command(OfficeCommand):
    help = _(
        "Ekspor unit, jabatan, pegawai, riwayat, beban kerja dan preferensi dalam format impor: "
        "FILE.xlsx, atau folder berisi file .csv untuk nama lain. Mencetak jumlah baris per "
        "sheet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help=_("FILE.xlsx, atau folder untuk satu .csv per sheet"))
        parser.add_argument("--format", choices=["table", "csv"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        written = export_workbook(options["target"])
        if options["format"] == "csv":
            self.stdout.write(csv_text(["sheet", "baris"], written.items()), ending="")
            return
        self.stdout.write(f"{options['target']}\n")
        for sheet, count in written.items():
            self.stdout.write(f"  {sheet:<16} {count:>8}\n")
