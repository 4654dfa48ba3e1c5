"""``mutasi ikm [--periode P] [--format text|csv]``: the IKM per unit and period."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mutasi.core.commands import OfficeCommand
from mutasi.evaluation import export, selectors
from mutasi.evaluation.periods import PeriodError, parse_period


class Command(OfficeCommand):
    help = _(
        "Indeks Kepuasan Masyarakat (IKM, PermenPANRB 14/2017) per unit dan periode: responden, "
        "NRR u1…u9, IKM, mutu."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--periode", help=_("hanya periode ini (contoh: 2026-S1)"))
        parser.add_argument("--format", choices=["text", "csv"], default="text")

    def handle(self, *args, periode: str | None, format: str, **options):  # type: ignore[no-untyped-def]
        if periode:
            try:
                periode = parse_period(periode).code
            except PeriodError:
                raise CommandError(
                    _("Periode “%(p)s” tidak dikenal (contoh: 2026, 2026-S1, 2026-T3)")
                    % {"p": periode}
                ) from None
        rows = selectors.ikm_rows(period=periode)
        if format == "csv":
            self.stdout.write(export.to_csv(rows), ending="")
            return
        if not rows:
            self.stdout.write(_("Belum ada data survei."))
            return
        for line in export.to_csv(rows).splitlines():
            self.stdout.write("  ".join(f"{c:>8}" for c in line.split(",")))
