"""``mutasi training``: compute or print a plan's training plan; JP per employee per year."""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from mutasi.core.commands import OfficeCommand
from mutasi.core.numbers import number
from mutasi.plans.models import Plan
from mutasi.training import exports
from mutasi.training.models import TrainingStatus
from mutasi.training.selectors import MIN_JP_PER_YEAR, jp_per_employee, latest_training_plan
from mutasi.training.services import (
    APPROVED,
    DEFAULT_WINDOW_DAYS,
    TrainingError,
    do_queue_training_plan,
    do_run_training_plan,
)


class Command(OfficeCommand):
    help = _(
        "Rencana pelatihan sebuah rencana mutasi: --plan N mencetak rencana pelatihan terbarunya, "
        "atau menghitung yang baru dengan --budget X (kolom nip, nama, kode_diklat, nama_diklat, "
        "kode_sesi, tanggal_mulai, jp, biaya, gap_ditutup). --jp --year Y mendaftar JP tiap "
        "pegawai terhadap minimum 20 JP setahun (PP 11/2017 Pasal 203, PP 17/2020); --below "
        "hanya yang di bawahnya."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, help=_("nomor rencana mutasi"))
        parser.add_argument(
            "--budget", help=_("anggaran siklus dalam rupiah (menghitung rencana pelatihan baru)")
        )
        parser.add_argument(
            "--window-days",
            type=int,
            default=DEFAULT_WINDOW_DAYS,
            help=_(
                "sesi boleh mulai paling lambat sekian hari setelah tanggal efektif (bawaan "
                "%(default)s)"
            ),
        )
        parser.add_argument("--jp", action="store_true", help=_("JP tiap pegawai dalam setahun"))
        parser.add_argument("--year", type=int, help=_("tahun untuk --jp"))
        parser.add_argument("--below", action="store_true", help=_("hanya pegawai di bawah 20 JP"))
        parser.add_argument("--format", choices=["table", "csv"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["jp"]:
            self._jp(options)
            return
        if options["plan"] is None:
            raise CommandError(_("Sebutkan --plan N (nomor rencana mutasi) atau --jp --year Y."))
        plan = Plan.objects.filter(pk=options["plan"]).select_related("cycle").first()
        if plan is None:
            raise CommandError(_("Rencana #%(n)s tidak ditemukan.") % {"n": options["plan"]})
        tp = latest_training_plan(plan)
        if options["budget"] is not None:
            try:
                budget = Decimal(options["budget"])
            except InvalidOperation as exc:
                raise CommandError(
                    _("--budget harus angka rupiah, bukan “%(v)s”") % {"v": options["budget"]}
                ) from exc
            if plan.status not in APPROVED:
                sys.stderr.write(
                    _("Catatan: rencana #%(n)s belum disetujui; hasil ini rancangan.\n")
                    % {"n": plan.pk}
                )
            try:
                tp = do_queue_training_plan(
                    plan,
                    budget=budget,
                    window_days=options["window_days"],
                    acting_user=None,
                    require_approved=False,
                )
            except TrainingError as exc:
                raise CommandError(exc.message) from exc
            tp = do_run_training_plan(tp, acting_user=None)
            if tp.status != TrainingStatus.DONE:
                raise CommandError(tp.error)
        if tp is None:
            raise CommandError(
                _("Rencana #%(n)s belum punya rencana pelatihan; jalankan dengan --budget X.")
                % {"n": plan.pk}
            )
        rows = exports.plan_rows(tp)
        if options["format"] == "csv":
            self.stdout.write(exports.to_csv(exports.PLAN_COLUMNS, rows), ending="")
            return
        self.stdout.write(exports.to_text(exports.PLAN_COLUMNS, rows), ending="")
        # numbers as the rest of the command line writes them: 1.250.000 and 12,5 in Indonesian
        self.stdout.write(
            _(
                "Anggaran %(budget)s, terpakai %(cost)s; celah tertutup %(closed)s dari "
                "%(total)s (terbobot); celah optimalitas %(gap)s%%; %(open)s celah tidak "
                "terdanai.\n"
            )
            % {
                "budget": number(int(tp.budget), grouping=True),
                "cost": number(int(tp.cost or 0), grouping=True),
                "closed": number(tp.closed or 0, 1, grouping=True),
                "total": number(tp.total_gap or 0, 1, grouping=True),
                "gap": number(100 * (tp.gap or 0), 2),
                "open": number(len(tp.unfunded), grouping=True),
            }
        )

    def _jp(self, options: dict[str, Any]) -> None:
        if options["year"] is None:
            raise CommandError(_("Sebutkan --year Y."))
        rows = [
            (r.nip, r.name, r.unit, r.jp, MIN_JP_PER_YEAR, "ya" if r.below else "tidak")
            for r in jp_per_employee(options["year"])
            if r.below or not options["below"]
        ]
        if options["format"] == "csv":
            self.stdout.write(exports.to_csv(exports.JP_COLUMNS, rows), ending="")
        else:
            self.stdout.write(exports.to_text(exports.JP_COLUMNS, rows), ending="")
