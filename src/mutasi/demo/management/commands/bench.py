"""``mutasi bench``: the planner benchmark (a thin front over ``mutasi.planner.bench``).

It lives in the demo app because its cases include the demo region (``mutasi.demo.regions``),
and the demo is the top of the pipeline: the planner imports no app."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mutasi.demo.regions import CASES, build_case
from mutasi.planner import bench


class Command(BaseCommand):
    help = (
        "Menjalankan benchmark perencana pada wilayah 10.000 / 20.000 / 50.000 pegawai: data "
        "sintetis, wilayah demo dan variannya (--case), dengan batas bawah aliran biaya minimum."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        bench.add_arguments(parser, CASES)

    def handle(self, *args: Any, **options: Any) -> None:
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
        try:
            bench.execute(ns, self.stdout.write, build_case, CASES)
        except ValueError as error:
            raise CommandError(str(error)) from None
