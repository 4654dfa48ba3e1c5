"""Time the needs pages and `mutasi needs` on whatever is in the database (e.g. the demo).

    MUTASI_DATA_DIR=/tmp/x mutasi demo --size 50000 --no-serve   # or build_demo(50000)
    MUTASI_DATA_DIR=/tmp/x .venv/bin/python benchmarks/needs_pages.py [runs]

Prints the median wall time and the query count of each page, rendered through Django's test
client as the planner (no network, no browser: server time only).
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutasi.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from mutasi.people.models import Employee, Position, Unit  # noqa: E402


def main(runs: int = 3) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    planner = User.objects.filter(is_superuser=True).first() or User.objects.get(
        profile__role="planner"
    )
    client.force_login(planner)
    unit = Unit.objects.order_by("code").first()
    biggest = Unit.objects.annotate(n=Count("children")).order_by("-n").first()
    position = Position.objects.filter(employees__isnull=False).order_by("code").first()
    print(
        f"{Employee.objects.count()} employees, {Position.objects.count()} posts, "
        f"{Unit.objects.count()} units, database {connection.vendor}"
    )
    pages = [
        ("overview", reverse("needs:index")),
        ("per sector", reverse("needs:sectors")),
        ("per unit", reverse("needs:units")),
        ("per post", reverse("needs:positions")),
        ("per post, sorted by selisih", reverse("needs:positions") + "?sort=selisih&dir=asc"),
        ("heat map", reverse("needs:heatmap")),
        ("one unit", reverse("needs:unit", args=[unit.code])),
        (
            f"the OPD with most sub-units ({biggest.code}, all below it)",
            reverse("needs:unit", args=[biggest.code]),
        ),
        ("one post", reverse("needs:position", args=[position.code])),
        ("per post xlsx export", reverse("needs:positions") + "?format=xlsx"),
    ]
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"| page | wall s, median of {runs} | CPU s (this process) | queries |")
    print("| --- | ---: | ---: | ---: |")
    for name, url in pages:
        walls, cpus = [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started, cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                walls.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"| {name} | {statistics.median(walls):.2f} | {statistics.median(cpus):.2f} "
            f"| {len(queries)} |"
        )
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        call_command("needs", "--format", "csv", stdout=io.StringIO())
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    print(
        f"| `mutasi needs --format csv` | {statistics.median(walls):.2f} "
        f"| {statistics.median(cpus):.2f} | |"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
