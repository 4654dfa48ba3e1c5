"""``mutasi retention``: anonymise or delete personal data past its keeping time (UU 27/2022)."""

from __future__ import annotations

import csv
from typing import Any

from django.utils.translation import gettext as _

from mutasi.core.commands import OfficeCommand
from mutasi.core.privacy import do_apply_retention


class Command(OfficeCommand):
    help = _(
        "Hapus atau anonimkan data pribadi yang melewati masa simpannya "
        "(MUTASI_RETENTION_<JENIS>_DAYS); setiap jenis dicatat di log audit."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help=_("hanya hitung, tidak mengubah apa pun")
        )
        parser.add_argument("--format", choices=["table", "csv"], default="table")

    def handle(self, *args: Any, dry_run: bool, format: str, **options: Any) -> None:
        results = do_apply_retention(acting_user=None, dry_run=dry_run)
        header = [_("jenis"), _("masa simpan (hari)"), _("sebelum"), _("baris")]
        rows = [[r.key, str(r.days), r.cutoff.date().isoformat(), str(r.rows)] for r in results]
        if format == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(header)
            writer.writerows(rows)
            return
        widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
        for line in [header, *rows]:
            self.stdout.write("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)))
        if dry_run:
            self.stdout.write(_("(uji coba: tidak ada yang diubah)"))
