"""``mutasi bench``: the planner benchmark (a thin front over ``mutasi.planner.bench``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mutasi.planner import bench


class Command(BaseCommand):
    help = (
        "Menjalankan benchmark perencana pada wilayah 10.000 / 20.000 / 50.000 pegawai: data "
        "sintetis, wilayah demo dan variannya (--case), dengan batas bawah aliran biaya minimum."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        bench.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        class Namespace:
            pass

        ns = Namespace()
        keys = ("case", "sizes", "mechanisms", "threads", "milp_sizes", "milp_time_limit")
        for key in (*keys, "seed", "format"):
            setattr(ns, key, options[key])
        try:
            bench.execute(ns, self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from None
