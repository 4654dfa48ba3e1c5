"""``mutasi bench``: the planner benchmark (a thin front over ``mutasi.planner.bench``).

It lives in the demo app because its cases include the demo region (``mutasi.demo.regions``),
and the demo is the top of the pipeline: the planner imports no app."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from mutasi.core.commands import OfficeCommand
from mutasi.demo import training_bench
from mutasi.demo.regions import CASES, build_case
from mutasi.planner import bench


class Command(OfficeCommand):
    help = _(
        "Menjalankan benchmark perencana pada wilayah 10.000 / 20.000 / 50.000 pegawai: data "
        "sintetis, wilayah demo dan variannya (--case), dengan batas bawah aliran biaya minimum; "
        "--case training mengukur rencana pelatihan atas rencana mutasi wilayah demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        cases = ", ".join((*CASES, "training"))
        parser.add_argument(
            "--case",
            default="synthetic",
            help=_("kasus, dipisah koma, atau all: %(cases)s") % {"cases": cases},
        )
        parser.add_argument(
            "--sizes",
            default="10000,20000,50000",
            help=_("jumlah pegawai wilayah, dipisah koma (bawaan 10000,20000,50000)"),
        )
        parser.add_argument(
            "--mechanisms",
            default="optimal,fair",
            help=_("mekanisme perencana, dipisah koma (bawaan optimal,fair)"),
        )
        parser.add_argument(
            "--threads",
            default="",
            help=_(
                "jumlah CPU (afinitas) yang dicoba, dipisah koma; kosong = semua CPU yang diizinkan"
            ),
        )
        parser.add_argument(
            "--time-limit",
            type=float,
            default=600.0,
            help=_("batas waktu perencana (detik, jam dinding) tiap kasus"),
        )
        parser.add_argument(
            "--milp-sizes",
            default="",
            help=_("kasus synthetic: ukuran yang juga diselesaikan utuh sebagai MILP, pembanding"),
        )
        parser.add_argument(
            "--milp-time-limit",
            type=float,
            default=600.0,
            help=_("batas waktu MILP pembanding (detik)"),
        )
        parser.add_argument("--seed", type=int, default=1, help=_("benih data (bawaan 1)"))
        parser.add_argument(
            "--format",
            choices=["table", "csv", "markdown"],
            default="table",
            help=_("markdown: tabel beserta perintah, mesin dan target, untuk benchmarks/"),
        )
        parser.add_argument(
            "--courses", type=int, default=500, help=_("kasus training: jumlah diklat di katalog")
        )
        parser.add_argument(
            "--sessions", type=int, default=2000, help=_("kasus training: jumlah sesi diklat")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            wanted = bench.parse_cases(options["case"], (*CASES, "training"))
            bench.mechanisms(options["mechanisms"])
            for option in ("sizes", "milp_sizes", "threads"):
                bench.integers(options[option], "--" + option.replace("_", "-"))
        except bench.UnknownCases as error:
            raise CommandError(
                _("Kasus tidak dikenal: %(cases)s; pilih dari %(known)s atau all")
                % {
                    "cases": ", ".join(error.unknown) or _("(kosong)"),
                    "known": ", ".join(error.known),
                }
            ) from None
        except bench.UnknownMechanisms as error:
            raise CommandError(
                _("Mekanisme tidak dikenal: %(mechanisms)s; pilih dari %(known)s")
                % {"mechanisms": ", ".join(error.unknown), "known": ", ".join(error.known)}
            ) from None
        except bench.NotIntegers as error:
            raise CommandError(
                _("%(option)s harus bilangan bulat dipisah koma, mis. 10000,50000: %(value)s")
                % {"option": error.option, "value": error.text}
            ) from None
        if str(options["case"]).strip() == "all":
            wanted = list(CASES)  # the planner's cases; the training case is asked for by name
        if "training" in wanted:
            self._training(options)
            wanted.remove("training")
            if not wanted:
                return
            options["case"] = ",".join(wanted)
        self._planner(options)

    def _training(self, options: dict[str, Any]) -> None:
        sizes = bench.integers(options["sizes"], "--sizes")  # checked in ``handle``
        mechanism = str(options["mechanisms"]).split(",")[0].strip() or "optimal"
        fmt = options["format"]
        if fmt == "markdown":
            command = f"mutasi bench --case training --sizes {options['sizes']}"
            if mechanism != "optimal":
                command += f" --mechanisms {mechanism}"
            if (options["courses"], options["sessions"]) != (500, 2000):
                command += f" --courses {options['courses']} --sessions {options['sessions']}"
            self.stdout.write(
                f"## {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
                f"`{command} --format markdown`\n\nMachine at the start: {bench.machine()}.\n\n"
                f"Transfer plan by `{mechanism}`.\n\n"
            )
        rows = training_bench.run(
            sizes,
            options["seed"],
            mechanism,
            options["time_limit"],
            options["courses"],
            options["sessions"],
            progress=lambda row: self.stderr.write(f"selesai: {row}"),
        )
        self.stdout.write(training_bench.format_table(rows, fmt))
        if fmt == "markdown":
            self.stdout.write(f"\nMachine at the end: {bench.machine()}.\n\nTargets:\n\n")
            self.stdout.write("\n".join(training_bench.targets(rows)) + "\n")

    def _planner(self, options: dict[str, Any]) -> None:
        class Namespace:
            pass

        ns = Namespace()
        keys = (
            "case",
            "sizes",
            "mechanisms",
            "threads",
            "time_limit",
            "milp_sizes",
            "milp_time_limit",
        )
        for key in (*keys, "seed", "format"):
            setattr(ns, key, options[key])
        bench.execute(ns, self.stdout.write, build_case, CASES)
