"""``mutasi restore FILE``: replace the database and documents with a backup's."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from mutasi.core import backup, runtime
from mutasi.core.commands import OfficeCommand


class Command(OfficeCommand):
    help = _(
        "Pulihkan basis data dan dokumen dari berkas cadangan (menggantikan seluruh isi sekarang)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("berkas cadangan dari mutasi backup"))
        parser.add_argument(
            "--yes", action="store_true", help=_("jangan bertanya dulu (untuk skrip)")
        )

    def handle(self, *args: Any, file: Path, yes: bool, **options: Any) -> None:
        try:
            runtime.ensure_data_dir()
            manifest = backup.read_manifest(file)
            backup.check_compatible(manifest)
        except (backup.BackupError, runtime.RuntimeSetupError) as error:
            raise CommandError(str(error)) from None
        if not yes:
            question = _(
                "Seluruh data di %(db)s akan diganti dengan %(what)s. Lanjutkan? [y/N] "
            ) % {"db": runtime.database_description(), "what": backup.describe(manifest)}
            if not sys.stdin.isatty():
                raise CommandError(
                    _("Pemulihan mengganti seluruh data; jalankan dengan --yes untuk melanjutkan.")
                )
            if input(question).strip().lower() not in ("y", "ya", "yes"):
                raise CommandError(_("Dibatalkan; tidak ada yang diubah."))
        try:
            backup.restore_backup(file)
        except (backup.BackupError, OSError) as error:
            raise CommandError(_("Pemulihan gagal: %(e)s") % {"e": error}) from None
        self.stdout.write(_("Dipulihkan: %(what)s") % {"what": backup.describe(manifest)})
