"""The cycle's policy form: every setting of the planner's Policy with its label, source and
default, and the form's values back to Policy JSON (only what differs from the defaults)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mutasi import planner
from mutasi.people import codes
from mutasi.plans.reasons import message_text

# Label and source of each Policy setting shown on the cycle form (Indonesian).
POLICY_TEXT: dict[str, tuple[Any, Any]] = {
    "min_years_in_post": (
        gettext_lazy("Masa minimal dalam jabatan (tahun)"),
        gettext_lazy("PP 11/2017 Pasal 190; Peraturan BKN 5/2019 Pasal 2(3)"),
    ),
    "max_years_in_post": (
        gettext_lazy("Masa maksimal dalam jabatan (tahun)"),
        gettext_lazy("PP 11/2017 Pasal 190; Peraturan BKN 5/2019 Pasal 2(3)"),
    ),
    "enforce_must_move": (
        gettext_lazy("Wajib pindah setelah masa maksimal (bila ada jabatan yang sesuai)"),
        gettext_lazy("PP 11/2017 Pasal 190"),
    ),
    "retirement_buffer_years": (
        gettext_lazy("Tidak dipindah bila sisa masa kerja sampai BUP kurang dari (tahun)"),
        gettext_lazy("UU 20/2023 Pasal 55 (BUP); batas 1 tahun: kebijakan instansi"),
    ),
    "pppk_stay_in_unit": (
        gettext_lazy("PPPK tetap di unitnya"),
        gettext_lazy(
            "Bawaan yang perlu dikonfirmasi instansi: aturan mobilitas PPPK antarunit belum tegas"
        ),
    ),
    "unit_departure_cap": (
        gettext_lazy("Bagian pegawai unit yang boleh keluar dalam satu siklus (0–1)"),
        gettext_lazy("Kebijakan instansi (bawaan 25%)"),
    ),
    "protect_priority_sectors": (
        gettext_lazy("Unit sektor prioritas tidak boleh makin kurang dari formasinya"),
        gettext_lazy("Kebijakan instansi"),
    ),
    "forbid_spouse_head": (
        gettext_lazy("Larang penempatan di unit yang dipimpin suami/istri"),
        gettext_lazy("PP 11/2017 Pasal 190 (tidak ada konflik kepentingan)"),
    ),
    "interchangeable_families": (
        gettext_lazy(
            "Rumpun jabatan yang dapat saling menggantikan (kelompok dipisah ';', anggota ',')"
        ),
        gettext_lazy("Kebijakan instansi"),
    ),
    "priority_sectors": (
        gettext_lazy("Sektor prioritas (dipisah ';')"),
        gettext_lazy("Kebijakan instansi"),
    ),
    "sector_weights": (
        gettext_lazy("Bobot sektor (sektor=bobot, dipisah ';')"),
        gettext_lazy("Kebijakan instansi; sektor lain berbobot 1"),
    ),
    "unit_weights": (
        gettext_lazy("Bobot unit (kode_unit=bobot, dipisah ';')"),
        gettext_lazy("Kebijakan instansi; unit lain berbobot 1 (usulan dari evaluasi siklus lalu)"),
    ),
    "w_fit": (
        gettext_lazy("Bobot kesesuaian kompetensi"),
        gettext_lazy("Peraturan BKN 5/2019 Pasal 2(3)"),
    ),
    "w_shortage": (
        gettext_lazy("Bobot pemenuhan kekurangan formasi"),
        gettext_lazy("Kebijakan instansi"),
    ),
    "w_training_gap": (
        gettext_lazy("Bobot kebutuhan pelatihan per level kompetensi (0 = tidak dipakai)"),
        gettext_lazy("PermenPANRB 38/2017 (standar kompetensi jabatan)"),
    ),
    "w_preference": (
        gettext_lazy("Bobot preferensi pegawai"),
        gettext_lazy("PP 11/2017 Pasal 190 (atas permintaan)"),
    ),
    "w_career": (
        gettext_lazy("Bobot pengembangan karier (rotasi)"),
        gettext_lazy("PermenPANRB 3/2020 (9-box)"),
    ),
    "w_move": (gettext_lazy("Biaya setiap mutasi (gangguan)"), gettext_lazy("Bobot tujuan")),
    "w_distance_per_km": (gettext_lazy("Biaya jarak tempuh per km"), gettext_lazy("Bobot tujuan")),
    "w_worse_off": (
        gettext_lazy("Penalti memindahkan peserta ke pilihan di bawah 'tetap'"),
        gettext_lazy("Bobot tujuan"),
    ),
    "w_must_move": (
        gettext_lazy("Penalti bila wajib pindah tetapi tetap"),
        gettext_lazy("PP 11/2017 Pasal 190"),
    ),
    "default_distance_km": (
        gettext_lazy("Jarak bawaan antar-kecamatan (km)"),
        gettext_lazy("Perkiraan bila jarak tidak ada"),
    ),
    "long_in_family_years": (
        gettext_lazy("Dianggap terlalu lama di satu bidang setelah (tahun)"),
        gettext_lazy("Kebijakan instansi"),
    ),
    "rotation_boxes": (
        gettext_lazy("Kotak 9-box yang menyarankan rotasi (dipisah ';')"),
        gettext_lazy("PermenPANRB 3/2020"),
    ),
    "potential_cutoffs": (
        gettext_lazy("Batas potensi rendah; tinggi (0–100)"),
        gettext_lazy("PermenPANRB 3/2020 (pengaturan instansi)"),
    ),
    "priority_keys": (
        gettext_lazy(
            "Urutan prioritas mekanisme adil, dipisah ';' (kecocokan; masa jabatan; golongan; "
            "kinerja; usia)"
        ),
        gettext_lazy("Combe, Tercieux & Terrier (2022); kebijakan instansi"),
    ),
    "candidate_arcs": (
        gettext_lazy("Jumlah kandidat jabatan per pegawai"),
        gettext_lazy("Pengaturan pemecah"),
    ),
    "time_limit_seconds": (
        gettext_lazy("Batas waktu hitung (detik)"),
        gettext_lazy("Pengaturan pemecah"),
    ),
    "show_nine_box_to_employees": (
        gettext_lazy("Tampilkan kotak talenta (9-box) kepada pegawai di halaman profilnya"),
        gettext_lazy("PermenPANRB 3/2020; kebijakan instansi"),
    ),
    "gap_tolerance": (
        gettext_lazy("Toleransi celah optimalitas (0,001 = 0,1%)"),
        gettext_lazy("Pengaturan pemecah"),
    ),
}
# Set on the cycle itself, not on the policy form.
CYCLE_FIELDS = {"plan_date", "freeze_start", "freeze_end"}


# The fair mechanism's priority keys in words (the form shows and reads these; the planner's own
# key names are accepted too).
PRIORITY_WORDS: dict[str, Any] = {
    "fit": gettext_lazy("kecocokan"),
    "years_in_post": gettext_lazy("masa jabatan"),
    "golongan": gettext_lazy("golongan"),
    "performance": gettext_lazy("kinerja"),
    "age": gettext_lazy("usia"),
}


def _priority_key(word: str) -> str:
    """A priority typed in words (either language) or as the planner's key; PolicyError if none."""
    wanted = " ".join(word.lower().split())
    for key, text in PRIORITY_WORDS.items():
        if wanted in (key, str(text).lower()):
            return key
    with translation.override("id"):
        for key, text in PRIORITY_WORDS.items():
            if wanted == str(text).lower():
                return key
    choices = "; ".join(str(text) for text in PRIORITY_WORDS.values())
    raise planner.PolicyError(
        _("“%(word)s” bukan urutan yang dikenal; pilih dari: %(choices)s")
        % {"word": word.strip(), "choices": choices}
    )


def _field_type(name: str, default: Any) -> str:
    if name == "priority_keys":
        return "priorities"
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    if isinstance(default, Mapping):
        return "mapping"
    if name == "interchangeable_families":
        return "groups"
    return "list"


def _format_value(kind: str, value: Any) -> Any:
    if kind == "bool":
        return value
    if kind == "mapping":
        return "; ".join(f"{k}={v:g}" for k, v in value.items())
    if kind == "groups":
        return "; ".join(", ".join(g) for g in value)
    if kind == "list":
        return "; ".join(str(v) for v in value)
    if kind == "priorities":
        return "; ".join(str(PRIORITY_WORDS.get(v, v)) for v in value)
    return value


def policy_fields(current: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every Policy setting: name, type, label, source, default and the current value."""
    defaults = planner.Policy()
    try:
        chosen = planner.Policy.from_dict(
            {k: v for k, v in (current or {}).items() if k not in CYCLE_FIELDS}
        )
    except ValueError:
        chosen = defaults
    out = []
    for f in dataclasses.fields(planner.Policy):
        if f.name in CYCLE_FIELDS:
            continue
        default = getattr(defaults, f.name)
        kind = _field_type(f.name, default)
        label, source = POLICY_TEXT.get(f.name, (f.name, ""))
        shown_default = _format_value(kind, default)
        if kind == "bool":
            shown_default = _("ya") if default else _("tidak")
        out.append(
            {
                "name": f.name,
                "type": kind,
                "label": label,
                "source": source,
                "default": shown_default,
                "initial": _format_value(kind, getattr(chosen, f.name)),
                "changed": getattr(chosen, f.name) != default,
                "help": _("Bawaan: %(default)s. Sumber: %(source)s")
                % {"default": shown_default if shown_default != "" else "—", "source": source},
                "group": _field_group(f.name),
            }
        )
    return out


def _field_group(name: str) -> str:
    if name.startswith("w_") or name in ("default_distance_km", "long_in_family_years"):
        return "weights"
    if name in ("priority_sectors", "sector_weights", "unit_weights"):
        return "sectors"
    if name in ("candidate_arcs", "time_limit_seconds", "gap_tolerance", "priority_keys"):
        return "solver"
    if name in ("rotation_boxes", "potential_cutoffs"):
        return "weights"
    return "rules"


def _parse_value(kind: str, raw: Any) -> Any:
    """A form field's text as the Policy value it stands for; PolicyError (Indonesian) when it
    cannot be read."""
    if kind in ("bool", "int", "float"):
        return raw
    text = (raw or "").strip()
    if kind == "mapping":
        out: dict[str, float] = {}
        for part in text.split(";"):
            if not part.strip():
                continue
            key, sep, value = part.partition("=")
            if not sep:
                raise planner.PolicyError(
                    _("“%(part)s” bukan format sektor=bobot") % {"part": part.strip()}
                )
            out[key.strip()] = _number(value, _("bobot “%(v)s” bukan angka"))
        return out
    if kind == "groups":
        groups = codes.split_list(text)
        return [[m.strip() for m in group.split(",") if m.strip()] for group in groups]
    if kind == "priorities":
        return [_priority_key(word) for word in codes.split_list(text)]
    return codes.split_list(text)


def _number(text: Any, message: str, kind: type = float) -> Any:
    """``text`` as a number (a decimal comma is accepted); PolicyError with ``message`` if not."""
    try:
        return kind(str(text).replace(",", ".").strip())
    except ValueError:
        raise planner.PolicyError(message % {"v": str(text).strip()}) from None


def _setting_value(spec: dict[str, Any], raw: Any) -> Any:
    value = _parse_value(spec["type"], raw)
    if spec["name"] == "rotation_boxes":
        value = [_number(v, _("“%(v)s” bukan nomor kotak 1–9"), int) for v in value]
    if spec["name"] == "potential_cutoffs":
        if len(value) != 2:
            raise planner.PolicyError(_("isi dua angka: batas rendah; batas tinggi"))
        value = [_number(v, _("“%(v)s” bukan angka")) for v in value]
    return value


def policy_from_form(spec: list[dict[str, Any]], cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """Form values -> Policy JSON, keeping only the settings that differ from the defaults.
    Raises PolicyError (with the setting's name in ``key`` when it is one setting's fault)."""
    defaults = planner.Policy().to_dict()
    data: dict[str, Any] = {}
    for s in spec:
        raw = cleaned.get(s["name"])
        if raw is None and s["type"] != "bool":
            continue
        try:
            data[s["name"]] = _setting_value(s, raw if raw is not None else False)
        except planner.PolicyError as exc:
            raise planner.PolicyError(exc.message, key=s["name"]) from None
    policy = planner.Policy.from_dict(data)
    chosen = policy.to_dict()
    return {k: v for k, v in chosen.items() if k in data and v != defaults.get(k)}


def policy_form_errors(spec: list[dict[str, Any]], cleaned: Mapping[str, Any]) -> dict[str, str]:
    """Indonesian errors per field; a wrong value is named with the setting it belongs to."""
    errors: dict[str, str] = {}
    names = {s["name"] for s in spec}
    for s in spec:
        try:
            _setting_value(s, cleaned.get(s["name"]))
        except planner.PolicyError as exc:
            errors[s["name"]] = message_text(exc.message)
    if not errors:
        try:
            policy_from_form(spec, cleaned)
        except planner.PolicyError as exc:
            target = exc.key if exc.key in names else spec[0]["name"]
            errors[target] = message_text(exc.message)
    return errors
