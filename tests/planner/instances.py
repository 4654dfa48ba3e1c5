"""Tiny random problems for property tests (built from a seed so Hypothesis can shrink it)."""

from __future__ import annotations

import numpy as np

from mutasi.planner import STAY, Employee, EmployeeKind, Pin, PinKind, Position, Problem, Unit


def tiny_problem(
    seed: int, n_employees: int = 4, n_posts: int = 3, goto_pins: bool = False
) -> Problem:
    rng = np.random.default_rng(seed)
    units = (
        Unit("U0", "UK0", "Puskesmas Satu", "kesehatan", kecamatan="A", head_employee_id="E0"),
        Unit("U1", "UK1", "Dinas Umum", "umum", kecamatan="B"),
        Unit("U2", "UK2", "Dinas Lain", "umum", kecamatan="A"),
    )
    positions = tuple(
        Position(
            id=f"P{k}",
            code=f"J{k}",
            name=f"Jabatan {k}",
            unit_id=f"U{int(rng.integers(0, 3))}",
            kind="pelaksana",
            job_family="administrasi" if rng.random() < 0.85 else "keuangan",
            gol_min=int(rng.integers(5, 10)),
            gol_max=int(rng.integers(10, 18)),
            education_min=int(rng.integers(3, 8)),
            majors=frozenset({"hukum"}) if rng.random() < 0.2 else frozenset(),
            certificate="str" if rng.random() < 0.15 else "",
            competencies={"layanan": int(rng.integers(1, 5))},
            formation=int(rng.integers(0, 4)),
        )
        for k in range(n_posts)
    )
    employees = []
    for e in range(n_employees):
        prefs: list[str] = []
        if rng.random() < 0.6:
            picks = rng.permutation(n_posts)[: int(rng.integers(1, n_posts + 1))]
            prefs = [f"P{int(q)}" for q in picks]
            if rng.random() < 0.5:
                prefs.insert(int(rng.integers(0, len(prefs) + 1)), STAY)
        employees.append(
            Employee(
                id=f"E{e}",
                nip=f"19800101200501100{e}",
                name=f"Pegawai {e}",
                position_id=f"P{int(rng.integers(0, n_posts))}",
                golongan_rank=int(rng.integers(6, 14)),
                education_rank=int(rng.integers(3, 10)),
                years_in_post=float(rng.choice([1.0, 3.0, 4.5, 6.0, 8.0])),
                age=float(rng.choice([30.0, 45.0, 57.5])),
                retirement_age=58,
                kind=EmployeeKind.PPPK if rng.random() < 0.15 else EmployeeKind.PNS,
                major="hukum" if rng.random() < 0.5 else "ekonomi",
                certificates=frozenset({"str"}) if rng.random() < 0.5 else frozenset(),
                competencies={"layanan": int(rng.integers(1, 6))},
                job_family="administrasi",
                home_kecamatan=str(rng.choice(["A", "B"])),
                nine_box=int(rng.integers(1, 10)),
                years_in_family=float(rng.choice([2.0, 12.0])),
                spouse_id="E0" if e == 1 and rng.random() < 0.5 else None,
                preferences=tuple(prefs),
            )
        )
    pins = []
    for e in range(n_employees):
        r = rng.random()
        if r < 0.08:
            pins.append(Pin(PinKind.STAY, f"E{e}"))
        elif r < 0.16:
            pins.append(Pin(PinKind.NEVER_UNIT, f"E{e}", unit_id=f"U{int(rng.integers(0, 3))}"))
        elif goto_pins and r < 0.24:
            pins.append(Pin(PinKind.GOTO, f"E{e}", position_id=f"P{int(rng.integers(0, n_posts))}"))
    return Problem(units=units, positions=positions, employees=tuple(employees), pins=tuple(pins))
