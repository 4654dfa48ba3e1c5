"""``mutasi template FILE.xlsx``: the empty import workbook, with a notes sheet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from mutasi.core.commands import OfficeCommand
from mutasi.people.exporter import write_template


class Command(OfficeCommand):
    help = _("Tulis workbook impor kosong (baris judul setiap sheet dan sheet catatan).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("file .xlsx yang ditulis"))

    def handle(self, *args: Any, **options: Any) -> None:
        path = write_template(options["file"])
        self.stdout.write(f"{path}\n")
