"""``mutasi backup FILE``: the database and the generated documents in one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from mutasi.core import backup
from mutasi.core.commands import OfficeCommand


class Command(OfficeCommand):
    help = _("Cadangkan basis data dan dokumen yang dihasilkan ke satu berkas (.zip).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help=_("berkas cadangan yang ditulis, mis. cadangan.zip")
        )

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            manifest = backup.write_backup(file)
        except (backup.BackupError, OSError) as error:
            raise CommandError(_("Cadangan gagal: %(e)s") % {"e": error}) from None
        self.stdout.write(
            _("Ditulis: %(f)s — %(what)s") % {"f": file, "what": backup.describe(manifest)}
        )
