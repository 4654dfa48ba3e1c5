"""``mutasi bench``: the planner benchmark (a thin front over ``mutasi.planner.bench``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mutasi.planner import bench


class Command(BaseCommand):
    help = (
        "Menjalankan benchmark perencana pada data sintetis 1.000 / 10.000 / 50.000 pegawai "
        "(dan MILP HiGHS pada 1.000 dan 10.000)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        bench.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        class Namespace:
            pass

        ns = Namespace()
        for key in ("sizes", "mechanisms", "milp_sizes", "milp_time_limit", "seed", "format"):
            setattr(ns, key, options[key])
        bench.execute(ns, self.stdout.write)
