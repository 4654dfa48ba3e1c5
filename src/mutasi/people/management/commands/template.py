"""``mutasi template FILE.xlsx``: the empty import workbook, with a notes sheet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mutasi.people.exporter import write_template


class Command(BaseCommand):
    help = "Write the empty import workbook (every sheet's header row and a notes sheet)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        path = write_template(options["file"])
        self.stdout.write(f"{path}\n")
