"""Time the plan pages on the current database (e.g. the 50,000-employee demo).

    MUTASI_DATA_DIR=/tmp/demo50k mutasi shell -c "exec(open('benchmarks/plans_web.py').read())"
or  MUTASI_DATA_DIR=/tmp/demo50k .venv/bin/python benchmarks/plans_web.py

Logs in as a planner (creating one if needed), requests each page of the newest computed plan
five times with Django's test client and prints the median time and the number of queries.
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

from mutasi.core.models import Profile, Role  # noqa: E402
from mutasi.people.models import Employee  # noqa: E402
from mutasi.plans.models import Move, Plan, PlanStatus  # noqa: E402

RUNS = 5


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    plan = (
        Plan.objects.exclude(status__in=[PlanStatus.QUEUED, PlanStatus.RUNNING, PlanStatus.FAILED])
        .order_by("-id")
        .first()
    )
    if plan is None:
        sys.exit("no computed plan: run `mutasi plan` first")
    user, _ = User.objects.get_or_create(username="bench-planner")
    Profile.objects.get_or_create(user=user, defaults={"role": Role.PLANNER})
    client = Client()
    client.force_login(user)
    move = Move.objects.filter(plan=plan).order_by("id").first()
    unit = move.to_position.unit.code if move else ""
    pages = [
        ("daftar rencana", "/rencana/"),
        ("ringkasan rencana", f"/rencana/{plan.pk}/"),
        ("status (JSON)", f"/rencana/{plan.pk}/status/"),
        ("daftar mutasi", f"/rencana/{plan.pk}/mutasi/"),
        ("daftar mutasi, halaman 50", f"/rencana/{plan.pk}/mutasi/?page=50"),
        ("daftar mutasi, cari nama", f"/rencana/{plan.pk}/mutasi/?q=siti"),
        (
            "daftar mutasi, filter unit+sektor",
            f"/rencana/{plan.pk}/mutasi/?unit={unit}&sector=pendidikan",
        ),
        ("daftar mutasi, urut tujuan", f"/rencana/{plan.pk}/mutasi/?urut=-tujuan"),
        ("log audit", f"/rencana/{plan.pk}/audit/"),
    ]
    if plan.cycle_id:
        pages.append(("siklus", f"/rencana/siklus/{plan.cycle_id}/"))
    if plan.status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        pages += [
            ("halaman SK", f"/rencana/{plan.pk}/sk/"),
            ("unduh SK .docx", f"/rencana/{plan.pk}/sk/unduh.docx"),
            ("unduh lampiran .xlsx", f"/rencana/{plan.pk}/sk/unduh.xlsx"),
        ]
    other = Plan.objects.exclude(pk=plan.pk).filter(status=plan.status).order_by("-id").first()
    if other:
        pages.append(("bandingkan dua rencana", f"/rencana/banding/?a={plan.pk}&b={other.pk}"))
    head = User.objects.filter(profile__role=Role.UNIT_HEAD, profile__unit__isnull=False).first()
    if head is not None:
        head_client = Client()
        head_client.force_login(head)
    print(
        f"rencana #{plan.pk}: {plan.metrics.get('moves')} mutasi, "
        f"{Employee.objects.count()} pegawai, basis data {connection.vendor}"
    )
    print(f"{'halaman':<36} {'median (s)':>10} {'maks (s)':>9} {'kueri':>6}")
    for name, url in pages:
        times = []
        queries = 0
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(ctx)
        print(f"{name:<36} {statistics.median(times):>10.3f} {max(times):>9.3f} {queries:>6}")
    if head is not None:
        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = head_client.get(f"/rencana/{plan.pk}/unit/")
                times.append(time.perf_counter() - started)
            assert response.status_code == 200
        name = f"kepala unit ({head.username})"
        print(f"{name:<36} {statistics.median(times):>10.3f} {max(times):>9.3f} {len(ctx):>6}")


main()
