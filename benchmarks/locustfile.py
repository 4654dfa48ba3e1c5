"""Load test of the web pages, one scripted user per role (locust).

Run by ``benchmarks/load.py`` (which serves the demo and writes LOAD.md); by hand:

    LOAD_PLAN=2 LOAD_UNIT_PLAN=1 LOAD_EMPLOYEES=198...,199... locust -f benchmarks/locustfile.py \
        --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8000

Every user logs in once (the demo password) and then repeats the pages its role uses, with a
think time of 1–3 s. The mix: 2 planners, 2 approvers, 2 unit heads and 14 employees in 20 users
(locust's weights), as in an office during the preference window.
"""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "bukitintan2027")
PLAN = os.environ.get("LOAD_PLAN", "1")
# The unit heads' plan: submitted, approved or published (a draft is not theirs to see).
UNIT_PLAN = os.environ.get("LOAD_UNIT_PLAN", PLAN)
EMPLOYEES = [e for e in os.environ.get("LOAD_EMPLOYEES", "").split(",") if e]
_next_employee = itertools.cycle(EMPLOYEES or ["0"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Role(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/masuk/", name="login page")
        token = CSRF.search(page.text)
        self.client.post(
            "/masuk/",
            {
                "username": self.login_name(),
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/masuk/"},
            name="login",
        )

    def login_name(self) -> str:
        return self.username


class Planner(Role):
    weight = 2
    username = "perencana"

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task(2)
    def employees(self) -> None:
        self.client.get(f"/pegawai/?q={random.choice('abdehiknrsuy')}", name="employee search")

    @task(2)
    def needs(self) -> None:
        self.client.get("/kebutuhan/", name="needs")

    @task
    def needs_posts(self) -> None:
        self.client.get("/kebutuhan/jabatan/?page=2", name="needs posts")

    @task(2)
    def plan(self) -> None:
        self.client.get(f"/rencana/{PLAN}/", name="plan")

    @task(2)
    def moves(self) -> None:
        self.client.get(f"/rencana/{PLAN}/mutasi/?page={random.randint(1, 5)}", name="moves")

    @task
    def status(self) -> None:
        self.client.get(f"/rencana/{PLAN}/status/", name="plan status")


class Approver(Role):
    weight = 2
    username = "penyetuju"

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task(2)
    def plan(self) -> None:
        self.client.get(f"/rencana/{PLAN}/", name="plan")

    @task(2)
    def moves(self) -> None:
        self.client.get(f"/rencana/{PLAN}/mutasi/?q={random.choice('abdeks')}", name="moves search")

    @task
    def units(self) -> None:
        self.client.get("/kebutuhan/unit/", name="needs units")


class UnitHead(Role):
    weight = 2
    username = "kepala.dinkes"

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task(2)
    def needs(self) -> None:
        self.client.get("/kebutuhan/", name="needs")

    @task
    def unit_moves(self) -> None:
        self.client.get(f"/rencana/{UNIT_PLAN}/unit/", name="unit moves")

    @task
    def employees(self) -> None:
        self.client.get("/pegawai/", name="employee list")


class Employee(Role):
    weight = 14

    def login_name(self) -> str:
        self.nip = next(_next_employee)
        return self.nip

    @task(2)
    def home(self) -> None:
        self.client.get("/partisipasi/profil/", name="employee home")

    @task(2)
    def preferences(self) -> None:
        self.client.get("/partisipasi/preferensi/", name="preferences")

    @task
    def outcome(self) -> None:
        self.client.get("/partisipasi/hasil/", name="outcome")

    @task
    def own_record(self) -> None:
        self.client.get(f"/pegawai/{self.nip}/", name="own record")
