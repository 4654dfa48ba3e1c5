"""The deterministic generator of Kabupaten Bukitintan: plain data, no Django import.

``generate(size, seed)`` returns a ``DemoData`` of plain rows, keyed by the workbook's codes
(kode_unit, kode_jabatan, NIP), so that the writer (``mutasi.demo.writer``) and tests can use it
without a database. All randomness comes from one ``random.Random(seed)`` consumed in a fixed
order, and every date is counted back from a fixed reference date, so the same size and seed
give the same data on every machine and every day.

How the region is built:
1. Kecamatan (12–16 by size; some remote), OPD with their bidang, Dinas Kesehatan with RSUD and
   puskesmas, Dinas Pendidikan with SD and SMP spread over the kecamatan, kecamatan offices.
2. Posts per unit from ``catalog``; the staff budget (45 % education, 22 % health, the rest
   general government) is shared out: heads first, then the other posts by weight, giving each a
   formation. Fill factors then create the known imbalances: health and teaching posts in remote
   kecamatan are short, general administrators in the capital's offices are in surplus.
3. People for each filled seat: golongan inside the post's range (a PPPK grade for PPPK staff),
   education and years of service consistent with the golongan, age below the post's BUP, NIP from
   birth date, CPNS start (PNS) or year of appointment and the PPPK marker (NI PPPK) and gender;
   tenure, performance, potential, competencies and certificates.
4. Position history, a few spouse pairs, workload tasks near the formation, and preferences for
   about 30 % of the employees among posts they could be eligible for.
"""

from __future__ import annotations

import bisect
import datetime
import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from mutasi.people import codes

from . import catalog, names
from .catalog import Post

# Every date in the demo is counted back from this day (not "today"), so the data are the same
# whenever they are built. It lies in the past of every machine that runs the demo.
REFERENCE_DATE = datetime.date(2026, 11, 1)
EFFECTIVE_MINUTES_PER_YEAR = 75_000  # PermenPANRB 1/2020: 1,250 hours of effective working time

DEFAULT_SIZE = 6000
DEFAULT_SEED = 2027
MIN_SIZE = 100
MAX_SIZE = 60_000

EDUCATION_SHARE = 0.45
HEALTH_SHARE = 0.22

# Entry golongan of a new PNS by education (PP 11/2017 and the CPNS rules).
PNS_ENTRY = {
    "SD": "I/a", "SMP": "I/c", "SMA": "II/a", "D1": "II/a", "D2": "II/b", "D3": "II/c",
    "D4": "III/a", "S1": "III/a", "S2": "III/b", "S3": "III/c",
}  # fmt: skip
# PPPK grade by education (Perpres 98/2020 golongan PPPK).
PPPK_GRADE = {
    "SD": "I", "SMP": "III", "SMA": "V", "D1": "V", "D2": "VI", "D3": "VII", "D4": "IX",
    "S1": "IX", "S2": "X", "S3": "XI",
}  # fmt: skip
ENTRY_AGE = {
    "SD": (18, 30), "SMP": (18, 30), "SMA": (19, 31), "D1": (20, 31), "D2": (21, 32),
    "D3": (21, 33), "D4": (22, 34), "S1": (22, 34), "S2": (26, 35), "S3": (29, 35),
}  # fmt: skip
HIGHER_EDUCATION = {"SMA": "D3", "D3": "S1", "D4": "S2", "S1": "S2", "S2": "S3"}
GENERIC_MAJORS = {
    "SD": [""], "SMP": [""],
    "SMA": ["IPA", "IPS", "Akuntansi (SMK)", "Administrasi Perkantoran (SMK)"],
    "D1": ["Administrasi Perkantoran"], "D2": ["Administrasi Perkantoran"],
    "D3": ["Manajemen Informatika", "Akuntansi", "Administrasi Perkantoran"],
    "D4": ["Manajemen", "Akuntansi"],
    "S1": ["Manajemen", "Administrasi Negara", "Ilmu Pemerintahan"],
    "S2": ["Manajemen", "Administrasi Publik"], "S3": ["Administrasi Publik"],
}  # fmt: skip
FEMALE_SHARE = {
    "kebidanan": 1.0, "keperawatan": 0.72, "guru": 0.66, "gizi": 0.85, "kefarmasian": 0.75,
    "medis": 0.55, "rekam medis": 0.7, "laboratorium kesehatan": 0.7, "ketertiban": 0.15,
    "pemadam kebakaran": 0.05, "operasional": 0.03, "teknik sipil": 0.2, "manajerial": 0.32,
}  # fmt: skip
PERFORMANCE_WEIGHTS = (0.15, 0.62, 0.14, 0.07, 0.02)  # sangat baik … sangat kurang
TENURE_YEARS = ((0.3, 0.1, 2.0), (0.42, 2.0, 5.0), (0.28, 5.0, 12.0))  # (share, from, to)


@dataclass
class UnitRow:
    code: str
    name: str
    parent_code: str
    sector: str
    kecamatan: str


@dataclass
class PositionRow:
    code: str
    unit_code: str
    name: str
    kind: str
    job_family: str
    gol_min: str
    gol_max: str
    education_min: str
    majors: list[str]
    certificate: str
    competencies: dict[str, int]
    formation: int
    head: bool = False
    remote: bool = False


@dataclass
class EmployeeRow:
    nip: str
    name: str
    birth_date: datetime.date
    gender: str
    employee_type: str
    golongan: str
    education: str
    major: str
    position_code: str
    position_start: datetime.date
    home_kecamatan: str
    performance: str
    potential: float
    competencies: dict[str, int]
    certificates: list[str]
    spouse_nip: str = ""
    service_start: datetime.date = REFERENCE_DATE  # TMT CPNS / PPPK (inside the NIP)


@dataclass
class HistoryRow:
    nip: str
    position_code: str  # "" when only the name of an old post is known
    position_name: str
    job_family: str
    start: datetime.date
    end: datetime.date


@dataclass
class WorkloadRow:
    position_code: str
    description: str
    output_unit: str
    volume_per_year: int
    minutes_per_unit: int


@dataclass
class PreferenceRow:
    nip: str
    rank: int
    position_code: str


@dataclass
class DemoData:
    size: int
    seed: int
    reference_date: datetime.date
    kecamatan: list[str]
    remote_kecamatan: list[str]
    units: list[UnitRow] = field(default_factory=list)
    positions: list[PositionRow] = field(default_factory=list)
    employees: list[EmployeeRow] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    workload: list[WorkloadRow] = field(default_factory=list)
    preferences: list[PreferenceRow] = field(default_factory=list)
    competencies: dict[str, str] = field(default_factory=dict)  # name -> description
    opd_codes: list[str] = field(default_factory=list)
    spouse_pairs: list[tuple[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
def years_before(day: datetime.date, years: float) -> datetime.date:
    return day - datetime.timedelta(days=round(years * 365.25))


def age_on(birth: datetime.date, on: datetime.date) -> int:
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def _rank(code: str) -> int:
    return codes.golongan_rank(code)


PNS_BY_RANK = {g.rank: g.code for g in codes.PNS_GOLONGAN}
PPPK_BY_RANK = {g.rank: g.code for g in codes.PPPK_GOLONGAN}


class _Builder:
    def __init__(self, size: int, seed: int) -> None:
        if not MIN_SIZE <= size <= MAX_SIZE:
            raise ValueError(f"ukuran demo harus antara {MIN_SIZE} dan {MAX_SIZE}, bukan {size}")
        self.size = size
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = REFERENCE_DATE
        n_kec = 12 if size < 3000 else 14 if size < 20_000 else 16
        self.kecamatan = [name for name, _ in names.KECAMATAN[:n_kec]]
        self.remote = [name for name, remote in names.KECAMATAN[:n_kec] if remote]
        self.remote_set = frozenset(self.remote)
        self.data = DemoData(size, seed, self.today, self.kecamatan, self.remote)
        # Posts are placed per category, then staffed per category (see _staff).
        self.slots: dict[str, list[tuple[PositionRow, Post, float]]] = defaultdict(list)
        self.unit_by_code: dict[str, UnitRow] = {}
        self.nip_serial: dict[str, int] = defaultdict(int)
        self.posts_in_unit: dict[str, int] = defaultdict(int)

    # -- units and posts ---------------------------------------------------------------------
    def add_unit(self, code: str, name: str, parent: str, sector: str, kecamatan: str) -> UnitRow:
        unit = UnitRow(code, name, parent, sector, kecamatan)
        self.data.units.append(unit)
        self.unit_by_code[code] = unit
        return unit

    def add_post(self, category: str, unit: UnitRow, post: Post, fill: float) -> PositionRow:
        self.posts_in_unit[unit.code] += 1
        number = self.posts_in_unit[unit.code]
        row = PositionRow(
            code=f"{unit.code}.{number:02d}",
            unit_code=unit.code,
            name=post.name,
            kind=post.kind,
            job_family=post.family,
            gol_min=post.gol_min,
            gol_max=post.gol_max,
            education_min=post.education,
            majors=list(post.majors),
            certificate=post.certificate,
            competencies={name.lower(): level for name, level in post.competencies},
            formation=1,
            head=post.head,
            remote=unit.kecamatan in self.remote_set,
        )
        self.data.positions.append(row)
        self.slots[category].append((row, post, fill))
        for name in row.competencies:
            self.data.competencies.setdefault(name, _describe(name))
        return row

    def fill_factor(self, category: str, unit: UnitRow, post: Post) -> float:
        rng = self.rng
        remote = unit.kecamatan in self.remote_set
        if category in ("health", "education") and not post.head:
            if remote:
                return rng.uniform(0.4, 0.7)
            if unit.kecamatan == names.CAPITAL:
                return rng.uniform(1.0, 1.3)
            return rng.uniform(0.85, 1.1)
        if post.admin and unit.kecamatan == names.CAPITAL:
            return rng.uniform(1.35, 1.85)
        return rng.uniform(0.8, 1.05)

    def build_structure(self) -> None:
        """Units and posts, in a fixed order: the general OPD, the kecamatan offices, health,
        education (each step draws from the one random stream, so the order is part of the
        demo's identity)."""
        n_opd = min(len(catalog.OPDS), max(10, round(self.size / 180)))
        for spec in catalog.OPDS[:n_opd]:
            self._build_opd("general", spec)
        self._build_kecamatan_offices()
        self._build_health()
        self._build_education()

    def _build_opd(self, category: str, spec: catalog.Opd) -> UnitRow:
        """An OPD in the capital: its head, secretary and subdivisions, office staff, and its
        bidang (each with a head, two functional levels and two administrators)."""
        capital = names.CAPITAL
        divisions = max(1, min(4, 1 + self.size // 1500))
        with_subdivisions = self.size >= 1000
        unit = self.add_unit(spec.code, spec.name, "", spec.sector, capital)
        self.data.opd_codes.append(spec.code)
        self.add_post(category, unit, catalog.head_post(spec.head, "jpt"), 1.0)
        if with_subdivisions or category != "general":
            secretary = "Sekretaris" if spec.code != "SETDA" else "Asisten Administrasi Umum"
            self.add_post(category, unit, catalog.head_post(secretary, "administrator"), 1.0)
        if with_subdivisions:
            for title in ("Kepala Subbagian Umum dan Kepegawaian",
                          "Kepala Subbagian Perencanaan dan Keuangan"):  # fmt: skip
                self.add_post(category, unit, catalog.head_post(title, "pengawas"), 1.0)
        office = [catalog.PENGADMINISTRASI, catalog.PENGOLAH_DATA, catalog.BENDAHARA]
        if with_subdivisions:
            office += [catalog.PENGEMUDI, *catalog.OFFICE_SUPPORT]
        for post in office:
            self.add_post(category, unit, post, self.fill_factor(category, unit, post))
        for i, division in enumerate(spec.divisions[:divisions], start=1):
            sub = self.add_unit(f"{spec.code}.B{i}", division, spec.code, spec.sector, capital)
            head = f"Kepala {division}" if not division.startswith("Inspektur") else division
            self.add_post(category, sub, catalog.head_post(head, spec.division_kind), 1.0)
            fld = spec.fields[(i - 1) % len(spec.fields)]
            for level, weight in (("Ahli Pertama", 2.0), ("Ahli Muda", 1.0)):
                post = catalog.functional(
                    fld.base, level, fld.family, fld.majors, fld.technical,
                    weight=weight, certificate=fld.certificate,
                )  # fmt: skip
                self.add_post(category, sub, post, self.fill_factor(category, sub, post))
            for post in (catalog.PENATA_LAYANAN, catalog.PENGADMINISTRASI):
                self.add_post(category, sub, post, self.fill_factor(category, sub, post))
        for post in spec.extra:
            self.add_post(category, unit, post, self.fill_factor(category, unit, post))
        return unit

    def _build_kecamatan_offices(self) -> None:
        """Kecamatan offices: perangkat daerah of their own, one per kecamatan."""
        size = self.size
        n_kec_posts = 10 if size >= 3000 else 7 if size >= 1000 else 4
        kec_posts = [p for p in catalog.KECAMATAN_POSTS if p.head][: max(2, n_kec_posts - 4)]
        kec_posts += [p for p in catalog.KECAMATAN_POSTS if not p.head]
        for i, kec in enumerate(self.kecamatan, start=1):
            unit = self.add_unit(f"KEC{i:02d}", f"Kecamatan {kec}", "", "kewilayahan", kec)
            self.data.opd_codes.append(unit.code)
            for post in kec_posts:
                fill = 1.0 if post.head else self.fill_factor("general", unit, post)
                self.add_post("general", unit, post, fill)

    def _build_health(self) -> None:
        """Health: Dinas Kesehatan, RSUD (bigger regions get more), puskesmas in every
        kecamatan."""
        rng = self.rng
        health_staff = self.size * HEALTH_SHARE
        self._build_opd("health", catalog.DINKES)
        n_rsud = max(1, min(6, round(health_staff * 0.4 / 450)))
        rsud_places = [names.CAPITAL]
        rsud_places += [k for k in self.kecamatan[1:] if k not in self.remote_set]
        for i in range(n_rsud):
            kec = rsud_places[i % len(rsud_places)]
            name = "RSUD Bukitintan" if i == 0 else f"RSUD {kec}"
            unit = self.add_unit(f"DINKES.RSUD{i + 1}", name, "DINKES", "kesehatan", kec)
            for post in self.trimmed(catalog.RSUD_POSTS, 12.0, 3.0):
                self.add_post("health", unit, post, self.fill_factor("health", unit, post))
        n_pkm = max(len(self.kecamatan), round(health_staff * 0.5 / 28))
        pkm_kec = self.spread(n_pkm)
        per_kec: dict[str, int] = defaultdict(int)
        for i, kec in enumerate(pkm_kec, start=1):
            per_kec[kec] += 1
            suffix = kec if per_kec[kec] == 1 else rng.choice(names.DESA)
            name = f"Puskesmas {suffix}" if per_kec[kec] == 1 else f"Puskesmas {suffix} ({kec})"
            unit = self.add_unit(f"DINKES.PKM{i:03d}", name, "DINKES", "kesehatan", kec)
            for post in self.trimmed(catalog.PUSKESMAS_POSTS, 4.5, 0.9):
                self.add_post("health", unit, post, self.fill_factor("health", unit, post))

    def _build_education(self) -> None:
        """Education: Dinas Pendidikan, SD and SMP in every kecamatan."""
        edu_staff = self.size * EDUCATION_SHARE
        self._build_opd("education", catalog.DISDIK)
        n_sd = max(len(self.kecamatan), round(edu_staff * 0.7 / 10.5))
        n_smp = max(len(self.kecamatan) // 2, round(edu_staff * 0.3 / 17))
        school_no: dict[tuple[str, str], int] = defaultdict(int)
        for kind, count in (("SD", n_sd), ("SMP", n_smp)):
            for i, kec in enumerate(self.spread(count), start=1):
                school_no[(kind, kec)] += 1
                number = school_no[(kind, kec)]
                label = f"{number:03d}" if kind == "SD" else str(number)
                code = f"DISDIK.{kind}{i:04d}"
                unit = self.add_unit(
                    code, f"{kind} Negeri {label} {kec}", "DISDIK", "pendidikan", kec
                )
                for post in self.school_posts(kind):
                    self.add_post(
                        "education", unit, post, self.fill_factor("education", unit, post)
                    )

    def spread(self, count: int) -> list[str]:
        """Place ``count`` facilities over the kecamatan: one each, the rest by population."""
        weights = [3.0 if k == names.CAPITAL else 0.6 if k in self.remote_set else 1.4
                   for k in self.kecamatan]  # fmt: skip
        placed = list(self.kecamatan[:count])
        placed += self.rng.choices(self.kecamatan, weights=weights, k=max(0, count - len(placed)))
        placed.sort(key=self.kecamatan.index)
        return placed

    def school_posts(self, kind: str) -> list[Post]:
        rng = self.rng
        posts: list[Post] = [catalog.HEADMASTER]
        if kind == "SD":
            for level in catalog.TEACHER_LEVELS:
                posts.append(catalog.teacher("", level, ("PGSD",), 2.0))
            subjects = catalog.SD_SUBJECTS
        else:
            subjects = catalog.SMP_SUBJECTS
        for subject, majors, weight in subjects:
            level = rng.choices(catalog.TEACHER_LEVELS, catalog.TEACHER_LEVEL_WEIGHTS)[0]
            posts.append(catalog.teacher(subject, level, majors, weight))
        posts.append(catalog.SCHOOL_ADMIN)
        if kind == "SMP":
            posts.append(catalog.SCHOOL_LIBRARIAN)
        return self.trimmed(posts, 1.5, 0.9)

    def trimmed(self, posts: Sequence[Post], small: float, medium: float) -> list[Post]:
        """A small region has fewer kinds of post per unit: drop the rarest (heads stay)."""
        threshold = small if self.size < 1000 else medium if self.size < 3000 else 0.0
        heads = [p for p in posts if p.head]
        if self.size < 1000:
            heads = heads[:2]
        return heads + [p for p in posts if not p.head and p.weight >= threshold]

    # -- formation and staff -------------------------------------------------------------------
    def staff_counts(self) -> list[tuple[PositionRow, int]]:
        """Formation for every post and how many hold it, summing exactly to ``size``."""
        rng = self.rng
        edu = round(self.size * EDUCATION_SHARE)
        health = round(self.size * HEALTH_SHARE)
        budgets = {"education": edu, "health": health, "general": self.size - edu - health}
        result: list[tuple[PositionRow, int]] = []
        for category in ("general", "health", "education"):
            slots = self.slots[category]
            budget = budgets[category]
            heads = [row for row, post, _ in slots if post.head]
            filled_heads = 0
            counts: dict[str, int] = {}
            for row in heads:
                vacant_chance = 0.15 if row.remote else 0.05
                filled = 0 if rng.random() < vacant_chance or filled_heads >= budget // 2 else 1
                counts[row.code] = filled
                filled_heads += filled
            rest = max(0, budget - filled_heads)
            others = [(row, post, fill) for row, post, fill in slots if not post.head]
            total_weight = sum(post.weight for _, post, _ in others)
            # The region as a whole is about 4 % short of its formation.
            scale = rest / 0.96 / total_weight
            expected: list[float] = []
            for row, post, fill in others:
                row.formation = max(1, round(post.weight * scale * rng.uniform(0.85, 1.15)))
                expected.append(row.formation * fill)
            factor = rest / max(sum(expected), 1e-9)
            apportioned = _largest_remainder([e * factor for e in expected], rest)
            for (row, _, _), count in zip(others, apportioned, strict=True):
                counts[row.code] = count
            for row, _, _ in slots:
                result.append((row, counts[row.code]))
        return result

    def make_nip(self, birth: datetime.date, start: datetime.date, gender: str, pppk: bool) -> str:
        """A PNS NIP (birth, CPNS start YYYYMM, gender, serial) or an NI PPPK (birth, year of
        appointment, the PPPK marker 21, gender, serial)."""
        middle = f"{start:%Y}21" if pppk else f"{start:%Y%m}"
        prefix = f"{birth:%Y%m%d}{middle}{'1' if gender == 'L' else '2'}"
        self.nip_serial[prefix] += 1
        return f"{prefix}{self.nip_serial[prefix]:03d}"

    def make_employee(self, pos: PositionRow, post: Post) -> EmployeeRow:
        """One person for a filled seat of ``pos``. The random draws happen in a fixed order
        (gender, PPPK, education, major, career, tenure, home, performance, potential,
        competencies, certificates, name), so each step below keeps the demo's output stable."""
        rng = self.rng
        unit = self.unit_by_code[pos.unit_code]
        female = FEMALE_SHARE.get(pos.job_family, 0.45)
        gender = "P" if rng.random() < female else "L"
        pppk_chance = post.pppk + (0.1 if pos.remote and post.pppk > 0 else 0.0)
        is_pppk = rng.random() < pppk_chance
        education = pos.education_min or "SMA"
        if not is_pppk and rng.random() < 0.12 and education in HIGHER_EDUCATION:
            education = HIGHER_EDUCATION[education]
        major = rng.choice(pos.majors or GENERIC_MAJORS[education])
        if is_pppk:
            golongan, birth, service_start = self._pppk_career(pos, education)
        else:
            golongan, birth, service_start = self._pns_career(pos, education)
        position_start = self._position_start(service_start, is_pppk)
        home = self._home(unit)
        performance = rng.choices(codes.PERFORMANCE_LEVELS, PERFORMANCE_WEIGHTS)[0]
        potential = round(min(99.0, max(15.0, rng.gauss(64, 13))), 1)
        competencies = self._competencies(pos)
        certificates = self._certificates(pos, is_pppk)
        return EmployeeRow(
            nip=self.make_nip(birth, service_start, gender, is_pppk),
            name=self.person_name(gender, major, education),
            birth_date=birth,
            gender=gender,
            employee_type="PPPK" if is_pppk else "PNS",
            golongan=golongan,
            education=education,
            major=major,
            position_code=pos.code,
            position_start=position_start,
            home_kecamatan=home,
            performance=performance,
            potential=potential,
            competencies=competencies,
            certificates=certificates,
            service_start=service_start,
        )

    def _pppk_career(
        self, pos: PositionRow, education: str
    ) -> tuple[str, datetime.date, datetime.date]:
        """A PPPK's grade (inside the post's range), birth date and year of appointment."""
        rng = self.rng
        bup = codes.retirement_age(pos.kind, pos.name)
        entry_lo, _ = ENTRY_AGE[education]
        golongan = PPPK_GRADE[education]
        if pos.gol_min and pos.gol_max:  # the grade the post's range allows
            low, high = _rank(pos.gol_min), _rank(pos.gol_max)
            golongan = PPPK_BY_RANK[min(max(_rank(golongan), low), high)]
        age = min(bup - 0.5, max(entry_lo + 2.0, rng.gauss(37, 8)))
        start_year = rng.choices((2019, 2021, 2022, 2023, 2024, 2025), (1, 3, 3, 2, 2, 1))[0]
        service_start = datetime.date(start_year, rng.randint(1, 12), 1)
        birth = years_before(self.today, age) - datetime.timedelta(days=rng.randint(0, 364))
        if age_on(birth, service_start) < 18:
            service_start = datetime.date(birth.year + 20, 3, 1)
        return golongan, birth, service_start

    def _pns_career(
        self, pos: PositionRow, education: str
    ) -> tuple[str, datetime.date, datetime.date]:
        """A PNS's golongan (inside the post's range), birth date and CPNS start, with years of
        service consistent with the golongan and an age below the post's BUP."""
        rng = self.rng
        bup = codes.retirement_age(pos.kind, pos.name)
        entry_lo, entry_hi = ENTRY_AGE[education]
        entry = _rank(PNS_ENTRY[education])
        if pos.gol_min and pos.gol_max:
            low, high = _rank(pos.gol_min), _rank(pos.gol_max)
            lower = max(low, min(entry, high))
            rank = rng.randint(lower, high)
            if rng.random() < 0.04:  # a few at an end of the post's range
                rank = rng.choice((lower, high))
        else:
            low = high = rank = entry + rng.randint(0, 4)
        rank = max(rank, 1)
        golongan = PNS_BY_RANK[min(rank, 17)]
        steps = max(0, rank - entry)
        service = steps * rng.uniform(3.8, 5.2) + rng.uniform(1.0, 5.0)
        if rank >= high:
            service += rng.uniform(0, 14)  # people stay long at the top of their ladder
        entry_age = rng.uniform(entry_lo, entry_hi)
        age = entry_age + service
        if age >= bup - 0.1:
            age = bup - rng.uniform(0.25, 3.5)
            entry_age = min(entry_age, age - 1)
            service = age - entry_age
        birth = years_before(self.today, age) - datetime.timedelta(days=rng.randint(0, 30))
        start_day = years_before(self.today, service)
        service_start = datetime.date(start_day.year, start_day.month, 1)
        return golongan, birth, service_start

    def _position_start(self, service_start: datetime.date, is_pppk: bool) -> datetime.date:
        """When the person took the post held now (tenure drawn from ``TENURE_YEARS``)."""
        rng = self.rng
        share = rng.random()
        for weight, low_years, high_years in TENURE_YEARS:
            if share < weight:
                tenure = rng.uniform(low_years, high_years)
                break
            share -= weight
        served = (self.today - service_start).days / 365.25
        if tenure > served or is_pppk and rng.random() < 0.8:
            tenure = served * rng.uniform(0.5, 1.0) if not is_pppk else served
        return max(service_start, years_before(self.today, tenure))

    def _home(self, unit: UnitRow) -> str:
        """Where the person lives: mostly the unit's kecamatan, else the capital or anywhere."""
        draw = self.rng.random()
        if draw < 0.62:
            return unit.kecamatan
        if draw < 0.85:
            return names.CAPITAL
        return self.rng.choice(self.kecamatan)

    def _competencies(self, pos: PositionRow) -> dict[str, int]:
        """The post's competencies at levels near the required ones, sometimes one more."""
        rng = self.rng
        competencies: dict[str, int] = {}
        for name, level in pos.competencies.items():
            if rng.random() < 0.05:
                continue
            competencies[name] = max(1, min(5, level + rng.choice((-2, -1, -1, 0, 0, 0, 0, 1, 1))))
        if rng.random() < 0.4:
            extra = rng.choice(catalog.MANAGERIAL_COMPETENCIES)
            competencies.setdefault(extra, rng.randint(1, 3))
            self.data.competencies.setdefault(extra, _describe(extra))
        return competencies

    def _certificates(self, pos: PositionRow, is_pppk: bool) -> list[str]:
        """The post's certificate (most holders have it) and, rarely, a procurement one."""
        rng = self.rng
        certificates: list[str] = []
        if pos.certificate:
            chance = 0.9 if pos.certificate == catalog.STR else 0.75
            if pos.certificate == catalog.TEACHER_CERT:
                chance = 0.35 if is_pppk else 0.8
            if rng.random() < chance:
                certificates.append(pos.certificate)
        if rng.random() < 0.03:
            certificates.append("Sertifikat Kompetensi PBJ")
        return certificates

    def person_name(self, gender: str, major: str, education: str) -> str:
        rng = self.rng
        first = rng.choice(names.FEMALE_FIRST if gender == "P" else names.MALE_FIRST)
        draw = rng.random()
        if draw < 0.55:
            pool = (
                names.FEMALE_SECOND if gender == "P" and rng.random() < 0.5 else names.SECOND_NAMES
            )
            full = f"{first} {rng.choice(pool)}"
        elif draw < 0.85:
            middle = rng.choice(names.FEMALE_FIRST if gender == "P" else names.MALE_FIRST)
            full = f"{first} {middle}" if middle != first else first
        else:
            full = first
        if major == "Kedokteran":
            return f"dr. {full}"
        if major == "Kedokteran Gigi":
            return f"drg. {full}"
        if major == "Spesialis":
            return f"dr. {full}, Sp.{rng.choice(('PD', 'A', 'OG', 'B', 'An'))}"
        title = names.TITLE_BY_MAJOR.get(major, "")
        diploma = title.startswith("A.Md")
        if education == "D3" and not diploma:
            title = "A.Md."  # a diploma title, whatever the field
        elif education == "D4" and (diploma or not title):
            title = "S.Tr."  # sarjana terapan
        elif education == "S1" and diploma:
            title = "S.Kes."
        elif education == "S1" and not title:
            title = "S.Sos."
        if education == "S2":
            title = (title + ", " if title else "") + "M.Si."
        if education in ("SMA", "SMP", "SD", "D1", "D2"):
            title = ""
        return f"{full}, {title}" if title else full

    def build_people(self, counts: list[tuple[PositionRow, int]]) -> None:
        posts = {row.code: post for cat in self.slots.values() for row, post, _ in cat}
        for pos, count in counts:
            for _ in range(count):
                self.data.employees.append(self.make_employee(pos, posts[pos.code]))

    # -- spouses, history, workload, preferences --------------------------------------------
    def build_spouses(self) -> None:
        rng, data = self.rng, self.data
        employees = data.employees
        pairs_wanted = max(3, self.size // 200)
        taken: set[str] = set()
        positions = {p.code: p for p in data.positions}
        by_unit: dict[str, list[EmployeeRow]] = defaultdict(list)
        for e in employees:
            by_unit[positions[e.position_code].unit_code].append(e)

        def pair(a: EmployeeRow, b: EmployeeRow) -> None:
            a.spouse_nip, b.spouse_nip = b.nip, a.nip
            taken.update((a.nip, b.nip))
            data.spouse_pairs.append((a.nip, b.nip))

        # Some pairs where one heads the unit the other works in (a conflict of interest).
        heads = [e for e in employees if positions[e.position_code].head]
        rng.shuffle(heads)
        for head in heads:
            if len(data.spouse_pairs) >= max(1, pairs_wanted // 5):
                break
            unit = positions[head.position_code].unit_code
            partners = [e for e in by_unit[unit] if e.gender != head.gender and e is not head]
            partners = [e for e in partners if abs((e.birth_date - head.birth_date).days) < 3650]
            if head.nip in taken or not partners:
                continue
            pair(head, rng.choice(partners))
        men = [e for e in employees if e.gender == "L" and e.nip not in taken]
        women = [e for e in employees if e.gender == "P" and e.nip not in taken]
        rng.shuffle(men)
        women.sort(key=lambda e: e.birth_date)
        births = [w.birth_date for w in women]
        for man in men:
            if len(data.spouse_pairs) >= pairs_wanted:
                break
            target = man.birth_date + datetime.timedelta(days=rng.randint(0, 6 * 365))
            i = bisect.bisect_left(births, target)
            for j in (i, i - 1, i + 1):
                if 0 <= j < len(women) and women[j].nip not in taken:
                    pair(man, women[j])
                    break

    def build_history(self) -> None:
        rng, data = self.rng, self.data
        by_family: dict[str, list[PositionRow]] = defaultdict(list)
        for p in data.positions:
            by_family[p.job_family].append(p)
        positions = {p.code: p for p in data.positions}
        old_names = ("Calon Pegawai Negeri Sipil", "Staf Pelaksana", "Pengadministrasi Umum",
                     "Guru Honorer Daerah", "Staf Teknis")  # fmt: skip
        for e in data.employees:
            if e.employee_type == "PPPK":
                continue
            span = (e.position_start - e.service_start).days
            if span < 540 or rng.random() > 0.78:
                continue
            current = positions[e.position_code]
            n_prev = min(rng.randint(1, 3), span // 540)
            cuts = sorted(rng.sample(range(1, span // 180), n_prev - 1)) if n_prev > 1 else []
            starts = [e.service_start] + [
                e.service_start + datetime.timedelta(days=180 * c) for c in cuts
            ]
            ends = [s - datetime.timedelta(days=1) for s in starts[1:]] + [
                e.position_start - datetime.timedelta(days=1)
            ]
            family = by_family[current.job_family]
            for start, end in zip(starts, ends, strict=True):
                if rng.random() < 0.7 and len(family) > 1:
                    prev = rng.choice(family)
                    if prev.code == current.code:
                        prev = family[(family.index(prev) + 1) % len(family)]
                    data.history.append(
                        HistoryRow(e.nip, prev.code, prev.name, prev.job_family, start, end)
                    )
                else:
                    name = rng.choice(old_names)
                    data.history.append(HistoryRow(e.nip, "", name, current.job_family, start, end))

    def build_workload(self) -> None:
        rng = self.rng
        for pos in self.data.positions:
            if rng.random() > 0.88:
                continue
            templates = catalog.TASKS.get(pos.job_family)
            if templates is None:
                templates = [
                    (d.format(family=pos.job_family), u, lo, hi)
                    for d, u, lo, hi in catalog.GENERIC_TASKS
                ]
            k = min(len(templates), rng.randint(3, 6))
            chosen = rng.sample(templates, k)
            # ABK near the formation but not equal to it: some posts short, some over.
            draw = rng.random()
            if draw < 0.4:
                ratio = rng.uniform(0.7, 0.93)
            elif draw < 0.85:
                ratio = rng.uniform(1.07, 1.5)
            else:
                ratio = rng.choice((rng.uniform(0.94, 0.98), rng.uniform(1.02, 1.06)))
            target = pos.formation * ratio * EFFECTIVE_MINUTES_PER_YEAR
            shares = [rng.uniform(0.5, 1.5) for _ in chosen]
            total_share = sum(shares)
            for (description, unit, lo, hi), share in zip(chosen, shares, strict=True):
                minutes = rng.randint(lo, hi)
                volume = max(1, round(target * share / total_share / minutes))
                self.data.workload.append(WorkloadRow(pos.code, description, unit, volume, minutes))

    def build_preferences(self) -> None:
        rng, data = self.rng, self.data
        groups: dict[tuple[str, str], list[PositionRow]] = defaultdict(list)
        for p in data.positions:
            if not p.head:
                groups[(p.job_family, p.kind)].append(p)
        units = self.unit_by_code
        cum_cache: dict[tuple[str, str, str], list[float]] = {}

        def weights_for(key: tuple[str, str], home: str) -> list[float]:
            cached = cum_cache.get((*key, home))
            if cached is None:
                total = 0.0
                cached = []
                for p in groups[key]:
                    kec = units[p.unit_code].kecamatan
                    w = 4.0 if kec == home else 3.0 if kec == names.CAPITAL else 1.0
                    if kec in self.remote_set and kec != home:
                        w = 0.25
                    total += w
                    cached.append(total)
                cum_cache[(*key, home)] = cached
            return cached

        positions = {p.code: p for p in data.positions}
        for e in data.employees:
            if rng.random() > (0.46 if e.employee_type == "PNS" else 0.08):
                continue
            own = positions[e.position_code]
            key = (own.job_family, own.kind)
            group = groups.get(key)
            if not group or len(group) < 2:
                continue
            wanted = rng.choices((1, 2, 3, 4, 5), (2, 3, 3, 2, 2))[0]
            candidates = rng.choices(group, cum_weights=weights_for(key, e.home_kecamatan), k=15)
            chosen: list[PositionRow] = []
            chosen_codes: list[str] = []
            for p in candidates:
                if len(chosen) >= wanted:
                    break
                if p.code == own.code or p.code in chosen_codes or not _eligible(e, p):
                    continue
                if e.employee_type == "PPPK" and p.unit_code != own.unit_code:
                    continue  # PPPK stay in their unit (docs/domain.md)
                chosen.append(p)
                chosen_codes.append(p.code)
            if not chosen:
                continue
            if rng.random() < 0.25:  # staying ranks somewhere in the list
                chosen.insert(rng.randint(1, len(chosen)), own)
            for rank, p in enumerate(chosen, start=1):
                data.preferences.append(PreferenceRow(e.nip, rank, p.code))

    def build(self) -> DemoData:
        self.build_structure()
        counts = self.staff_counts()
        self.build_people(counts)
        self.build_spouses()
        self.build_history()
        self.build_workload()
        self.build_preferences()
        return self.data


def _eligible(e: EmployeeRow, p: PositionRow) -> bool:
    """Could this employee plausibly be placed in this post (education, golongan, certificate)?"""
    if p.education_min and codes.education_rank(e.education) < codes.education_rank(
        p.education_min
    ):
        return False
    rank = _rank(e.golongan)
    if p.gol_min and rank < _rank(p.gol_min):
        return False
    if p.gol_max and rank > _rank(p.gol_max):
        return False
    return not (p.certificate and p.certificate not in e.certificates)


def _largest_remainder(values: list[float], total: int) -> list[int]:
    """Round ``values`` to integers summing to ``total`` (Hamilton's method; ties by index)."""
    floors = [math.floor(v) for v in values]
    missing = total - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (floors[i] - values[i], i))
    for i in order[: max(0, missing)]:
        floors[i] += 1
    return floors


def _describe(name: str) -> str:
    if name in catalog.MANAGERIAL_COMPETENCIES:
        return "Kompetensi manajerial"
    if name == catalog.SOCIOCULTURAL_COMPETENCY:
        return "Kompetensi sosial kultural"
    return "Kompetensi teknis"


def generate(size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> DemoData:
    """Kabupaten Bukitintan with ``size`` employees, the same for the same ``size`` and ``seed``."""
    return _Builder(size, seed).build()
