"""Time the web foundation's pages (dashboard, employee list, units) on whatever is in the database.

    MUTASI_DATA_DIR=/tmp/x .venv/bin/python -c "import django, os; \
        os.environ['DJANGO_SETTINGS_MODULE']='mutasi.settings'; django.setup(); \
        from django.core.management import call_command; call_command('migrate', verbosity=0); \
        from mutasi.demo.writer import build_demo; build_demo(50000)"
    MUTASI_DATA_DIR=/tmp/x .venv/bin/python benchmarks/web_pages.py [runs]

Prints, per page, the median and the slowest wall time of ``runs`` requests (after one warm-up),
the number of SQL queries and the size of the HTML, rendered through Django's test client as
the demo planner (no network, no browser: server time only). Markdown table rows, as in WEB.md.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutasi.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from mutasi.people.models import Employee, Unit  # noqa: E402


def main(runs: int = 5) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    planner = User.objects.filter(profile__role="planner").first() or User.objects.get(
        is_superuser=True
    )
    client.force_login(planner)
    employee = Employee.objects.order_by("nip").first()
    opd = Unit.objects.filter(parent__isnull=True).order_by("code").first()
    assert employee is not None and opd is not None, "no data: build the demo first"
    pages = [
        ("dashboard", "/"),
        ("employee list, first page", "/pegawai/"),
        ("employee list, page 500", "/pegawai/?page=500"),
        ('employee list, name search "sari"', "/pegawai/?q=sari"),
        ('employee list, NIP prefix "1980"', "/pegawai/?q=1980"),
        (
            "employee list, >5 years + retiring in 1 year",
            "/pegawai/?past_five_years=on&retiring=on",
        ),
        ("employee list, sector + sort by tenure", "/pegawai/?sector=kesehatan&order=tenure"),
        ("unit list (OPD)", "/pegawai/unit/"),
        ("unit list, every unit", "/pegawai/unit/?all=1"),
        (f"unit page {opd.code}", f"/pegawai/unit/{opd.code}/"),
        ("employee page", f"/pegawai/{employee.nip}/"),
    ]
    print(
        f"{Employee.objects.count()} employees, {Unit.objects.count()} units, "
        f"{connection.vendor}, {runs} runs per page"
    )
    print("| page | URL | median | slowest | queries | HTML |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for label, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            times.append(time.perf_counter() - started)
        print(
            f"| {label} | `{url}` | {statistics.median(times) * 1000:.0f} ms "
            f"| {max(times) * 1000:.0f} ms | {len(queries.captured_queries)} "
            f"| {len(response.content) // 1024} KiB |"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
