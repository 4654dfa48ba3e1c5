"""Server cost of each page the load test (``benchmarks/locustfile.py``) requests, per request.

    MUTASI_DATA_DIR=/tmp/load mutasi demo --size 50000 --no-serve      # once
    MUTASI_DATA_DIR=/tmp/load .venv/bin/python benchmarks/page_cost.py [--runs 5] [--cold]
    (add DATABASE_URL=postgres://… for PostgreSQL)

Renders every page through Django's test client as the role that requests it in the load test
(no network, no server): one warm-up request (which fills the figures cache, as the first request
of a served process does), then ``--runs`` timed requests. Prints, per page, the median CPU
seconds of this process per request, the median CPU of the PostgreSQL backend serving it (read
from ``/proc``; PostgreSQL on this machine), the median wall time, the number of SQL queries and
the size of the HTML. ``--cold`` also times the first request (empty cache) of each page.
A login (password check with the production hasher) is timed on its own.

CPU seconds, not wall time, say what a page costs on a shared machine: 50 users with the load
test's think time (1–3 s) ask about 20 pages a second, which 2 cores serve only if a page costs a
few tens of milliseconds of CPU.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutasi.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from mutasi.people.models import Employee  # noqa: E402
from mutasi.plans.inbox import UNIT_HEAD_STATUSES  # noqa: E402
from mutasi.plans.models import Plan  # noqa: E402

PASSWORD = os.environ.get("LOAD_PASSWORD", "bukitintan2027")


def backend_cpu() -> float:
    """CPU seconds of the PostgreSQL backend of this connection (0 on SQLite)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("select pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pages(plan: int, unit_plan: int, nip: str) -> list[tuple[str, str, str]]:
    """(role's username, load-test name, URL) of every page the locustfile requests."""
    return [
        ("perencana", "dashboard (planner)", "/"),
        ("perencana", "employee search", "/pegawai/?q=a"),
        ("perencana", "needs", "/kebutuhan/"),
        ("perencana", "needs posts", "/kebutuhan/jabatan/?page=2"),
        ("perencana", "plan", f"/rencana/{plan}/"),
        ("perencana", "moves", f"/rencana/{plan}/mutasi/?page=3"),
        ("perencana", "plan status", f"/rencana/{plan}/status/"),
        ("penyetuju", "dashboard (approver)", "/"),
        ("penyetuju", "moves search", f"/rencana/{plan}/mutasi/?q=e"),
        ("penyetuju", "needs units", "/kebutuhan/unit/"),
        ("kepala.dinkes", "dashboard (unit head)", "/"),
        ("kepala.dinkes", "needs (unit head)", "/kebutuhan/"),
        ("kepala.dinkes", "unit moves", f"/rencana/{unit_plan}/unit/"),
        ("kepala.dinkes", "employee list", "/pegawai/"),
        (nip, "dashboard (employee)", "/"),
        (nip, "employee home", "/partisipasi/profil/"),
        (nip, "preferences", "/partisipasi/preferensi/"),
        (nip, "outcome", "/partisipasi/hasil/"),
        (nip, "own record", f"/pegawai/{nip}/"),
        ("-", "login page", "/masuk/"),
    ]


def measure(client: Client, url: str) -> tuple[float, float, float, int, int]:
    db_before, started, cpu_started = backend_cpu(), time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, follow=True)  # a unit head's needs go to their unit's
    cpu, wall = time.process_time() - cpu_started, time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return cpu, backend_cpu() - db_before, wall, len(queries), len(response.content)


def time_login(username: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        client = Client()
        cpu_started = time.process_time()
        response = client.post("/masuk/", {"username": username, "password": PASSWORD})
        times.append(time.process_time() - cpu_started)
        assert response.status_code == 302, ("login", response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="also time the first request")
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    plan = (
        Plan.objects.exclude(status__in=["queued", "running", "failed"])
        .order_by("-id")
        .values_list("pk", flat=True)
        .first()
    )
    unit_plan = (
        Plan.objects.filter(status__in=UNIT_HEAD_STATUSES)
        .order_by("-id")
        .values_list("pk", flat=True)
        .first()
    )
    nip = (
        User.objects.filter(profile__role="employee")
        .order_by("username")
        .values_list("username", flat=True)
        .first()
    )
    assert plan and unit_plan and nip, "no demo data: build the demo first"
    print(
        f"{Employee.objects.count():,} employees, {connection.vendor}, plan {plan}, "
        f"{args.runs} runs per page, load average {os.getloadavg()[0]:.1f}"
    )
    cold = " | cold CPU ms" if args.cold else ""
    print(f"| page | URL | CPU ms | DB CPU ms | wall ms | queries | KiB{cold} |")
    print(
        "| --- | --- | ---: | ---: | ---: | ---: | ---:" + (" | ---:" if args.cold else "") + " |"
    )
    clients: dict[str, Client] = {}
    cache.clear()
    for username, name, url in pages(plan, unit_plan, nip):
        if args.only not in name:
            continue
        if username not in clients:
            clients[username] = Client()
            if username != "-":
                clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        first = measure(client, url)
        runs = [measure(client, url) for _ in range(args.runs)]
        cpu, db, wall = (statistics.median(r[i] for r in runs) * 1000 for i in range(3))
        extra = f" | {first[0] * 1000:.0f}" if args.cold else ""
        print(
            f"| {name} | `{url}` | {cpu:.0f} | {db:.0f} | {wall:.0f} | {runs[-1][3]} "
            f"| {runs[-1][4] // 1024}{extra} |"
        )
    logins = time_login(nip, max(3, args.runs))
    print(f"| login (password check) | `POST /masuk/` | {statistics.median(logins) * 1000:.0f} "
          f"| | | | |")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
