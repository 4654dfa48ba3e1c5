"""``mutasi check``: re-check a stored plan against every hard rule (mutasi.planner.check)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutasi import planner
from mutasi.core.commands import OfficeCommand
from mutasi.core.tables import csv_text
from mutasi.plans import adapter
from mutasi.plans.models import Plan, PlanStatus


class Command(OfficeCommand):
    help = _(
        "Periksa ulang setiap aturan wajib dari data untuk rencana yang tersimpan (bawaan: yang "
        "terbaru) dan daftar pelanggarannya (aturan, nip, jabatan, unit, pesan); kode keluarnya "
        "1 bila ada."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--plan", type=int, help=_("id rencana (bawaan: yang terbaru dihitung)")
        )
        parser.add_argument("--format", choices=["table", "csv"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        plans = Plan.objects.exclude(status__in=[PlanStatus.QUEUED, PlanStatus.RUNNING])
        plans = plans.exclude(status=PlanStatus.FAILED)
        plan = (
            plans.filter(pk=options["plan"]).first()
            if options["plan"]
            else plans.order_by("-created_at", "-id").first()
        )
        if plan is None:
            raise CommandError(
                _("Rencana #%(pk)s tidak ditemukan atau belum dihitung.") % {"pk": options["plan"]}
                if options["plan"]
                else _("Belum ada rencana yang dihitung. Jalankan `mutasi plan` dulu.")
            )
        data = adapter.problem_for_plan(plan)
        violations = adapter.check(data, adapter.planner_plan_from_rows(plan, data))
        rows = [_row(data, v) for v in violations]
        header = ["aturan", "nip", "kode_jabatan", "kode_unit", "pesan"]
        if options["format"] == "csv":
            self.stdout.write(csv_text(header, rows), ending="")
        else:
            self.stdout.write(
                ngettext(
                    "Rencana #%(pk)s “%(name)s”: %(n)s pelanggaran aturan wajib",
                    "Rencana #%(pk)s “%(name)s”: %(n)s pelanggaran aturan wajib",
                    len(violations),
                )
                % {"pk": plan.pk, "name": plan.name, "n": len(violations)}
            )
            for row in rows:
                self.stdout.write("  " + " | ".join(str(c) for c in row))
        if violations:
            raise SystemExit(1)


def _row(data: adapter.LoadedProblem, v: planner.Violation) -> list[str]:
    p = data.problem
    employee = p.employee_by_id.get(v.employee_id or "")
    position = p.position_by_id.get(v.position_id or "")
    unit = p.unit_by_id.get(v.unit_id or "")
    return [
        str(v.rule),
        employee.nip if employee else "",
        position.code if position else "",
        unit.code if unit else "",
        v.message,
    ]
