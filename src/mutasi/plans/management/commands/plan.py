"""``mutasi plan``: plan the transfers of the data in the database and store the plan."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from mutasi.core.commands import OfficeCommand
from mutasi.plans import export
from mutasi.plans.models import Cycle, Mechanism, PlanStatus
from mutasi.plans.services import do_queue_plan, do_run_plan


@contextlib.contextmanager
def _solver_output_to_stderr() -> Iterator[None]:
    """Native solver libraries may print banners on file descriptor 1; keep stdout for the
    table (so ``--format csv`` is clean) by pointing fd 1 at stderr while the plan runs."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no real stdout (e.g. captured in tests)
        yield
        return
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


@contextlib.contextmanager
def _interrupt_on_termination() -> Iterator[None]:
    """SIGTERM and SIGHUP (a closed terminal, `kill`) stop the run like Ctrl+C does, so the plan is
    marked failed rather than left running; SIGKILL is caught later by the heartbeat check."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    wanted = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    try:
        saved = {sig: signal.signal(sig, interrupt) for sig in wanted}
    except ValueError:  # not the main thread (e.g. called from a test's thread)
        yield
        return
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


class Command(OfficeCommand):
    help = _(
        "Rencanakan mutasi dengan kebijakan bawaan atau kebijakan sebuah siklus (--cycle NAMA), "
        "simpan rencana dan mutasinya, cetak ukurannya; --out rencana.xlsx menulis sheet "
        "'mutasi' (nip, nama, kode_jabatan_asal, kode_jabatan_tujuan, alasan) dan 'ringkasan' "
        "(ukuran rencana)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", help=_("nama siklus yang kebijakan dan pinnya dipakai"))
        parser.add_argument("--mechanism", choices=Mechanism.values, default=Mechanism.OPTIMAL)
        parser.add_argument("--out", type=Path, help=_("tulis rencana sebagai .xlsx"))
        parser.add_argument("--name", default="", help=_("nama rencana yang disimpan"))
        parser.add_argument("--format", choices=["table", "csv"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        cycle = None
        if options["cycle"]:
            cycle = Cycle.objects.filter(name=options["cycle"]).first()
            if cycle is None:
                names = ", ".join(Cycle.objects.values_list("name", flat=True)) or "—"
                raise CommandError(
                    _("Siklus “%(name)s” tidak ditemukan. Siklus yang ada: %(names)s")
                    % {"name": options["cycle"], "names": names}
                )
        plan = do_queue_plan(
            cycle,
            mechanism=options["mechanism"],
            acting_user=None,
            name=options["name"],
            enqueue=False,
        )
        try:
            with _solver_output_to_stderr(), _interrupt_on_termination():
                plan = do_run_plan(plan, acting_user=None)
        except KeyboardInterrupt:
            # do_run_plan has marked the plan failed; say so instead of a traceback.
            raise CommandError(
                _("Rencana #%(pk)s dihentikan sebelum selesai dan ditandai gagal.")
                % {"pk": plan.pk},
                returncode=130,
            ) from None
        if plan.status == PlanStatus.FAILED:
            raise CommandError(
                _("Rencana #%(pk)s gagal: %(why)s") % {"pk": plan.pk, "why": plan.error}
            )
        rows = [("id_rencana", plan.pk), *export.summary_rows(plan)]
        if options["format"] == "csv":
            self.stdout.write(export.to_csv(rows), ending="")
        else:
            self.stdout.write(export.to_text_table(rows), ending="")
        if options["out"]:
            export.write_plan_xlsx(plan, options["out"])
            self.stderr.write(_("Ditulis: %(path)s") % {"path": options["out"]})
