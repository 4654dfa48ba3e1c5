"""The people app's own sheets: unit_kerja, jabatan, pegawai and riwayat_jabatan.

Each is a ``registry.SheetPlugin`` (its checks and its writes); ``PeopleConfig.ready()`` registers
them. They establish what the later stages' sheets refer to: the known unit and position codes and
NIPs while validating, and the ids of positions and employees while applying.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from . import codes, nip
from .models import Competency, Employee, Position, PositionHistory, Unit
from .registry import (
    BATCH_SIZE,
    ImportContext,
    Record,
    SheetCounts,
    SheetPlugin,
    stored_rows,
    upsert,
)
from .workbook import (
    JABATAN,
    PEGAWAI,
    PNS_GOLONGAN_CODES,
    RIWAYAT_JABATAN,
    UNIT_KERJA,
    unknown_nip,
    unknown_position,
    unknown_unit,
)

# --- unit_kerja ---------------------------------------------------------------------------------


def validate_units(context: ImportContext, records: list[Record]) -> None:
    """Every kode_induk is known, and following parents never comes back to the start."""
    parent_of = {
        code: parent or ""
        for code, parent in Unit.objects.values_list("code", "parent__code").iterator()
    }
    row_of: dict[str, int] = {}
    for rec in records:
        code, parent = rec.values["kode_unit"], rec.values["kode_induk"]
        if code:
            row_of.setdefault(code, rec.row)
            parent_of[code] = parent or ""
    for rec in records:
        parent = rec.values["kode_induk"]
        if parent and parent not in parent_of:
            context.error(UNIT_KERJA, rec.row, "kode_induk", parent, unknown_unit())
    reported: set[str] = set()
    for rec in records:
        start = rec.values["kode_unit"]
        if not start or start in reported:
            continue
        path = [start]
        seen = {start}
        code = parent_of.get(start, "")
        while code and code in parent_of:
            if code in seen:
                cycle = path[path.index(code) :] + [code]
                reported.update(cycle)
                context.error(
                    UNIT_KERJA,
                    row_of.get(cycle[0], rec.row),
                    "kode_induk",
                    parent_of[cycle[0]],
                    _("unit induk membentuk siklus: %(cycle)s") % {"cycle": " → ".join(cycle)},
                )
                break
            seen.add(code)
            path.append(code)
            code = parent_of.get(code, "")
    context.known_units = set(parent_of)


UNIT_FIELDS = ["name", "parent_id", "sector", "kecamatan"]


def _unit_depths(unit_rows: list[Record]) -> dict[str, int]:
    """Each unit's depth among the file's units (parents first: a parent may be new too)."""
    file_parent = {r.values["kode_unit"]: r.values["kode_induk"] for r in unit_rows}
    depth: dict[str, int] = {}
    for start in file_parent:
        chain = []
        code = start
        while code in file_parent and code not in depth:
            chain.append(code)
            code = file_parent[code]
        base = depth.get(code, -1)
        for offset, link in enumerate(reversed(chain), start=1):
            depth[link] = base + offset
    return depth


def apply_units(context: ImportContext, records: list[Record]) -> SheetCounts:
    """Units, parents before children: one layer at a time."""
    depth = _unit_depths(records)
    stored_units = stored_rows(Unit.objects.all(), ("code",), UNIT_FIELDS)
    unit_ids = {code: pk for code, (pk, _) in stored_units.items()}
    counts = SheetCounts()
    for layer in sorted(set(depth.values())):
        layer_counts = upsert(
            Unit,
            stored_units,
            UNIT_FIELDS,
            (
                (
                    v["kode_unit"],
                    (
                        v["nama_unit"],
                        unit_ids[v["kode_induk"]] if v["kode_induk"] else None,
                        v["sektor"],
                        v["kecamatan"],
                    ),
                )
                for v in (r.values for r in records)
                if depth[v["kode_unit"]] == layer
            ),
            lambda code, values: Unit(code=code, **values),
        )
        unit_ids = dict(Unit.objects.values_list("code", "id"))
        counts.new += layer_counts.new
        counts.updated += layer_counts.updated
        counts.unchanged += layer_counts.unchanged
    context.extra["unit_ids"] = unit_ids
    return counts


# --- jabatan ------------------------------------------------------------------------------------


def validate_positions(context: ImportContext, records: list[Record]) -> None:
    stored_ranges = {
        code: (low, high)
        for code, low, high in Position.objects.values_list("code", "gol_min", "gol_max")
    }
    file_positions: dict[str, Record] = {}
    for rec in records:
        v = rec.values
        file_positions.setdefault(v["kode_jabatan"], rec)
        if v["kode_unit"] and v["kode_unit"] not in context.known_units:
            context.error(JABATAN, rec.row, "kode_unit", v["kode_unit"], unknown_unit())
        low, high = v["gol_min"], v["gol_max"]
        if low and high and codes.golongan_rank(low) > codes.golongan_rank(high):
            context.error(
                JABATAN,
                rec.row,
                "gol_max",
                high,
                _("gol_max lebih rendah dari gol_min %(min)s") % {"min": low},
            )
    context.known_positions = file_positions.keys() | stored_ranges.keys()
    ranges = dict(stored_ranges)
    for code, rec in file_positions.items():
        ranges[code] = (rec.values["gol_min"] or "", rec.values["gol_max"] or "")
    context.extra["golongan_ranges"] = ranges


POSITION_FIELDS = [
    "unit_id", "name", "kind", "job_family", "gol_min", "gol_max", "education_min", "majors",
    "certificate", "competencies", "formation",
]  # fmt: skip


def apply_positions(context: ImportContext, records: list[Record]) -> SheetCounts:
    unit_ids = context.extra["unit_ids"]
    counts = upsert(
        Position,
        stored_rows(Position.objects.all(), ("code",), POSITION_FIELDS),
        POSITION_FIELDS,
        (
            (
                v["kode_jabatan"],
                (
                    unit_ids[v["kode_unit"]],
                    v["nama_jabatan"],
                    v["jenis_jabatan"],
                    v["rumpun"],
                    v["gol_min"],
                    v["gol_max"],
                    v["pendidikan_min"],
                    v["jurusan"],
                    v["sertifikasi"],
                    v["kompetensi"],
                    v["kebutuhan"],
                ),
            )  # fmt: skip
            for v in (r.values for r in records)
        ),
        lambda code, values: Position(code=code, **values),
    )
    by_code = {
        code: (pk, name, family)
        for pk, code, name, family in Position.objects.values_list(
            "id", "code", "name", "job_family"
        )
    }
    context.extra["position_by_code"] = by_code
    context.position_ids = {code: pk for code, (pk, _, _) in by_code.items()}
    return counts


# --- pegawai ------------------------------------------------------------------------------------


def validate_employees(context: ImportContext, records: list[Record]) -> None:
    out_of_range = _("golongan %(g)s di luar rentang jabatan %(code)s (%(low)s–%(high)s)")
    ranges: dict[str, tuple[str, str]] = context.extra["golongan_ranges"]
    file_nips = set()
    for rec in records:
        file_nips.add(rec.values["nip"])
        _check_employee(context, rec, ranges, out_of_range)
    context.known_nips = file_nips | context.employee_ids_before.keys()


def _check_employee(
    context: ImportContext, rec: Record, ranges: dict[str, tuple[str, str]], out_of_range: str
) -> None:
    v = rec.values
    row = rec.row
    if v["nip"] and (v["tanggal_lahir"] or v["jenis_kelamin"] or v["jenis_pegawai"]):
        for problem in nip.nip_problems(
            v["nip"],
            kind=v["jenis_pegawai"] or None,
            birth_date=v["tanggal_lahir"],
            gender=v["jenis_kelamin"] or None,
        ):
            context.error(PEGAWAI, row, "nip", v["nip"], problem)
    golongan, kind = v["golongan"], v["jenis_pegawai"]
    if golongan and kind:
        is_pns_code = golongan in PNS_GOLONGAN_CODES
        if kind == "PNS" and not is_pns_code:
            context.error(PEGAWAI, row, "golongan", golongan, _("bukan golongan PNS (I/a … IV/e)"))
            golongan = ""
        elif kind == "PPPK" and is_pns_code:
            context.error(PEGAWAI, row, "golongan", golongan, _("bukan golongan PPPK (I … XVII)"))
            golongan = ""
    code = v["kode_jabatan"]
    if code and code not in context.known_positions:
        context.error(PEGAWAI, row, "kode_jabatan", code, unknown_position())
    elif code and golongan:
        low, high = ranges[code]
        rank = codes.golongan_rank(golongan)
        if (low and rank < codes.golongan_rank(low)) or (high and rank > codes.golongan_rank(high)):
            context.warn(
                PEGAWAI,
                row,
                "golongan",
                golongan,
                out_of_range
                % {"g": golongan, "code": code, "low": low or "…", "high": high or "…"},
            )
    if v["nip_pasangan"] and v["nip_pasangan"] == v["nip"]:
        context.error(
            PEGAWAI,
            row,
            "nip_pasangan",
            v["nip_pasangan"],
            _("NIP pasangan sama dengan NIP pegawai sendiri"),
        )


EMPLOYEE_FIELDS = [
    "name", "birth_date", "gender", "employee_type", "golongan", "education", "major",
    "position_id", "position_start", "home_kecamatan", "performance", "potential",
    "competencies", "certificates", "spouse_nip",
]  # fmt: skip


def apply_employees(context: ImportContext, records: list[Record]) -> SheetCounts:
    position_ids = context.position_ids
    counts = upsert(
        Employee,
        stored_rows(Employee.objects.all(), ("nip",), EMPLOYEE_FIELDS) if records else {},
        EMPLOYEE_FIELDS,
        (
            (
                v["nip"],
                (
                    v["nama"],
                    v["tanggal_lahir"],
                    v["jenis_kelamin"],
                    v["jenis_pegawai"],
                    v["golongan"],
                    v["pendidikan"],
                    v["jurusan"],
                    position_ids[v["kode_jabatan"]],
                    v["tmt_jabatan"],
                    v["kecamatan_domisili"],
                    v["predikat_kinerja"],
                    v["nilai_potensi"],
                    v["kompetensi"],
                    v["sertifikasi"],
                    v["nip_pasangan"],
                ),
            )  # fmt: skip
            for v in (r.values for r in records)
        ),
        lambda nip_, values: Employee(nip=nip_, **values),
    )
    context.employee_ids = (
        dict(Employee.objects.values_list("nip", "id"))
        if records
        else dict(context.employee_ids_before)
    )
    _add_competencies(context, records)
    return counts


def _add_competencies(context: ImportContext, employees: list[Record]) -> None:
    """Competencies named on posts and people become reference rows."""
    names = {n for r in context.records.get("jabatan", []) for n in r.values["kompetensi"]}
    names.update(n for r in employees for n in r.values["kompetensi"])
    known = set(Competency.objects.values_list("name", flat=True))
    fresh = [Competency(name=n) for n in sorted(names - known)]
    Competency.objects.bulk_create(fresh, batch_size=BATCH_SIZE)
    context.report.new_competencies = len(fresh)


# --- riwayat_jabatan ----------------------------------------------------------------------------


def validate_history(context: ImportContext, records: list[Record]) -> None:
    for rec in records:
        v = rec.values
        if v["nip"] and v["nip"] not in context.known_nips:
            context.error(RIWAYAT_JABATAN, rec.row, "nip", v["nip"], unknown_nip())
        code = v["kode_jabatan"]
        if code and code not in context.known_positions:
            context.error(RIWAYAT_JABATAN, rec.row, "kode_jabatan", code, unknown_position())
        if not code and not v["nama_jabatan"] and rec.ok:
            context.error(
                RIWAYAT_JABATAN,
                rec.row,
                "nama_jabatan",
                "",
                _("isi kode_jabatan atau nama_jabatan"),
            )
        if v["tmt_mulai"] and v["tmt_selesai"] and v["tmt_selesai"] < v["tmt_mulai"]:
            context.error(
                RIWAYAT_JABATAN,
                rec.row,
                "tmt_selesai",
                v["tmt_selesai"],
                _("tmt_selesai sebelum tmt_mulai %(d)s") % {"d": v["tmt_mulai"].isoformat()},
            )


HISTORY_FIELDS = ["position_id", "position_name", "job_family", "end"]


def apply_history(context: ImportContext, records: list[Record]) -> SheetCounts:
    """Position history, by (employee, start). A post named by code lends its name and family."""
    position_by_code = context.extra["position_by_code"]
    employee_ids = context.employee_ids

    def history_values(v: dict[str, Any]) -> tuple[Any, ...]:
        pk, name, family = position_by_code.get(v["kode_jabatan"], (None, "", ""))
        return (pk, v["nama_jabatan"] or name, v["rumpun"] or family, v["tmt_selesai"])

    return upsert(
        PositionHistory,
        stored_rows(PositionHistory.objects.all(), ("employee_id", "start"), HISTORY_FIELDS)
        if records
        else {},
        HISTORY_FIELDS,
        (
            ((employee_ids[v["nip"]], v["tmt_mulai"]), history_values(v))
            for v in (r.values for r in records)
        ),
        lambda key, values: PositionHistory(employee_id=key[0], start=key[1], **values),
    )


PLUGINS = (
    SheetPlugin(UNIT_KERJA, validate_units, apply_units),
    SheetPlugin(JABATAN, validate_positions, apply_positions, after=("unit_kerja",)),
    SheetPlugin(PEGAWAI, validate_employees, apply_employees, after=("jabatan",)),
    SheetPlugin(RIWAYAT_JABATAN, validate_history, apply_history, after=("pegawai",)),
)
