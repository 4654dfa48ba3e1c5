"""``mutasi demo``: build Kabupaten Bukitintan, run the pipeline, say where to log in, serve."""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mutasi.core import runtime
from mutasi.core.commands import OfficeCommand
from mutasi.core.models import Role
from mutasi.core.numbers import number
from mutasi.demo.generator import DEFAULT_SEED, DEFAULT_SIZE, MAX_SIZE, MIN_SIZE
from mutasi.demo.pipeline import run_pipeline
from mutasi.demo.writer import DemoSummary, build_demo

# `auto` plans with `optimal` at every size: on the 50,000 demo region it took 23.1 s wall, gap
# 0.026% (benchmarks/REGIONS.md, `benchmarks/regions.sh all:10000 all:50000` at 25c6ec2), and the
# whole `mutasi demo --size 50000 --no-serve` 119 s, its plan (the demo cycle's own policy) 29 s
# (benchmarks/DEMO.md). Before, `fair` planned regions above 20,000 employees, where `optimal`
# took 40-160 s.


class Command(OfficeCommand):
    help = _(
        "Bangun data demo Kabupaten Bukitintan (fiktif), jalankan pipeline, tampilkan akun demo,"
        " lalu jalankan aplikasi web."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--size",
            type=int,
            default=DEFAULT_SIZE,
            help=_("jumlah pegawai (%(min)d–%(max)d, bawaan %(default)d)")
            % {"min": MIN_SIZE, "max": MAX_SIZE, "default": DEFAULT_SIZE},
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=_("benih acak (data sama untuk benih sama)"),
        )
        parser.add_argument(
            "--mechanism",
            choices=["auto", "optimal", "fair"],
            default="auto",
            help=_("mekanisme rencana demo (bawaan auto: optimal, di setiap ukuran wilayah)"),
        )
        parser.add_argument(
            "--no-serve", action="store_true", help=_("berhenti setelah data dibangun")
        )
        parser.add_argument("--host", default="127.0.0.1", help=_("alamat (bawaan 127.0.0.1)"))
        parser.add_argument(
            "--port", type=int, default=8000, help=_("porta (bawaan 8000; 0 = porta bebas)")
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help=_("jangan jalankan pekerja latar belakang (bila pekerja berjalan di tempat lain)"),
        )

    def handle(  # type: ignore[no-untyped-def]
        self,
        *args,
        size: int,
        seed: int,
        no_serve: bool,
        mechanism: str,
        host: str,
        port: int,
        no_worker: bool,
        **options,
    ):
        if not MIN_SIZE <= size <= MAX_SIZE:
            raise CommandError(
                _("--size harus antara %(min)d dan %(max)d, bukan %(size)d")
                % {"min": MIN_SIZE, "max": MAX_SIZE, "size": size}
            )
        started = time.perf_counter()
        try:
            if not no_serve:  # refuse before spending minutes on the build
                runtime.check_serve_address(host)
            runtime.ensure_database(out=self.stdout)
        except runtime.RuntimeSetupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Membangun Kabupaten Bukitintan: %(n)s pegawai (seed %(seed)d) …")
            % {"n": number(size, grouping=True), "seed": seed}
        )
        summary = build_demo(size=size, seed=seed)
        self._print_summary(summary)
        if mechanism == "auto":
            mechanism = "optimal"
        run_pipeline(self.stdout, mechanism=mechanism)
        seconds = number(time.perf_counter() - started, 1)
        self.stdout.write(_("Selesai dalam %(s)s detik.") % {"s": seconds})
        url = f"http://{host}:{port}/" if port else None
        self._print_accounts(summary, url)
        if not no_serve:
            call_command("serve", host=host, port=port, no_worker=no_worker)

    def _print_summary(self, s: DemoSummary) -> None:
        self.stdout.write(
            _(
                "  %(units)s unit kerja (%(opd)s perangkat daerah, %(kec)d kecamatan; terpencil: "
                "%(remote)s)\n"
                "  %(positions)s jabatan, %(employees)s pegawai (%(pppk)s PPPK), "
                "%(pairs)d pasangan suami-istri ASN\n"
                "  %(history)s riwayat jabatan, %(tasks)s uraian beban kerja, "
                "%(prefs)s preferensi dari %(with_prefs)s pegawai\n"
                "  tanggal acuan data: %(ref)s"
            )
            % {
                "units": number(s.units, grouping=True),
                "opd": number(s.opd, grouping=True),
                "kec": len(s.kecamatan),
                "remote": ", ".join(s.remote_kecamatan),
                "positions": number(s.positions, grouping=True),
                "employees": number(s.employees, grouping=True),
                "pppk": number(s.pppk, grouping=True),
                "pairs": s.spouse_pairs,
                "history": number(s.history, grouping=True),
                "tasks": number(s.workload_tasks, grouping=True),
                "prefs": number(s.preferences, grouping=True),
                "with_prefs": number(s.employees_with_preferences, grouping=True),
                "ref": s.reference_date.isoformat(),
            }
        )

    def _print_accounts(self, s: DemoSummary, url: str | None) -> None:
        self.stdout.write("")
        if url:
            self.stdout.write(_("Masuk di %(url)s dengan salah satu akun demo:") % {"url": url})
        else:
            self.stdout.write(_("Masuk di alamat di bawah dengan salah satu akun demo:"))
        width = max(len(a.username) for a in s.accounts)
        for account in s.accounts:
            label = Role(account.role).label
            self.stdout.write(f"  {account.username:<{width}}  {label} — {account.description}")
        self.stdout.write(_("Kata sandi semua akun demo: %(pw)s") % {"pw": s.password})
