"""Synthetic workforces for benchmarks and tests: pure, deterministic for a given seed.

The shape follows a kabupaten: about one unit per 40 employees across five
sectors, posts of the sector's job families (functional posts for teachers, nurses, midwives and
doctors, who need the matching major and, for health, an STR), formation above the staff in the
priority sectors (education, health) and below it in general administration, tenure spread
over years (gamma, mean 3.6) so that about a fifth of the people are past the 5-year limit, a
third of them taking part in the preference round.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from mutasi.planner.model import (
    STAY,
    Employee,
    EmployeeKind,
    Pin,
    PinKind,
    Position,
    Problem,
    Unit,
)

# sector -> (share of staff, [(job family, share, functional job, majors, certificate, edu min)])
_SECTORS: dict[str, tuple[float, list[tuple[str, float, str, tuple[str, ...], str, int]]]] = {
    "pendidikan": (
        0.35,
        [
            ("guru", 0.8, "guru", ("pendidikan",), "", 8),
            ("administrasi", 0.2, "", (), "", 3),
        ],
    ),
    "kesehatan": (
        0.22,
        [
            ("perawat", 0.4, "perawat", ("keperawatan",), "str", 6),
            ("bidan", 0.25, "bidan", ("kebidanan",), "str", 6),
            ("dokter", 0.1, "dokter", ("kedokteran",), "str", 8),
            ("administrasi", 0.25, "", (), "", 3),
        ],
    ),
    "umum": (
        0.25,
        [
            ("administrasi", 0.6, "", (), "", 3),
            ("keuangan", 0.25, "", ("akuntansi", "ekonomi"), "", 6),
            ("hukum", 0.15, "", ("hukum",), "", 8),
        ],
    ),
    "ekonomi": (
        0.1,
        [
            ("ekonomi", 0.5, "", ("ekonomi", "pertanian"), "", 6),
            ("administrasi", 0.3, "", (), "", 3),
            ("keuangan", 0.2, "", ("akuntansi", "ekonomi"), "", 6),
        ],
    ),
    "infrastruktur": (
        0.08,
        [
            ("teknik", 0.6, "", ("teknik sipil", "teknik lingkungan"), "", 6),
            ("administrasi", 0.4, "", (), "", 3),
        ],
    ),
}
_FORMATION_BIAS = {
    "pendidikan": 0.12,
    "kesehatan": 0.15,
    "umum": -0.12,
    "ekonomi": 0.0,
    "infrastruktur": 0.03,
}
_COMPETENCIES = [f"kompetensi {k}" for k in range(16)]
_KECAMATAN = [f"Kecamatan {k:02d}" for k in range(20)]
_OTHER_MAJORS = ("ekonomi", "hukum", "administrasi negara", "manajemen", "sosiologi")


PostMeta = tuple[int, str, str, tuple[str, ...], str, int]  # unit, family, fj, majors, cert, edu


def generate(
    n_employees: int,
    seed: int = 0,
    *,
    participation: float = 0.35,
    pins: int = 0,
    employees_per_post: float = 5.0,
) -> Problem:
    """A synthetic Problem with about ``n_employees`` employees (exactly that many).

    Steps (in this order, so one seed always gives the same region): units by sector and
    size; each unit's posts and who holds them; the employees; spouses and unit heads; pins;
    distances between kecamatan."""
    rng = np.random.default_rng(seed)
    n = int(n_employees)
    n_units = max(2, n // 40)
    sectors = list(_SECTORS)
    sector_share = np.array([_SECTORS[s][0] for s in sectors])
    unit_sector = rng.choice(len(sectors), size=n_units, p=sector_share / sector_share.sum())
    # every sector gets at least one unit when there are enough units
    for k in range(min(len(sectors), n_units)):
        unit_sector[k] = k
    unit_kec = rng.integers(0, len(_KECAMATAN), size=n_units)
    unit_size = rng.gamma(2.0, 1.0, size=n_units) + 0.2
    unit_staff = _split(n, unit_size / unit_size.sum(), rng)

    units: list[Unit] = []
    positions: list[Position] = []
    pos_meta: list[PostMeta] = []
    emp_pos: list[int] = []
    for u in range(n_units):
        sector = sectors[unit_sector[u]]
        staff = int(unit_staff[u])
        holders = _unit_posts(u, sector, staff, employees_per_post, rng, positions, pos_meta)
        emp_pos.extend(holders[:staff])
        units.append(
            Unit(
                id=f"U{u}",
                code=f"UK{u:05d}",
                name=f"Unit {u} ({sector})",
                sector=sector,
                kecamatan=_KECAMATAN[unit_kec[u]],
            )
        )
    # pad/trim to exactly n employees
    while len(emp_pos) < n:
        emp_pos.append(int(rng.integers(0, len(positions))))
    emp_pos = emp_pos[:n]

    # positions by family, for preference lists
    by_family: dict[str, list[int]] = {}
    for pid, (_u, fam, _fj, _m, _c, _e) in enumerate(pos_meta):
        by_family.setdefault(fam, []).append(pid)
    employees, heads = _employees(
        emp_pos, positions, pos_meta, unit_kec, by_family, participation, rng
    )
    _pair_spouses(employees, units, heads, rng)
    return Problem(
        units=tuple(units),
        positions=tuple(positions),
        employees=tuple(employees),
        pins=tuple(_pins(pins, employees, by_family, n_units, rng)),
        distances_km=_distances(),
    )


def _unit_posts(
    u: int,
    sector: str,
    staff: int,
    employees_per_post: float,
    rng: np.random.Generator,
    positions: list[Position],
    pos_meta: list[PostMeta],
) -> list[int]:
    """Append unit ``u``'s posts (its head, then posts per job family) to ``positions``;
    return the post of each holder, head first."""
    fams = _SECTORS[sector][1]
    # one managerial post (the head, administrator) per unit, then posts per family
    head_pos = len(positions)
    positions.append(
        Position(
            id=f"P{head_pos}",
            code=f"J{head_pos:06d}",
            name=f"Kepala Unit {u}",
            unit_id=f"U{u}",
            kind="administrator",
            job_family="administrasi",
            gol_min=11,
            gol_max=17,
            education_min=8,
            formation=1,
        )
    )
    pos_meta.append((u, "administrasi", "", (), "", 8))
    rest = max(0, staff - 1)
    fam_share = np.array([f[1] for f in fams])
    fam_staff = _split(rest, fam_share / fam_share.sum(), rng)
    unit_emp_pos = [head_pos] if staff >= 1 else []
    for (fam, _share, fj, majors, cert, edu_min), count in zip(fams, fam_staff, strict=True):
        n_posts = max(1, int(round(count / employees_per_post)))
        post_staff = _split(int(count), np.full(n_posts, 1.0 / n_posts), rng)
        for k in range(n_posts):
            pid = len(positions)
            holders = int(post_staff[k])
            bias = _FORMATION_BIAS[sector]
            formation = max(0, int(round(holders * (1 + bias + rng.normal(0, 0.15)))))
            if holders == 0:
                formation = max(formation, 1)
            gol_lo = 9 if edu_min >= 8 else 5
            comps = rng.choice(len(_COMPETENCIES), size=2, replace=False)
            positions.append(
                Position(
                    id=f"P{pid}",
                    code=f"J{pid:06d}",
                    name=f"{fam.title()} {k + 1} Unit {u}",
                    unit_id=f"U{u}",
                    kind="fungsional" if fj else ("pengawas" if k == 0 else "pelaksana"),
                    job_family=fam,
                    gol_min=gol_lo,
                    gol_max=17,
                    education_min=edu_min,
                    majors=frozenset(majors),
                    certificate=cert,
                    competencies={
                        _COMPETENCIES[c]: int(rng.integers(2, 5)) for c in comps.tolist()
                    },
                    formation=formation,
                    functional_job=fj,
                )
            )
            pos_meta.append((u, fam, fj, majors, cert, edu_min))
            unit_emp_pos.extend([pid] * holders)
    return unit_emp_pos


def _employees(
    emp_pos: list[int],
    positions: list[Position],
    pos_meta: list[PostMeta],
    unit_kec: npt.NDArray[np.int64],
    by_family: dict[str, list[int]],
    participation: float,
    rng: np.random.Generator,
) -> tuple[list[Employee], dict[int, str]]:
    """One employee per entry of ``emp_pos``, and each unit's head (the first administrator)."""
    n = len(emp_pos)
    years = np.minimum(rng.gamma(2.0, 1.8, size=n), 30.0)  # ~23% past 5 years
    ages = rng.uniform(24, 60, size=n)
    gol = rng.integers(9, 15, size=n)
    home = rng.integers(0, len(_KECAMATAN), size=n)
    nine = rng.integers(1, 10, size=n)
    fam_years = years + rng.uniform(0, 12, size=n)
    pppk = rng.random(n) < 0.1
    participates = rng.random(n) < participation
    emp_comps = rng.integers(0, len(_COMPETENCIES), size=(n, 3))
    emp_levels = rng.integers(1, 6, size=(n, 3))
    employees: list[Employee] = []
    heads: dict[int, str] = {}
    for e in range(n):
        pid = emp_pos[e]
        u, fam, fj, majors, cert, edu_min = pos_meta[pid]
        home_kec = int(unit_kec[u]) if rng.random() < 0.3 else int(home[e])
        major = majors[0] if majors and rng.random() < 0.9 else str(rng.choice(_OTHER_MAJORS))
        if majors and rng.random() < 0.5:
            major = str(rng.choice(list(majors)))
        edu = min(10, edu_min + int(rng.integers(0, 3)))
        certs = frozenset({cert}) if cert and rng.random() < 0.95 else frozenset()
        prefs: tuple[str, ...] = ()
        if participates[e]:
            options = by_family[fam]
            k = min(len(options), int(rng.integers(1, 6)))
            picks = rng.choice(len(options), size=k, replace=False)
            listed = [f"P{options[j]}" for j in picks.tolist() if options[j] != pid]
            if rng.random() < 0.6:
                listed.insert(int(rng.integers(0, len(listed) + 1)), STAY)
            prefs = tuple(listed)
        kind = EmployeeKind.PPPK if pppk[e] else EmployeeKind.PNS
        employees.append(
            Employee(
                id=f"E{e}",
                nip=f"{19700101 + e % 28:08d}{200001 + e % 12:06d}{1 + e % 2}{e % 1000:03d}",
                name=f"Pegawai {e}",
                position_id=f"P{pid}",
                golongan_rank=int(gol[e]),
                education_rank=edu,
                years_in_post=round(float(years[e]), 2),
                age=round(float(ages[e]), 2),
                retirement_age=60 if positions[pid].kind == "jpt" else 58,
                kind=kind,
                major=major,
                certificates=certs,
                competencies={
                    _COMPETENCIES[c]: int(lv)
                    for c, lv in zip(emp_comps[e].tolist(), emp_levels[e].tolist(), strict=True)
                },
                job_family=fam,
                functional_job=fj,
                home_kecamatan=_KECAMATAN[home_kec],
                nine_box=int(nine[e]),
                years_in_family=round(float(fam_years[e]), 2),
                family_history=(fam,),
                preferences=prefs,
            )
        )
        if positions[pid].kind == "administrator" and u not in heads:
            heads[u] = f"E{e}"
    return employees, heads


def _pair_spouses(
    employees: list[Employee], units: list[Unit], heads: dict[int, str], rng: np.random.Generator
) -> None:
    """Pair some employees as spouses (some unit heads among them); name each unit's head."""
    n = len(employees)
    spouse_of: dict[int, int] = {}
    n_pairs = n // 50
    if n >= 4:
        left = rng.choice(n, size=2 * n_pairs, replace=False) if n_pairs else np.array([], int)
        for a, b in zip(left[::2].tolist(), left[1::2].tolist(), strict=True):
            spouse_of[a] = b
            spouse_of[b] = a
    for u_id, head in heads.items():
        units[u_id] = Unit(**{**units[u_id].__dict__, "head_employee_id": head})
        e = int(head[1:])
        if e not in spouse_of and n > 2 and rng.random() < 0.3:
            other = int(rng.integers(0, n))
            if other != e and other not in spouse_of:
                spouse_of[e] = other
                spouse_of[other] = e
    for a, b in spouse_of.items():
        employees[a] = Employee(**{**employees[a].__dict__, "spouse_id": f"E{b}"})


def _pins(
    pins: int,
    employees: list[Employee],
    by_family: dict[str, list[int]],
    n_units: int,
    rng: np.random.Generator,
) -> list[Pin]:
    """``pins`` pins on random employees, kinds in turn: stay, go to a post, never a unit."""
    pin_list: list[Pin] = []
    if not pins:
        return pin_list
    n = len(employees)
    chosen = rng.choice(n, size=min(pins, n), replace=False)
    for j, e in enumerate(chosen.tolist()):
        pin_kind = [PinKind.STAY, PinKind.GOTO, PinKind.NEVER_UNIT][j % 3]
        fam = employees[e].job_family
        if pin_kind is PinKind.GOTO:
            target = by_family[fam][int(rng.integers(0, len(by_family[fam])))]
            pin_list.append(Pin(pin_kind, f"E{e}", position_id=f"P{target}"))
        elif pin_kind is PinKind.NEVER_UNIT:
            pin_list.append(Pin(pin_kind, f"E{e}", unit_id=f"U{int(rng.integers(0, n_units))}"))
        else:
            pin_list.append(Pin(pin_kind, f"E{e}"))
    return pin_list


def _distances() -> dict[tuple[str, str], float]:
    km = {}
    for a in range(len(_KECAMATAN)):
        for b in range(a + 1, len(_KECAMATAN)):
            km[(_KECAMATAN[a], _KECAMATAN[b])] = float(5 + 3 * abs(a - b))
    return km


def _split(total: int, shares: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Split ``total`` into integer parts by ``shares`` (multinomial)."""
    if total <= 0:
        return np.zeros(len(shares), dtype=np.int64)
    return rng.multinomial(total, shares / shares.sum())
