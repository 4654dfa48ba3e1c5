"""Reference codes of Indonesian civil-service data (no Django import: the planner uses them too).

Sources: BKN/SIASN reference tables (golongan ids, tingkat pendidikan ids), UU 20/2023 Pasal 55 and
its predecessors for the retirement age (BUP). See docs/domain.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Golongan:
    code: str  # as written on the workbook: "III/a", or a PPPK grade "IX"
    siasn_id: int  # SIASN gol_akhir_id; PPPK grades use 101..117 (internal, not SIASN)
    pangkat: str
    rank: int  # comparable across PNS and PPPK (see PPPK_EQUIVALENT_RANK)


_PNS = [
    ("I/a", 11, "Juru Muda"),
    ("I/b", 12, "Juru Muda Tingkat I"),
    ("I/c", 13, "Juru"),
    ("I/d", 14, "Juru Tingkat I"),
    ("II/a", 21, "Pengatur Muda"),
    ("II/b", 22, "Pengatur Muda Tingkat I"),
    ("II/c", 23, "Pengatur"),
    ("II/d", 24, "Pengatur Tingkat I"),
    ("III/a", 31, "Penata Muda"),
    ("III/b", 32, "Penata Muda Tingkat I"),
    ("III/c", 33, "Penata"),
    ("III/d", 34, "Penata Tingkat I"),
    ("IV/a", 41, "Pembina"),
    ("IV/b", 42, "Pembina Tingkat I"),
    ("IV/c", 43, "Pembina Utama Muda"),
    ("IV/d", 44, "Pembina Utama Madya"),
    ("IV/e", 45, "Pembina Utama"),
]
_ROMAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip

PNS_GOLONGAN: list[Golongan] = [
    Golongan(code, sid, pangkat, rank) for rank, (code, sid, pangkat) in enumerate(_PNS, start=1)
]
# PPPK grades I–XVII placed on the same ladder as the 17 PNS grades, one to one: entry grades
# line up (SLTA: V ~ II/a, D-III: VII ~ II/c, S-1: IX ~ III/a, S-2: X ~ III/b). [check] A setting
# could replace it; the mapping is only used to compare a PPPK grade with a post's golongan range.
PPPK_GOLONGAN: list[Golongan] = [
    Golongan(code, 100 + rank, f"PPPK golongan {code}", rank)
    for rank, code in enumerate(_ROMAN, start=1)
]
GOLONGAN_BY_CODE: dict[str, Golongan] = {g.code: g for g in PNS_GOLONGAN + PPPK_GOLONGAN}


def golongan_rank(code: str) -> int:
    """Position of a golongan on the common ladder (1 = I/a or PPPK I); KeyError if unknown."""
    return GOLONGAN_BY_CODE[code].rank


@dataclass(frozen=True)
class Education:
    code: str  # as written on the workbook
    bkn_id: str  # BKN tingkat_pendidikan_id
    label: str
    rank: int


EDUCATION_LEVELS: list[Education] = [
    Education(code, bkn, label, rank)
    for rank, (code, bkn, label) in enumerate(
        [
            ("SD", "05", "Sekolah Dasar"),
            ("SMP", "10", "SLTP"),
            ("SMA", "15", "SLTA"),
            ("D1", "20", "Diploma I"),
            ("D2", "25", "Diploma II"),
            ("D3", "30", "Diploma III"),
            ("D4", "35", "Diploma IV"),
            ("S1", "40", "Strata 1"),
            ("S2", "45", "Strata 2"),
            ("S3", "50", "Strata 3"),
        ],
        start=1,
    )
]
EDUCATION_BY_CODE: dict[str, Education] = {e.code: e for e in EDUCATION_LEVELS}


def education_rank(code: str) -> int:
    return EDUCATION_BY_CODE[code].rank


JOB_KINDS = ["jpt", "administrator", "pengawas", "pelaksana", "fungsional"]
MANAGERIAL_KINDS = frozenset({"jpt", "administrator", "pengawas"})

PERFORMANCE_LEVELS = ["sangat baik", "baik", "butuh perbaikan", "kurang", "sangat kurang"]

# Batas usia pensiun, UU 20/2023 Pasal 55 (and PP 11/2017 Pasal 239 before it). Functional
# posts by level: ahli utama 65, ahli madya 60, others 58. [check]
BUP_BY_KIND = {"jpt": 60, "administrator": 58, "pengawas": 58, "pelaksana": 58, "fungsional": 58}
BUP_FUNCTIONAL_BY_LEVEL = {"ahli utama": 65, "ahli madya": 60}


def retirement_age(kind: str, position_name: str = "") -> int:
    """BUP of a post: by job kind, and for functional posts by the level in the post's name."""
    if kind == "fungsional":
        lowered = position_name.lower()
        for level, age in BUP_FUNCTIONAL_BY_LEVEL.items():
            if level in lowered:
                return age
    return BUP_BY_KIND[kind]


def parse_competencies(text: str) -> dict[str, int]:
    """Parse ``name:level;name:level`` (level 1–5). Raises ValueError with an Indonesian message."""
    result: dict[str, int] = {}
    for raw in text.split(";"):
        item = raw.strip()
        if not item:
            continue
        name, sep, level_text = item.rpartition(":")
        name = name.strip()
        if not sep or not name:
            raise ValueError(f"'{item}' bukan format nama:level")
        try:
            level = int(level_text.strip())
        except ValueError:
            raise ValueError(f"level '{level_text.strip()}' pada '{item}' bukan angka") from None
        if not 1 <= level <= 5:
            raise ValueError(f"level {level} pada '{item}' di luar 1–5")
        result[name.lower()] = level
    return result


def format_competencies(competencies: dict[str, int]) -> str:
    return ";".join(f"{name}:{level}" for name, level in sorted(competencies.items()))


def split_list(text: str) -> list[str]:
    """``a; b;c`` → ["a", "b", "c"] (the workbook's list separator is ``;``)."""
    return [part.strip() for part in text.split(";") if part.strip()]


# Words naming the level of a functional post ("Perawat Ahli Muda" -> functional job "perawat").
FUNCTIONAL_LEVEL_WORDS = (
    "ahli utama",
    "ahli madya",
    "ahli muda",
    "ahli pertama",
    "penyelia",
    "mahir",
    "terampil",
    "pemula",
)


def functional_job_of(kind: str, position_name: str) -> str:
    """The functional job a post belongs to: its name without the level, lower-case."""
    if kind != "fungsional":
        return ""
    name = position_name.lower()
    for words in FUNCTIONAL_LEVEL_WORDS:
        index = name.find(words)
        if index >= 0:
            name = name[:index]
            break
    return " ".join(name.split())
