"""The planner's rule messages (violations of ``check``, person and pair problems, pins it could not
honour, why a re-run differs from its reference, why a run found no plan) as message keys with
parameters, rendered in Indonesian by default.

The planner knows no language machinery. A ``Message`` is the Indonesian text (a ``str``, so every
caller that prints or joins it keeps working) that also carries its ``key`` and ``params``; the web
app renders the same key through its translation catalogue (the msgids are the sentences in
``TEXT``), so an English page reads English. A parameter may itself be a ``Message`` (the rule
inside "dipindah padahal …"); numbers stay raw and are formatted by whoever renders.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mutasi.planner.reasons import _id_number

TEXT: dict[str, str] = {
    # person problems: why this person may not move at all
    "min_years": (
        "baru %(years)s tahun di jabatan, minimal %(min_years)s tahun (PP 11/2017 Pasal 190)"
    ),
    "retirement": (
        "kurang dari %(buffer)s tahun sebelum batas usia pensiun (%(retirement_age)s tahun)"
    ),
    "freeze_official": (
        "pejabat tidak boleh diganti dalam masa larangan pilkada (UU 10/2016 Pasal 71)"
    ),
    # pair problems: why this person may not take this post
    "golongan_below": "golongan di bawah rentang jabatan",
    "golongan_above": "golongan di atas rentang jabatan",
    "education_below": "pendidikan di bawah syarat minimal jabatan",
    "major": "jurusan '%(major)s' tidak termasuk yang diterima",
    "certificate": "tidak memiliki sertifikasi %(certificate)s",
    "job_family": "rumpun jabatan '%(family)s' tidak sama atau setara dengan '%(target_family)s'",
    "functional": "jabatan fungsional hanya untuk pemangku jabatan fungsional itu",
    "pppk_unit": "PPPK tetap di unit kerjanya",
    "spouse_head": "kepala unit tujuan adalah pasangannya (konflik kepentingan)",
    "freeze_post": "jabatan pimpinan tidak diisi dalam masa larangan pilkada",
    # violations of a plan
    "unassigned": "%(who)s tidak mendapat jabatan",
    "unknown_post": "%(who)s ditempatkan di jabatan yang tidak dikenal '%(post)s'",
    "unknown_employee": "pegawai tidak dikenal '%(employee)s' dalam rencana",
    "pin_stay_moved": "%(who)s dikunci tetap tetapi dipindah",
    "pin_goto_unexplained": "%(who)s dikunci ke jabatan %(post)s tanpa penjelasan",
    "pin_never_unit": "%(who)s ditempatkan di unit %(unit)s yang dikunci tidak boleh",
    "moved_although": "%(who)s dipindah padahal %(problem)s",
    "not_qualified": "%(who)s tidak memenuhi syarat %(code)s: %(problem)s",
    "over_formation": (
        "jabatan %(code)s berakhir dengan %(count)s orang, di atas formasi %(formation)s, karena "
        "ada yang dipindah masuk"
    ),
    "departure_cap": (
        "unit %(unit)s kehilangan %(left)s dari %(staff)s orang, batas %(cap_count)s "
        "(%(cap_share)s)"
    ),
    "priority_floor": (
        "unit %(unit)s (sektor prioritas %(sector)s) turun ke %(staff)s pegawai, lebih jauh di "
        "bawah formasi %(formation)s"
    ),
    # a pin the plan could not honour (``check.goto_refusal_message``)
    "pin_refused": "Penguncian ke jabatan %(code)s tidak dapat dipenuhi: %(problems)s.",
    "pin_immobile": "Penguncian ke jabatan %(code)s tidak dapat dipenuhi: %(problem)s.",
    "no_room": (
        "jabatan tujuan tidak punya ruang formasi (formasi %(formation)s, terisi %(filled)s)"
    ),
    "own_post": "jabatan itu adalah jabatannya sekarang",
    "no_room_within_rules": "tidak ada ruang dalam batas aturan",
    "must_move_room": (
        "%(who)s sudah %(years)s tahun di jabatan dan tetap, padahal jabatan %(code)s yang "
        "memenuhi syarat masih punya ruang"
    ),
    # why a person may not move at all in this run (``eligibility``: a pin, the policy)
    "immobile_pinned": "dikunci tetap di jabatan oleh perencana",
    "immobile_min_years": "belum %(min_years)s tahun di jabatan (PP 11/2017 Pasal 190)",
    "immobile_retirement": "kurang dari %(buffer)s tahun sebelum batas usia pensiun",
    "immobile_freeze": (
        "masa larangan penggantian pejabat menjelang/sesudah pilkada (UU 10/2016 Pasal 71)"
    ),
    # a pin followed only where possible: the pins together broke another rule (``optimal``)
    "pin_with_other_rules": (
        "Penguncian ke jabatan %(code)s tidak dapat dipenuhi bersama aturan lain (formasi tujuan "
        "penuh, batas keberangkatan unit %(cap_share)s, atau sektor prioritas yang tidak boleh "
        "berkurang)."
    ),
    # a pin the fair mechanism could not follow once the lists were fixed (``fair``)
    "pin_full_or_cap": (
        "Penguncian ke jabatan %(code)s tidak dapat dipenuhi: jabatan tujuan penuh atau batas "
        "keberangkatan unit tercapai."
    ),
    # a run that found no plan (``SolveError``); the setting is named by its label on the
    # cycle's policy form, never by its code
    "time_limit": (
        "Perencanaan tidak selesai dalam batas waktu %(seconds)s detik. Naikkan “Batas waktu "
        "hitung (detik)” di pengaturan lanjutan kebijakan siklus, lalu hitung ulang."
    ),
    "no_integer_plan": (
        "Perencanaan tidak menemukan rencana bulat dalam batas waktu %(seconds)s detik. Naikkan "
        "“Batas waktu hitung (detik)” di pengaturan lanjutan kebijakan siklus, lalu hitung ulang."
    ),
    # a policy the planner cannot use (``PolicyError``); each setting named by its label on the
    # cycle's policy form, never by its code
    "policy_departure_cap": (
        "“Bagian pegawai unit yang boleh keluar dalam satu siklus” harus di antara 0 dan 1."
    ),
    "policy_years_in_post": (
        "“Masa maksimal dalam jabatan” tidak boleh kurang dari “Masa minimal dalam jabatan”, dan "
        "keduanya tidak boleh negatif."
    ),
    "policy_candidate_arcs": "“Jumlah kandidat jabatan per pegawai” harus minimal 1.",
    "policy_priority_keys": (
        "“Urutan prioritas mekanisme adil” memuat urutan yang tidak dikenal: %(names)s."
    ),
    "policy_freeze": (
        "Masa larangan pilkada perlu tanggal mulai dan tanggal selesai, tidak hanya salah satunya."
    ),
    # (its ``status`` parameter, the solver's own word, is for the log, not the sentence)
    "solve_failed": (
        "Perencanaan gagal: pemecah berhenti tanpa rencana. Coba hitung ulang; bila terulang, "
        "laporkan ke pengelola aplikasi."
    ),
    # why a re-run differs from its reference plan (``stability.changes``)
    "change_pinned": "Dikunci oleh perencana.",
    "change_post_gone": "Jabatan %(post)s pada rencana acuan tidak ada lagi dalam data.",
    "change_must_move": (
        "Wajib pindah (lebih dari %(max_years)s tahun di jabatan) dan kini ada jabatan yang "
        "memenuhi syarat dengan ruang."
    ),
    "change_immobile": "Tidak dapat dipindah sekarang: %(problem)s.",
    "change_not_qualified": "Tidak lagi memenuhi syarat jabatan %(code)s: %(problems)s.",
    "change_post_closed": (
        "Jabatan %(code)s tidak lagi menerima pegawai (formasi %(formation)s, terisi %(filled)s)."
    ),
    "change_slot_taken": (
        "Jabatan tujuan semula %(code)s kini diisi %(nip)s karena perubahan lain."
    ),
    "change_slot_freed": "Jabatan %(code)s menjadi kosong karena perubahan pada %(nip)s.",
    "change_knock_on": (
        "Menyesuaikan perubahan lain dalam rencana (sisa batas keberangkatan unit, ruang "
        "formasi, atau sektor prioritas)."
    ),
}

# How each number is formatted (see ``reasons._id_number``): "years" one decimal, "max" a setting
# without trailing zeros, "percent" a fraction as %, "int" a grouped whole number.
PARAM_KINDS: dict[str, str] = {
    "years": "years",
    "min_years": "max",
    "buffer": "max",
    "retirement_age": "int",
    "count": "int",
    "formation": "int",
    "left": "int",
    "staff": "int",
    "cap_count": "int",
    "cap_share": "percent",
    "filled": "int",
    "max_years": "max",
    "seconds": "max",
}

Number = Callable[[Any, str], str]


class Message(str):
    """Indonesian text that remembers the key and parameters it was written from."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, **params: Any) -> Message:
        self = super().__new__(cls, render(key, params))
        self.key = key
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled (a cache, another process) as its key and parameters, not as the text
        return (_rebuild, (self.key, self.params))

    def to_json(self) -> dict[str, Any]:
        return {
            "text": str(self),
            "key": self.key,
            "params": {name: _json(value) for name, value in self.params.items()},
        }


def _rebuild(key: str, params: dict[str, Any]) -> Message:
    return Message(key, **params)


def _json(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, list | tuple):
        return [_json(item) for item in value]
    return value


def render_one(
    item: Any, text: Callable[[str], str] = TEXT.__getitem__, number: Number = _id_number
) -> str:
    """One message (a ``Message``, its stored form, or plain text) in the language of ``text``."""
    if isinstance(item, Message):
        return render(item.key, item.params, text, number)
    if isinstance(item, dict) and item.get("key") in TEXT:
        return render(item["key"], item.get("params") or {}, text, number)
    if isinstance(item, dict):
        return str(item.get("text", ""))
    return str(item)


def render(
    key: str,
    params: Mapping[str, Any],
    text: Callable[[str], str] = TEXT.__getitem__,
    number: Number = _id_number,
) -> str:
    """``key`` with ``params`` in the language of ``text`` (a key -> template lookup); nested
    messages (a dict from ``Message.to_json`` or a ``Message``) are rendered the same way."""
    shown: dict[str, str] = {}
    for name, value in params.items():
        if isinstance(value, Message):
            shown[name] = render(value.key, value.params, text, number)
        elif isinstance(value, dict) and value.get("key") in TEXT:
            shown[name] = render(value["key"], value.get("params") or {}, text, number)
        elif isinstance(value, list | tuple):  # several messages, said as one list
            shown[name] = "; ".join(render_one(item, text, number) for item in value)
        else:
            shown[name] = number(value, PARAM_KINDS.get(name, "text"))
    return text(key) % shown
