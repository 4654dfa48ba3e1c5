"""Why a person moves or stays, as message keys with parameters (no text decided here).

The planner is pure Python and knows no language machinery, so it does not write sentences: each
reason is a tuple of ``ReasonPart(key, params)``. ``render`` turns them into the Indonesian text
stored with a plan (exports, the command line); the web app renders the same parts through its
translation catalogue, so an English page reads English. Parameters are raw numbers; formatting
(9,6 tahun; 85%) belongs to whoever renders.

Every key's Indonesian sentence is in ``TEXT``; the web app's catalogue uses the same sentences as
its msgids, so both renderings agree word for word.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ReasonPart:
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> list[Any]:
        return [self.key, dict(self.params)]

    @classmethod
    def from_json(cls, raw: Any) -> ReasonPart | None:
        if isinstance(raw, list | tuple) and len(raw) == 2 and isinstance(raw[0], str):
            return cls(raw[0], dict(raw[1]) if isinstance(raw[1], dict) else {})
        return None


# Indonesian sentences, written for the HR office ("pegawai", never "Anda"). Placeholders name
# the formatted parameters; the number kinds are in PARAM_KINDS.
TEXT: dict[str, str] = {
    "pinned": "Ditetapkan oleh perencana (penguncian).",
    "must_move": (
        "Wajib pindah: sudah %(years)s tahun di jabatan ini, melewati batas %(max_years)s tahun "
        "(PP 11/2017 Pasal 190)."
    ),
    "must_move_at_limit": (
        "Wajib pindah: sudah lebih dari %(max_years)s tahun di jabatan ini (PP 11/2017 Pasal 190)."
    ),
    "preference": "Pilihan ke-%(rank)s pegawai.",
    "preference_below_stay": (
        "Pilihan ke-%(rank)s pegawai, di bawah pilihannya untuk tetap di jabatan sekarang."
    ),
    "not_in_preferences": "Jabatan ini tidak ada dalam daftar pilihan pegawai.",
    "shortage": (
        "Jabatan %(code)s di sektor %(sector)s kekurangan %(short)s orang "
        "(formasi %(formation)s, terisi %(filled)s)."
    ),
    "origin_overstaffed": (
        "Jabatan asal %(code)s kelebihan pegawai (%(filled)s orang untuk formasi %(formation)s)."
    ),
    "fit_up": "Kesesuaian dengan syarat jabatan naik dari %(before)s ke %(after)s.",
    "career": (
        "Rotasi ke bidang baru sesuai rekomendasi pengembangan karier (kotak talenta dan masa "
        "kerja)."
    ),
    "distance": "Jarak dari domisili %(km)s km (sebelumnya %(before_km)s km).",
    "chain": (
        "Bagian dari rantai mutasi #%(chain)s: jabatan yang ditinggalkan diisi pegawai lain "
        "dalam rencana ini."
    ),
    "cycle": (
        "Bagian dari pertukaran melingkar #%(chain)s: setiap jabatan yang ditinggalkan diisi "
        "pegawai lain dalam lingkaran yang sama."
    ),
    "stuck_no_post": (
        "Sudah %(years)s tahun di jabatan ini (wajib pindah setelah %(max_years)s tahun), tetapi "
        "tetap: tidak ada jabatan lain yang memenuhi syarat golongan, pendidikan, jurusan, "
        "sertifikasi dan rumpun jabatan serta aturan penempatan."
    ),
    "stuck_no_room": (
        "Sudah %(years)s tahun di jabatan ini (wajib pindah setelah %(max_years)s tahun), tetapi "
        "tetap: %(posts)s jabatan memenuhi syarat, namun semuanya tanpa ruang formasi, atau unit "
        "asal sudah mencapai batas keberangkatan %(cap)s, atau unit sektor prioritas tidak boleh "
        "berkurang lagi."
    ),
}

# How each parameter is formatted: "years" one decimal, "percent" a fraction shown as %, "int" a
# grouped whole number, "max" a setting shown without trailing zeros; anything else as text.
PARAM_KINDS: dict[str, str] = {
    "years": "years",
    "max_years": "max",
    "rank": "int",
    "short": "int",
    "formation": "int",
    "filled": "int",
    "before": "percent",
    "after": "percent",
    "km": "int",
    "before_km": "int",
    "chain": "text",
    "posts": "int",
    "cap": "percent",
}


def years_part(years: float, max_years: float) -> ReasonPart:
    """The must-move sentence that never contradicts itself: "sudah 5,0 tahun … melewati 5" is
    impossible, because a figure that rounds to the limit is said as "lebih dari 5 tahun"."""
    shown = math.floor(years * 10) / 10
    if shown <= max_years:
        return ReasonPart("must_move_at_limit", {"max_years": max_years})
    return ReasonPart("must_move", {"years": shown, "max_years": max_years})


def _id_number(value: Any, kind: str) -> str:
    """Indonesian formatting: 9,6; 1.250; 85%."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if kind == "years":
        return f"{value:.1f}".replace(".", ",")
    if kind == "percent":
        return f"{value * 100:.0f}%"
    if kind == "max":
        text = f"{value:g}"
        return text.replace(".", ",")
    if kind == "int":
        return f"{round(value):,}".replace(",", ".")
    return str(value)


def format_params(
    params: Mapping[str, Any], number: Callable[[Any, str], str] = _id_number
) -> dict[str, str]:
    return {name: number(value, PARAM_KINDS.get(name, "text")) for name, value in params.items()}


def render(
    parts: Iterable[ReasonPart],
    text: Mapping[str, str] = TEXT,
    number: Callable[[Any, str], str] = _id_number,
) -> str:
    """The parts as sentences (Indonesian by default; a caller may pass translated ``text``)."""
    sentences = []
    for part in parts:
        template = text.get(part.key)
        if template is None:
            continue
        sentences.append(template % format_params(part.params, number))
    return " ".join(sentences)
